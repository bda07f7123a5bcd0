import { describe, expect, it } from 'vitest';
import { formatDateTime, formatSeconds, formatTimeCell, formatTimeOfDay } from '../../src-renderer/model/time-format';

// 2019-07-23 16:40:12.084262 UTC, as a capture records it (seconds with microseconds)
const t = 1563900012.084262;

describe('the Time column', () => {
  it('shows absolute times as the UTC time of day with microseconds, the date in the tooltip', () => {
    expect(formatTimeOfDay(t)).toBe('16:40:12.084262');
    expect(formatDateTime(t)).toBe('2019-07-23 16:40:12.084262 UTC');
  });

  it('carries a rounded-up microsecond into the next second', () => {
    expect(formatTimeOfDay(1563900012 + 0.9999996)).toBe('16:40:13.000000');
  });

  it('shows relative times as seconds since the capture`s first message, as inspect prints them', () => {
    expect(formatTimeCell('relative', t, t - 0.030044, undefined)).toBe('0.030044');
    expect(formatTimeCell('relative', t, null, undefined)).toBe('');
  });

  it('shows delta times since the row above, nothing for the first row', () => {
    expect(formatTimeCell('delta', t, null, t - 1.5)).toBe('1.500000');
    expect(formatTimeCell('delta', t, null, undefined)).toBe('');
    expect(formatTimeCell('absolute', t, null, undefined)).toBe('16:40:12.084262');
  });

  it('keeps the sign of a negative difference (a sorted view puts later rows above)', () => {
    expect(formatSeconds(-0.25)).toBe('-0.250000');
    expect(formatSeconds(12)).toBe('12.000000');
  });
});
