import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FilterCompletion, FilterProblem } from '../../src-main/api/peerscope-api';
import { CompletionList, RecentList } from './filter-dropdowns';
import { ProblemMessage, ProblemMirror } from './filter-problem';
import { applyCompletion } from '../model/filter-completion';
import { formatCount } from '../model/quantity-format';
import { loadRecentFilters, rememberFilter, saveRecentFilters } from '../model/recent-filters';
import { useStore } from '../state/store';
import { useWorkbench } from './workbench-context';

const CHECK_DELAY_MS = 150;

/** The display filter: checked as typed (problem underlined), field names completed, applied on Enter. */
export function FilterBar() {
  const { api, capture, viewActions } = useWorkbench();
  const applied = useStore(capture, (s) => s.spec.filter);
  const view = useStore(capture, (s) => s.view);
  const count = useStore(capture, (s) => s.count);
  const total = useStore(capture, (s) => s.total);
  const [text, setText] = useState(applied);
  const [problem, setProblem] = useState<FilterProblem | null>(null);
  const [completion, setCompletion] = useState<(FilterCompletion & { active: number }) | null>(null);
  const [recent, setRecent] = useState(() => loadRecentFilters(localStorage));
  const [recentOpen, setRecentOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const mirror = useRef<HTMLDivElement>(null);
  const checkSeq = useRef(0);
  const completeSeq = useRef(0);

  useEffect(() => setText(applied), [applied]);

  useEffect(() => {
    const seq = ++checkSeq.current;
    if (!text.trim()) {
      setProblem(null);
      return;
    }
    const timer = setTimeout(() => {
      void api.checkFilter(text).then((p) => seq === checkSeq.current && setProblem(p));
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, text]);

  const complete = async (value: string, cursor: number) => {
    const seq = ++completeSeq.current;
    const result = await api.completeFilter(value, cursor);
    if (seq !== completeSeq.current) return; // typing went on: a newer answer is coming
    const typed = value.slice(result.from, result.to);
    const useful = result.options.filter((o) => o !== typed);
    setCompletion(useful.length > 0 ? { ...result, options: useful.slice(0, 50), active: 0 } : null);
  };

  const apply = async (filter: string) => {
    completeSeq.current++;
    setCompletion(null);
    setRecentOpen(false);
    const result = await viewActions.applyFilter(filter);
    if ('position' in result) {
      setProblem(result);
      return;
    }
    setProblem(null);
    const list = rememberFilter(recent, filter);
    setRecent(list);
    saveRecentFilters(localStorage, list);
  };

  const accept = (option: string) => {
    if (!completion) return;
    const next = applyCompletion(text, completion, option);
    setText(next.text);
    setCompletion(null);
    requestAnimationFrame(() => {
      input.current?.setSelectionRange(next.cursor, next.cursor);
      void complete(next.text, next.cursor);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const options = completion?.options ?? [];
    if (completion && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setCompletion({ ...completion, active: (completion.active + step + options.length) % options.length });
    } else if (completion && event.key === 'Tab') {
      accept(options[completion.active]!);
    } else if (event.key === 'Enter') {
      void apply(text);
    } else if (event.key === 'Escape') {
      if (completion || recentOpen) {
        setCompletion(null);
        setRecentOpen(false);
      } else setText(applied);
    } else if (event.key === ' ' && event.ctrlKey) {
      void complete(text, input.current?.selectionStart ?? text.length);
    } else return;
    event.preventDefault();
  };

  const state = !text.trim() ? 'empty' : problem ? 'invalid' : 'valid';
  return (
    <div className="filter-bar">
      <div className={`filter-field filter-${state}`}>
        <div ref={mirror} className="filter-mirror mono" aria-hidden="true">
          {problem && <ProblemMirror text={text} problem={problem} />}
        </div>
        <input
          ref={input}
          className="filter-input mono"
          aria-label="Display filter"
          aria-invalid={state === 'invalid'}
          placeholder="Apply a display filter … (e.g. hobbits.header.id == 5 || pair == unanswered)   Ctrl+Space completes"
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            void complete(e.target.value, e.target.selectionStart ?? e.target.value.length);
          }}
          onScroll={(e) => mirror.current && (mirror.current.scrollLeft = e.currentTarget.scrollLeft)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setCompletion(null), 150)}
        />
        {completion && <CompletionList completion={completion} onPick={accept} />}
        {recentOpen && <RecentList recent={recent} onPick={(f) => void apply(f)} />}
      </div>
      <button title="Recent filters" aria-label="Recent filters" onClick={() => setRecentOpen(!recentOpen)}>
        ▾
      </button>
      <button
        title="Clear the filter"
        aria-label="Clear filter"
        onClick={() => void apply('')}
        disabled={!applied && !text}
      >
        ✕
      </button>
      <button className="primary" onClick={() => void apply(text)}>
        Apply
      </button>
      <span className="filter-result muted" data-testid="filter-result">
        {`${formatCount(count)} of ${formatCount(total)}`}
        {view && ` · ${view.elapsedMs.toFixed(1)} ms`}
      </span>
      {problem && <ProblemMessage text={text} problem={problem} />}
    </div>
  );
}
