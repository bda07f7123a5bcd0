/**
 * Exports: the view as JSON Lines is `inspect --json`'s lines for it, as CSV the list's columns; the capture as
 * pcapng keeps every frame (tshark reads the same ones) and carries the loaded keys in a secrets block, so
 * Peerscope decodes the RLPx and discv5 samples from the exported file alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../src-main/capture/read-capture';
import { runCliOk } from '../cli/run-cli';
import { runTshark } from '../support/tshark';
import { cliRecords, openLoaded, SAMPLE_RUNS, SAMPLES_DIR, startService } from './support/service-harness';

let harness: Awaited<ReturnType<typeof startService>>;
let dir: string;
beforeAll(async () => {
  harness = await startService();
  dir = mkdtempSync(join(tmpdir(), 'peerscope-exports-'));
});
afterAll(() => {
  harness.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const run = (name: string) => SAMPLE_RUNS.find((s) => s.name === name)!;

describe('the view as text', () => {
  it.each([
    ['eth2rpc', ''],
    ['eth2rpc', 'pair == matched && eth2rpc.result'],
    ['hobbits', 'hobbits.header.id == 1 || note'],
  ])('of %s filtered by "%s" is the JSON Lines of inspect --json --filter', async (name, filter) => {
    const { info } = await openLoaded(harness.service, { kind: 'sample', name });
    await harness.service.setView(info.id, { filter });
    const exported = await harness.service.exportView(info.id, 'jsonl');
    const cli = await runCliOk(['inspect', ...run(name).cli, '--json', ...(filter ? ['--filter', filter] : [])]);
    expect(exported.text).toBe(cli.stdout);
    expect(exported.name).toMatch(/\.jsonl$/);
  });

  it('follows the order of a sorted view', async () => {
    const { info } = await openLoaded(harness.service, { kind: 'sample', name: 'hobbits' });
    await harness.service.setView(info.id, { filter: 'pair', sort: { column: 'length', descending: true } });
    const rows = await harness.service.getRows(info.id, 0, 1000);
    const exported = await harness.service.exportView(info.id, 'jsonl');
    const lines = exported.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { index: number });
    expect(lines.map((l) => l.index)).toEqual(rows.map((r) => r.index));
    const records = await cliRecords(run('hobbits').cli);
    for (const line of lines) expect(line).toEqual(records[line.index]);
  });

  it('as CSV has a header and one quoted-where-needed line per row', async () => {
    const { info } = await openLoaded(harness.service, { kind: 'sample', name: 'hobbits' });
    await harness.service.setView(info.id, { filter: 'hobbits.hello' });
    const rows = await harness.service.getRows(info.id, 0, 1000);
    const { text, name } = await harness.service.exportView(info.id, 'csv');
    expect(name).toBe('hobbits.csv');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'index,frame,time,stream,src,dst,protocol,message,code,requestId,pair,partner,latencyMs,length,severity,notes,info',
    );
    expect(lines.length).toBe(rows.length + 1);
    for (const [k, row] of rows.entries()) {
      expect(lines[k + 1]!.startsWith(`${row.index},${row.frame},${row.time.toFixed(6)},${row.stream},`)).toBe(true);
      expect(lines[k + 1]!.endsWith(row.info.includes(',') ? `"${row.info}"` : row.info)).toBe(true);
    }
  });
});

describe('the capture as pcapng', () => {
  async function exported(name: string): Promise<string> {
    const { info } = await openLoaded(harness.service, { kind: 'sample', name });
    const { name: file, base64 } = await harness.service.exportPcapng(info.id);
    expect(file).toMatch(/\.pcapng$/);
    const path = join(dir, `${name}-${file}`);
    writeFileSync(path, Buffer.from(base64, 'base64'));
    return path;
  }

  async function frames(path: string) {
    const list: { time: string; length: number; data: string }[] = [];
    await readCaptureFile(path, {
      // Times to the microsecond: a pcap's sec + usec/1e6 and a pcapng's ticks/1e6 differ in the last float bit.
      record: (r) =>
        list.push({ time: r.time.toFixed(6), length: r.originalLength, data: Buffer.from(r.data).toString('hex') }),
      damage: (d) => {
        throw new Error(`damaged at ${d.offset}: ${d.reason}`);
      },
    });
    return list;
  }

  it.each(['hobbits', 'eth2rpc', 'rlpx-les', 'discv5'])(
    'of %s holds the same frames, as tshark reads them',
    async (name) => {
      const original = run(name).cli[0]!;
      const copy = await exported(name);
      const fields = (file: string) =>
        runTshark([
          '-r',
          file,
          '-T',
          'fields',
          '-e',
          'frame.number',
          '-e',
          'frame.time_epoch',
          '-e',
          'frame.len',
          '-e',
          'frame.cap_len',
          '-e',
          'frame.protocols',
        ]);
      const [a, b] = await Promise.all([fields(original), fields(copy)]);
      expect(b).toBe(a);
      expect(a.trim().split('\n').length).toBeGreaterThan(5);
      expect(await frames(copy)).toEqual(await frames(original));
    },
  );

  it('decodes the RLPx sample without --keylog: the keys travel in the secrets block', async () => {
    const copy = await exported('rlpx-les');
    const withKeys = await cliRecords(run('rlpx-les').cli);
    const fromFile = await cliRecords([copy]);
    expect(fromFile.map((r) => `${r.protocol} ${r.message}`)).toEqual(
      withKeys.map((r) => `${r.protocol} ${r.message}`),
    );
    expect(fromFile.some((r) => r.message === 'Encrypted')).toBe(false);
    const plain = await cliRecords([run('rlpx-les').cli[0]!]);
    expect(plain.some((r) => r.message === 'Encrypted')).toBe(true);
  });

  it('decodes the discv5 sample without --node-key: node keys travel as DISCV5_NODEKEY lines', async () => {
    const copy = await exported('discv5');
    const withKeys = await cliRecords(run('discv5').cli);
    const fromFile = await cliRecords([copy]);
    expect(fromFile.map((r) => r.fields)).toEqual(withKeys.map((r) => r.fields));
  });

  it('keeps a pcapng capture’s own blocks, so its own secrets still decode it', async () => {
    const copy = await exported('rlpx-les-secrets');
    const original = await cliRecords([join(SAMPLES_DIR, 'rlpx/peerscope-dials-ethereumjs.dsb.pcapng')]);
    const fromFile = await cliRecords([copy]);
    expect(fromFile.map((r) => r.fields.payload ?? r.message)).toEqual(
      original.map((r) => r.fields.payload ?? r.message),
    );
  });
});
