import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../decoders/core/message';
import { compileFilter } from '../../../src-main/analysis/filter';
import { RECORDS } from './records';

/** A capture's worth of records: the fixtures repeated with their own index and frame, as the UI's list holds them. */
const CAPTURE: MessageRecord[] = Array.from({ length: 200_000 }, (_, i) => {
  const base = RECORDS[i % RECORDS.length]!;
  return { ...base, index: i, frame: i + 1 };
});

/** Records per second over a few passes, after one warm-up pass so the JIT has compiled the closures. */
function recordsPerSecond(source: string): { rate: number; kept: number } {
  const filter = compileFilter(source);
  let kept = 0;
  for (const record of CAPTURE) if (filter.test(record)) kept++;
  const passes = 5;
  const started = performance.now();
  for (let pass = 0; pass < passes; pass++) for (const record of CAPTURE) filter.test(record);
  const seconds = (performance.now() - started) / 1000;
  return { rate: (passes * CAPTURE.length) / seconds, kept };
}

describe('filter throughput', () => {
  // A generous floor that a loaded CI machine still clears; the target for simple filters is well over 1 M/s.
  const FLOOR = 200_000;

  it.each([
    'frame > 100000 && pair == unanswered',
    'protocol == hobbits',
    'hobbits.header.id == 2',
    'hobbits.body.headers.slot > 5',
    'eth2rpc.hello.body.network_id == 2',
    'ip.addr == 10.0.0.0/8 && tcp.port == 9001',
    'note.severity == error || message matches "^get_"',
  ])('runs %s at more than 200k records per second', (source) => {
    const { rate, kept } = recordsPerSecond(source);
    console.info(`${source}: ${(rate / 1e6).toFixed(1)} M records/s (${kept} kept)`);
    expect(kept).toBeGreaterThan(0);
    expect(rate).toBeGreaterThan(FLOOR);
  });
});
