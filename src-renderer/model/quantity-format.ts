/** `0.629 ms`, `30.04 ms`, `1.208 s`: three significant digits or so, as a response time reads best. */
export function formatLatency(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 100 ? 2 : 1)} ms`;
  return `${(ms / 1000).toFixed(3)} s`;
}

/** `512 B`, `37.7 kB`, `1.20 MB` (powers of 1000, as file managers show sizes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** `1,234,567`: counts with thousands separators (fixed to `,`, so tests and screenshots agree everywhere). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
