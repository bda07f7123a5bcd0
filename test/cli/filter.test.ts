/**
 * `inspect --filter` narrows the listing to the messages a filter selects: each filter's count is worked out from
 * the unfiltered `--json` lines by hand. A bad filter exits 2 with a caret under the problem.
 */
import { beforeAll, describe, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import { SAMPLES, type SampleFiles } from '../../samples/recording/sample-list';
import { sampleRecords } from '../samples/analyzed-sample';
import { decodedValue } from '../samples/manifest-match';
import { jsonLines, runCli, runCliOk } from './run-cli';

interface FilterCase {
  filter: string;
  /** The same selection written against the JSON lines. */
  selects: (line: MessageRecord) => boolean;
}

const value = (line: MessageRecord, path: string) => decodedValue(line.fields, path);
const numberAt = (line: MessageRecord, path: string) => Number(value(line, path) ?? NaN);
const list = (line: MessageRecord, path: string): Record<string, unknown>[] => {
  let at: unknown = line.fields;
  for (const key of path.split('.')) at = (at as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(at) ? (at as Record<string, unknown>[]) : [];
};

/** The hash of the block the sample's node gossips (content from the seeded generator, the same every recording). */
const GOSSIP_HASH = '0x1799ace2aae0dfbaa5141141a98800a9ff6b7f11f0be0f05e28afced00cdec23';
const equalJson = (parent: unknown, key: string, expected: unknown) =>
  JSON.stringify((parent as Record<string, unknown> | undefined)?.[key]) === JSON.stringify(expected);

const CASES: Record<SampleFiles['name'], FilterCase[]> = {
  hobbits: [
    { filter: 'hobbits.header.id == 1', selects: (l) => value(l, 'header.id') === '1' },
    { filter: 'message == GOSSIP && tcp.stream == 2', selects: (l) => l.message === 'GOSSIP' && l.stream === 'tcp:2' },
    {
      filter: 'hobbits.body.body.bodies.slot > 8205',
      selects: (l) => list(l, 'body.body.bodies').some((b) => Number(b.slot) > 8205),
    },
    {
      // The spec dialect writes this hash as BSON text ({"$string": "0x…"}), the others as bytes: both compare.
      filter: `hobbits.header.hash == "${GOSSIP_HASH}"`,
      selects: (l) => [GOSSIP_HASH, { $string: GOSSIP_HASH }].some((v) => equalJson(l.fields.header, 'hash', v)),
    },
    {
      filter: 'hobbits.header.hash contains "1799ace2"',
      selects: (l) => JSON.stringify(l.fields.header ?? null).includes('"hash":{"$string":"0x1799ace2'),
    },
    {
      filter: 'note.severity == error || !(pair == matched)',
      selects: (l) => l.notes.some((n) => n.severity === 'error') || l.pair?.status !== 'matched',
    },
  ],
  eth2rpc: [
    {
      filter: 'eth2rpc.hello.body.network_id == 2',
      selects: (l) => l.message === 'hello' && numberAt(l, 'body.network_id') === 2,
    },
    { filter: 'eth2rpc.response_code == 30', selects: (l) => value(l, 'response_code') === '30' },
    {
      filter: 'message matches "^beacon_block_(headers|bodies)$" && pair.latency > 10',
      selects: (l) => /^beacon_block_(headers|bodies)$/.test(l.message) && (l.pair?.latencyMs ?? 0) > 10,
    },
  ],
};

describe.each(SAMPLES)('inspect $name --filter', (sample) => {
  let lines: MessageRecord[];
  beforeAll(async () => {
    lines = await sampleRecords(sample.capture);
  });

  // Each case is one CLI run: they run side by side.
  it.concurrent.for(CASES[sample.name])(
    '$filter selects the messages it names',
    async ({ filter, selects }, { expect }) => {
      const expected = lines.filter(selects);
      // A filter that selects everything or nothing would not show that it narrows.
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(lines.length);
      const { stdout } = await runCliOk(['inspect', sample.capture, '--json', '--filter', filter]);
      expect(jsonLines<MessageRecord>(stdout).map((l) => l.index)).toEqual(expected.map((l) => l.index));
    },
  );
});

describe('a bad filter', () => {
  const capture = SAMPLES[0]!.capture;

  it.concurrent.for([
    { filter: 'message ==', at: 'message =='.length, width: 1, reason: /expected a value after '=='/ },
    {
      filter: 'hobbits.nosuch == 1 && pair',
      at: 0,
      width: 'hobbits.nosuch'.length,
      reason: /unknown field 'hobbits.nosuch'/,
    },
  ])('"$filter" exits 2 and points at the problem', async ({ filter, at, width, reason }, { expect }) => {
    const { code, stdout, stderr } = await runCli(['inspect', capture, '--filter', filter]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const [message, echoed, caret] = stderr.trimEnd().split('\n');
    expect(message).toMatch(/^peerscope: bad filter: /);
    expect(message).toMatch(reason);
    expect(echoed).toBe(`  ${filter}`);
    expect(caret).toBe(`  ${' '.repeat(at)}${'^'.repeat(width)}`);
  });
});
