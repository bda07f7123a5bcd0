/**
 * Loading: rows stream to the UI while the worker reads, a load can be cancelled keeping what was read, loading
 * keys reads the capture again and decodes what was encrypted, and bad input fails the call that brought it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeerscopeEvent } from '../../src-main/api/peerscope-api';
import { generatedCapture, manifestMessages } from './support/generated-capture';
import { cliRecords, SAMPLES_DIR, startService, whenLoaded } from './support/service-harness';

let harness: Awaited<ReturnType<typeof startService>>;
let capture: ReturnType<typeof generatedCapture>;
beforeAll(async () => {
  harness = await startService();
  capture = generatedCapture();
});
afterAll(() => {
  harness.dispose();
  capture.remove();
});

function rowsEvents(events: readonly PeerscopeEvent[], id: string) {
  return events.filter((e): e is Extract<PeerscopeEvent, { type: 'rows' }> => e.type === 'rows' && e.id === id);
}

describe('a large capture', () => {
  it('finds a worker ready before the file is opened', async () => {
    await expect(harness.service.whenReady()).resolves.toBeUndefined();
  });

  it('streams rows in batches while it loads, readable before the pass ends', async () => {
    const { service, events } = harness;
    let early: { total: number; rows: number; detail: string } | null = null;
    const unsubscribe = service.onEvent((e) => {
      if (e.type === 'rows' && e.total > 0 && early === null) {
        early = { total: e.total, rows: -1, detail: '' };
        void Promise.all([service.getRows(e.id, 0, 50), service.getMessage(e.id, 0)]).then(([rows, detail]) => {
          early!.rows = rows.length;
          early!.detail = JSON.stringify(detail.record);
        });
      }
    });
    const info = await service.openCapture({ kind: 'path', path: capture.path });
    const progress = await whenLoaded(service, info.id);
    unsubscribe();
    expect(progress.state).toBe('done');
    const total = manifestMessages(capture.manifest);
    expect(progress.messages).toBe(total);
    const partial = rowsEvents(events, info.id).filter((e) => e.total > 0 && e.total < total);
    expect(partial.length).toBeGreaterThanOrEqual(2);
    expect(early).not.toBeNull();
    expect(early!.total).toBeLessThan(total);
    expect(early!.rows).toBe(Math.min(50, early!.total));
    expect(early!.detail).toBe(JSON.stringify((await service.getMessage(info.id, 0)).record));
    const done = rowsEvents(events, info.id).at(-1)!;
    expect(done).toMatchObject({ total, viewCount: total });
  });

  it('stops when cancelled and keeps the rows read so far', async () => {
    const { service } = harness;
    let cancelled = false;
    const unsubscribe = service.onEvent((e) => {
      if (e.type === 'rows' && e.total > 0 && !cancelled) {
        cancelled = true;
        void service.cancelLoad(e.id);
      }
    });
    const info = await service.openCapture({ kind: 'path', path: capture.path });
    const progress = await whenLoaded(service, info.id);
    unsubscribe();
    expect(progress.state).toBe('cancelled');
    const total = manifestMessages(capture.manifest);
    expect(progress.messages).toBeGreaterThan(0);
    expect(progress.messages).toBeLessThan(total);
    expect(progress.bytesRead).toBeLessThan(progress.totalBytes);
    const rows = await service.getRows(info.id, 0, total);
    expect(rows.length).toBe(progress.messages);
    const last = await service.getMessage(info.id, rows.length - 1);
    expect(last.record.index).toBe(rows.length - 1);
    await service.closeCapture(info.id);
  });
});

describe('keys', () => {
  const pcap = join(SAMPLES_DIR, 'rlpx/peerscope-dials-ethereumjs.pcap');
  const keylog = join(SAMPLES_DIR, 'rlpx/peerscope-dials-ethereumjs.keylog');

  it('shows RLPx encrypted without keys, and decodes it once they are loaded', async () => {
    const { service, events } = harness;
    const info = await service.openCapture({ kind: 'path', path: pcap });
    await whenLoaded(service, info.id);
    const before = await service.getRows(info.id, 0, 100);
    expect(before.filter((r) => r.message === 'Encrypted').length).toBeGreaterThan(0);
    const expert = await service.expertInfo(info.id);
    expect(expert.find((g) => g.kind === 'rlpx.encrypted.no-key')?.items[0]?.text).toMatch(/^encrypted, no key/);

    await service.loadKeys(info.id, { keylogText: readFileSync(keylog, 'utf8'), keylogName: keylog });
    expect(rowsEvents(events, info.id).some((e) => e.reset)).toBe(true);
    expect((await whenLoaded(service, info.id)).state).toBe('done');
    const records = await cliRecords([pcap, '--keylog', keylog]);
    const after = await service.getRows(info.id, 0, 100);
    expect(after.map((r) => `${r.protocol} ${r.message}`)).toEqual(records.map((r) => `${r.protocol} ${r.message}`));
    expect(after.some((r) => r.message === 'Encrypted')).toBe(false);
    for (const r of records) expect((await service.getMessage(info.id, r.index)).record).toEqual(r);
  });

  it('refuses a node key that is not 32 bytes of hex', async () => {
    const info = await harness.service.openCapture({ kind: 'sample', name: 'hobbits' });
    await expect(harness.service.loadKeys(info.id, { nodeKeys: ['abcd'] })).rejects.toThrow(/64 hex digits/);
  });
});

describe('opening', () => {
  it('applies decode-as rules as the CLI does', async () => {
    const path = join(SAMPLES_DIR, 'eth2rpc.pcapng');
    const rule = 'tcp.stream==1:hobbits';
    const info = await harness.service.openCapture({ kind: 'path', path }, { decodeAs: [rule] });
    await whenLoaded(harness.service, info.id);
    const records = await cliRecords([path, '--decode-as', rule]);
    const rows = await harness.service.getRows(info.id, 0, 1000);
    expect(rows.map((r) => [r.stream, r.protocol, r.message])).toEqual(
      records.map((r) => [r.stream, r.protocol, r.message]),
    );
    expect(rows.some((r) => r.stream === 'tcp:1' && r.protocol === 'eth2rpc')).toBe(false);
    const { conversations } = await harness.service.conversations(info.id);
    expect(conversations.find((c) => c.stream === 'tcp:1')?.protocol).toBe('hobbits');
  });

  it('rejects what is not a capture, an unknown sample, a bad rule and a message not loaded', async () => {
    const { service } = harness;
    const notCapture = join(service.uploadDir, 'notes.txt');
    writeFileSync(notCapture, 'just some text, not a capture at all');
    await expect(service.openCapture({ kind: 'path', path: notCapture })).rejects.toThrow(/not a pcap or pcapng/);
    await expect(service.openCapture({ kind: 'path', path: '/nonexistent/x.pcap' })).rejects.toThrow(/no such file/);
    await expect(service.openCapture({ kind: 'sample', name: 'nope' })).rejects.toThrow(/no sample/);
    await expect(
      service.openCapture({ kind: 'sample', name: 'hobbits' }, { decodeAs: ['tcp.port==x:hobbits'] }),
    ).rejects.toThrow(/decode-as/);
    const info = await service.openCapture({ kind: 'sample', name: 'hobbits' });
    await whenLoaded(service, info.id);
    await expect(service.getMessage(info.id, 10_000)).rejects.toThrow(/not loaded/);
    await expect(service.getRows('capture-999', 0, 1)).rejects.toThrow(/no open capture/);
  });

  it('opens an upload and remembers opened paths', async () => {
    const { service } = harness;
    const path = join(SAMPLES_DIR, 'eth2rpc.pcapng');
    const base64 = readFileSync(path).toString('base64');
    const info = await service.openCapture({ kind: 'upload', name: 'mine.pcapng', base64 });
    expect(info.name).toBe('mine.pcapng');
    expect((await whenLoaded(service, info.id)).state).toBe('done');
    expect((await service.statistics(info.id)).messages.reduce((n, m) => n + m.count, 0)).toBe(
      (await cliRecords([path])).length,
    );
    const opened = await service.openCapture({ kind: 'path', path });
    await whenLoaded(service, opened.id);
    expect((await service.recentFiles())[0]).toMatchObject({ path, name: 'eth2rpc.pcapng' });
  });
});
