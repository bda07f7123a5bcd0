/** How many applied filters the filter bar remembers. */
export const RECENT_FILTERS_KEPT = 20;
const STORAGE_KEY = 'peerscope.recentFilters';

/** The list with `filter` moved (or added) to the front; empty filters are not remembered. */
export function rememberFilter(list: readonly string[], filter: string, kept = RECENT_FILTERS_KEPT): string[] {
  const text = filter.trim();
  if (!text) return [...list];
  return [text, ...list.filter((f) => f !== text)].slice(0, kept);
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function loadRecentFilters(storage: KeyValueStorage): string[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

export function saveRecentFilters(storage: KeyValueStorage, list: readonly string[]): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch {
    // storage full or disabled: the list lives on for this session only
  }
}
