import type { FilterProblem } from '../../src-main/api/peerscope-api';
import { splitAtProblem } from '../model/filter-completion';

/** The filter text again, transparent, with the problem underlined: laid under the input. */
export function ProblemMirror({ text, problem }: { text: string; problem: FilterProblem }) {
  const parts = splitAtProblem(text, problem.position, problem.length);
  return (
    <>
      <span>{parts.before}</span>
      <span className="filter-problem-span">{parts.problem}</span>
      <span>{parts.after}</span>
    </>
  );
}

/** The problem in words, with a caret line under the filter as the CLI prints it. */
export function ProblemMessage({ text, problem }: { text: string; problem: FilterProblem }) {
  const caret = ' '.repeat(Math.min(problem.position, text.length)) + '^'.repeat(Math.max(1, problem.length));
  return (
    <div className="filter-problem" role="alert" data-testid="filter-problem">
      <pre className="filter-caret mono">{caret}</pre>
      <span>
        {problem.message}
        {problem.suggestion && (
          <>
            {' '}
            — did you mean <code>{problem.suggestion}</code>?
          </>
        )}
      </span>
    </div>
  );
}
