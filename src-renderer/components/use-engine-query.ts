import { useEffect, useState } from 'react';
import { errorText } from '../api/api-transport';

export interface QueryState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * Asks the engine when `deps` change and keeps the last answer while the next is on its way; answers to older
 * asks are dropped. `ask` returning null means "nothing to ask" (no capture).
 */
export function useEngineQuery<T>(ask: () => Promise<T> | null, deps: readonly unknown[]): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ data: null, error: null, loading: false });
  useEffect(() => {
    let current = true;
    const pending = ask();
    if (!pending) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    pending.then(
      (data) => current && setState({ data, error: null, loading: false }),
      (e: unknown) => current && setState((s) => ({ data: s.data, error: errorText(e), loading: false })),
    );
    return () => {
      current = false;
    };
  }, deps);
  return state;
}
