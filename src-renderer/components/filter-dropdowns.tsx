import type { FilterCompletion } from '../../src-main/api/peerscope-api';

/** Completions at the caret; the active one is taken with Tab or a click. */
export function CompletionList({
  completion,
  onPick,
}: {
  completion: FilterCompletion & { active: number };
  onPick(o: string): void;
}) {
  return (
    <ul className="dropdown completion-list" role="listbox" aria-label="Completions">
      {completion.options.map((option, i) => (
        <li
          key={option}
          role="option"
          aria-selected={i === completion.active}
          className={i === completion.active ? 'active mono' : 'mono'}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(option);
          }}
        >
          {option}
        </li>
      ))}
    </ul>
  );
}

/** The filters applied before, newest first. */
export function RecentList({ recent, onPick }: { recent: readonly string[]; onPick(f: string): void }) {
  return (
    <ul className="dropdown recent-list" role="listbox" aria-label="Recent filters">
      {recent.length === 0 && <li className="muted">No recent filters</li>}
      {recent.map((filter) => (
        <li key={filter} role="option" className="mono" onMouseDown={() => onPick(filter)}>
          {filter}
        </li>
      ))}
    </ul>
  );
}
