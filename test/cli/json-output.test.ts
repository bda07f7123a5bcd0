/** `inspect --json` (from a file and from standard input) and the plain listing of the samples, through the built CLI. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_RECORD_KEYS, type MessageRecord } from '../../decoders/core/message';
import { SAMPLES } from '../../samples/recording/sample-list';
import { analyzeSample } from '../samples/analyzed-sample';
import { jsonLines, runCliOk } from './run-cli';

const KEYS = [
  'index',
  'frame',
  'time',
  'stream',
  'src',
  'dst',
  'protocol',
  'message',
  'code',
  'requestId',
  'pair',
  'fields',
  'notes',
];

describe.each(SAMPLES)('inspect $name', (sample) => {
  let stdout: string;
  let lines: MessageRecord[];
  beforeAll(async () => {
    stdout = (await runCliOk(['inspect', sample.capture, '--json'])).stdout;
    lines = jsonLines<MessageRecord>(stdout);
  });

  it('--json prints one object per message with exactly the documented keys, in order', () => {
    expect(MESSAGE_RECORD_KEYS).toEqual(KEYS);
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(Object.keys(line)).toEqual(KEYS);
  });

  it('--json values have the documented types', () => {
    lines.forEach((line, i) => {
      expect(line.index).toBe(i);
      expect(Number.isInteger(line.frame) && line.frame >= 1).toBe(true);
      expect(line.time).toBeGreaterThan(1_500_000_000);
      expect(line.stream).toMatch(/^tcp:\d+$/);
      expect(line.src).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(line.dst).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(line.protocol).toBe(sample.name);
      expect(typeof line.message).toBe('string');
      expect(line.code === null || Number.isInteger(line.code)).toBe(true);
      expect(line.requestId === null || /^\d+$/.test(line.requestId)).toBe(true);
      if (line.pair !== null) expect(Object.keys(line.pair)).toEqual(['status', 'index', 'latencyMs']);
      expect(typeof line.fields === 'object' && !Array.isArray(line.fields)).toBe(true);
      for (const n of line.notes) expect(Object.keys(n)).toEqual(['severity', 'kind', 'text', 'field']);
    });
  });

  it('--json prints what the engine decodes, with the final pairing', async () => {
    const { messages } = await analyzeSample(sample.capture);
    expect(stdout).toBe(messages.map((m) => `${JSON.stringify(m.record)}\n`).join(''));
  });

  it('reads the capture from standard input with -, as tcpdump -w - | peerscope inspect - feeds it', async () => {
    const fromStdin = await runCliOk(['inspect', '-', '--json'], { stdin: readFileSync(sample.capture) });
    expect(fromStdin.stdout).toBe(stdout);
    expect(fromStdin.stderr).toBe('');
  });

  it('without --json prints one line per message: number, relative time, endpoints, protocol, message, Info', async () => {
    const { stdout: text, stderr } = await runCliOk(['inspect', sample.capture]);
    const rows = text.split('\n').filter((l) => l.length > 0);
    expect(rows.length).toBe(lines.length);
    rows.forEach((row, i) => {
      const line = lines[i]!;
      const seconds = (line.time - lines[0]!.time).toFixed(6);
      expect(
        row.startsWith(
          `${String(i).padStart(6)} ${seconds.padStart(11)} ${line.src} → ${line.dst} ${line.protocol} ${line.message}`,
        ),
      ).toBe(true);
      // The Info column is the app's (the message list shows the same text): the first field and its value.
      const [name, value] = Object.entries(line.fields).find(
        ([key]) => !['framing', 'version', 'protocol'].includes(key),
      )!;
      if (typeof value === 'number') expect(row).toContain(`  ${name}=${value}`);
    });
    expect(stderr).toBe('');
  });
});
