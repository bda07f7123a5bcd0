/**
 * Views over the columns: every filter selects the records the compiled filter selects from the CLI's records
 * (message-level names from the columns, protocol fields from the field store or, where it kept a value only in
 * part, from the decoded message), sorts order by their column, and rowOf finds a message's row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import type { ColumnKey, MessageRow } from '../../src-main/api/peerscope-api';
import { compileFilter, filterFieldNames } from '../../src-main/analysis/filter';
import { defaultRegistry } from '../../src-main/engine/protocols';
import { cliRecords, openLoaded, SAMPLE_RUNS, startService } from './support/service-harness';

const FILTERS = [
  'hobbits',
  'pair == unanswered',
  'pair == matched && pair.latency > 50',
  'note',
  'note.kind == "decode.truncated" || note.severity == error',
  'tcp.stream == 1',
  'message matches "^GET" || message matches "^beacon"',
  'requestId == "1"',
  'frame > 20 && frame < 60',
  'src == "127.0.0.1:34915"',
  'ip.addr == 127.0.0.0/8 && !(udp)',
  'hobbits.header.id == 5',
  'hobbits.hello',
  'hobbits.body.body.best_slot >= 8206',
  'hobbits.header.id == 1 && pair == matched',
  'hobbits.header.message_hash',
  'eth2rpc.hello.body.network_id == 2',
  'eth2rpc.result.headers.slot > 2566',
  'eth2rpc.result.headers.0.slot == 2565',
  'eth2rpc.result.headers.signature contains 0x00',
  'eth2rpc.result.block_bodies.deposits.data.amount == 32000000000',
  'eth2rpc.result.roots',
  'eth2rpc.result matches "^0x"',
  'eth2rpc.id > 1000000000000000000',
  '!(eth2rpc.id == 1)',
  'eth2rpc.result.block_bodies.eth1_data.deposit_root == 0x' + '00'.repeat(32),
  'p2p.hello',
  'les',
  'discv5.nodes',
];

const known = new Set(filterFieldNames(defaultRegistry().declarations()));
let harness: Awaited<ReturnType<typeof startService>>;
beforeAll(async () => {
  harness = await startService();
});
afterAll(() => harness.dispose());

describe.each(SAMPLE_RUNS.filter((s) => ['hobbits', 'eth2rpc', 'rlpx-les', 'discv5'].includes(s.name)))(
  'views of the $name sample',
  (sample) => {
    let id: string;
    let records: MessageRecord[];
    beforeAll(async () => {
      const [opened, cli] = await Promise.all([
        openLoaded(harness.service, { kind: 'sample', name: sample.name }),
        cliRecords(sample.cli),
      ]);
      id = opened.info.id;
      records = cli;
    });

    it.each(FILTERS)('filter %s selects what the compiled filter selects', async (filter) => {
      const state = await harness.service.setView(id, { filter });
      expect(state.error).toBeNull();
      const expected = records.filter((r) => compileFilter(filter, { knownFields: known }).test(r)).map((r) => r.index);
      expect(state.count).toBe(expected.length);
      const rows = await harness.service.getRows(id, 0, records.length);
      expect(rows.map((r) => r.index)).toEqual(expected);
      for (const r of records) {
        const row = await harness.service.rowOf(id, r.index);
        expect(row).toBe(expected.includes(r.index) ? expected.indexOf(r.index) : null);
      }
    });

    it('keeps the previous view when a filter does not compile', async () => {
      await harness.service.setView(id, { filter: 'pair == matched' });
      const bad = await harness.service.setView(id, { filter: 'pair == matched &&' });
      expect(bad.error?.position).toBe('pair == matched &&'.length);
      expect(bad.count).toBe(records.filter((r) => r.pair?.status === 'matched').length);
    });

    it.each([
      'index',
      'time',
      'src',
      'dst',
      'protocol',
      'message',
      'requestId',
      'pair',
      'length',
      'info',
    ] as ColumnKey[])('sorts by %s, ties in message order, both ways', async (column) => {
      for (const descending of [false, true]) {
        const state = await harness.service.setView(id, { filter: '', sort: { column, descending } });
        expect(state.count).toBe(records.length);
        const rows = await harness.service.getRows(id, 0, records.length);
        expect(new Set(rows.map((r) => r.index)).size).toBe(records.length);
        const ascending = descending ? [...rows].reverse() : rows;
        for (let k = 1; k < ascending.length; k++) {
          const order = compareRows(column, ascending[k - 1]!, ascending[k]!);
          expect(order, `${column} rows ${k - 1} and ${k}`).toBeLessThanOrEqual(0);
          if (order === 0) expect(ascending[k - 1]!.index).toBeLessThan(ascending[k]!.index);
        }
        expect(await harness.service.rowOf(id, rows[3]!.index)).toBe(3);
      }
    });
  },
);

const STATUS_ORDER = [null, 'matched', 'unanswered', 'orphan', 'duplicate', 'mismatch', 'cancelled'];

function compareRows(column: ColumnKey, a: MessageRow, b: MessageRow): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  switch (column) {
    case 'index':
      return a.index - b.index;
    case 'time':
      return a.time - b.time;
    case 'length':
      return a.length - b.length;
    case 'src':
    case 'dst':
    case 'protocol':
    case 'info':
      return text(a[column], b[column]);
    case 'message':
      return text(a.protocol, b.protocol) || text(a.message, b.message);
    case 'pair':
      return (
        STATUS_ORDER.indexOf(a.pair?.status ?? null) - STATUS_ORDER.indexOf(b.pair?.status ?? null) ||
        (a.pair?.latencyMs ?? 0) - (b.pair?.latencyMs ?? 0)
      );
    case 'requestId': {
      if (a.requestId === b.requestId) return 0;
      if (a.requestId === null || b.requestId === null) return a.requestId === null ? 1 : -1;
      const [x, y] = [Number(a.requestId), Number(b.requestId)];
      return Number.isFinite(x) && Number.isFinite(y) ? x - y : text(a.requestId, b.requestId);
    }
  }
}
