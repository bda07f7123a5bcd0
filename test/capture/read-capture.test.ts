import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaptureDamage, CaptureRecord } from '../../decoders/net/types';
import { readCaptureFile, readCaptureStream, type CaptureHandlers } from '../../src-main/capture/read-capture';
import { concat, PcapngWriter, PcapWriter } from '../support/capture-writer';
import { TempCaptures } from '../support/decode-capture';

const files = new TempCaptures();
afterAll(() => files.dispose());

interface Collected {
  records: (Omit<CaptureRecord, 'data'> & { data: number[] })[];
  damage: CaptureDamage[];
  secrets: number[];
}

function collector(): { handlers: CaptureHandlers; out: Collected } {
  const out: Collected = { records: [], damage: [], secrets: [] };
  return {
    out,
    handlers: {
      record: (rec) => out.records.push({ ...rec, data: [...rec.data] }),
      damage: (d) => out.damage.push(d),
      secrets: (type) => out.secrets.push(type),
    },
  };
}

const PACKETS = [
  { time: { seconds: 1_700_000_000, nanoseconds: 1_000 }, data: Uint8Array.of(1, 2, 3, 4) },
  { time: { seconds: 1_700_000_001, nanoseconds: 999_999_000 }, data: Uint8Array.of(5), originalLength: 1500 },
  { time: { seconds: 1_700_000_002, nanoseconds: 0 }, data: new Uint8Array(300).fill(7) },
];

function pcapFile(options: { nanoseconds?: boolean; littleEndian?: boolean }): Uint8Array {
  const w = new PcapWriter({ linkType: 1, ...options });
  return concat([w.header(), ...PACKETS.map((p) => w.record(p))]);
}

describe('readCaptureFile', () => {
  for (const nanoseconds of [false, true]) {
    for (const littleEndian of [true, false]) {
      const label = `${nanoseconds ? 'nanosecond' : 'microsecond'} pcap, ${littleEndian ? 'little' : 'big'} endian`;
      it(`reads ${label} with times, lengths and file offsets`, async () => {
        const path = files.write(`${label}.pcap`, [pcapFile({ nanoseconds, littleEndian })]);
        const { handlers, out } = collector();
        const info = await readCaptureFile(path, handlers);
        expect(info).toEqual({
          format: nanoseconds ? 'pcap-nsec' : 'pcap',
          frames: 3,
          bytes: 24 + 16 * 3 + 305,
          damaged: false,
        });
        expect(out.damage).toEqual([]);
        expect(
          out.records.map((r) => [r.frame, r.linkType, r.data.length, r.originalLength, r.fileOffset, r.interfaceId]),
        ).toEqual([
          [1, 1, 4, 4, 40, 0],
          [2, 1, 1, 1500, 60, 0],
          [3, 1, 300, 300, 77, 0],
        ]);
        expect(out.records[0]!.data).toEqual([1, 2, 3, 4]);
        expect(out.records[1]!.time).toBe(1_700_000_001 + 999_999_000 / 1e9);
        expect(out.records[0]!.time).toBe(1_700_000_000 + 1e-6);
      });
    }
  }

  it('keeps nanoseconds that microseconds cannot express', async () => {
    const w = new PcapWriter({ linkType: 1, nanoseconds: true });
    const path = files.write('ns.pcap', [
      w.header(),
      w.record({ time: { seconds: 10, nanoseconds: 123 }, data: Uint8Array.of(0) }),
    ]);
    const { handlers, out } = collector();
    await readCaptureFile(path, handlers);
    expect(out.records[0]!.time).toBe(10 + 123e-9);
  });

  it('reads pcapng and passes decryption secrets on', async () => {
    const w = new PcapngWriter();
    const path = files.write('a.pcapng', [
      w.sectionHeader(),
      w.interfaceDescription({ linkType: 101 }),
      w.decryptionSecrets(0x5253584b, Uint8Array.of(1, 2, 3)),
      w.enhancedPacket({ interfaceId: 0, time: 1, data: Uint8Array.of(0x45) }),
    ]);
    const { handlers, out } = collector();
    const info = await readCaptureFile(path, handlers);
    expect(info.format).toBe('pcapng');
    expect(info.frames).toBe(1);
    expect(out.secrets).toEqual([0x5253584b]);
    expect(out.records[0]!.linkType).toBe(101);
  });

  it('reports a truncated final record at its offset and keeps the frames before it', async () => {
    const whole = pcapFile({});
    const path = files.write('cut.pcap', [whole.subarray(0, whole.length - 10)]);
    const { handlers, out } = collector();
    const info = await readCaptureFile(path, handlers);
    expect(info.frames).toBe(2);
    expect(info.damaged).toBe(true);
    expect(out.damage).toEqual([
      { offset: 61, reason: 'truncated record: 300 bytes captured, only 290 are in the file' },
    ]);
  });

  it('reports a record header cut short', async () => {
    const whole = pcapFile({});
    const path = files.write('cut-header.pcap', [whole.subarray(0, 61 + 5)]);
    const { handlers, out } = collector();
    expect((await readCaptureFile(path, handlers)).frames).toBe(2);
    expect(out.damage).toEqual([{ offset: 61, reason: 'truncated record header: 5 of 16 bytes' }]);
  });

  it('stops at an absurd record length instead of buffering the rest of the file', async () => {
    const w = new PcapWriter({ linkType: 1 });
    const bad = w.record({ time: 1, data: Uint8Array.of(1) });
    new DataView(bad.buffer).setUint32(8, 0x7fffffff, true);
    // 8 MiB of valid records after the bad header: none may be read as records, and reading stops early.
    const filler = w.record({ time: 2, data: new Uint8Array(1 << 20) });
    const path = files.write('absurd.pcap', [
      w.header(),
      w.record({ time: 0, data: Uint8Array.of(9) }),
      bad,
      ...new Array(8).fill(filler),
    ]);
    const { handlers, out } = collector();
    const info = await readCaptureFile(path, handlers);
    expect(out.records).toHaveLength(1);
    expect(out.damage).toEqual([
      { offset: 41, reason: 'record has 2147483647 captured bytes, more than the maximum of 262144' },
    ]);
    expect(info.bytes).toBeLessThan(4 << 20);
  });

  it('reports a pcap version other than 2.x at the version field', async () => {
    const file = pcapFile({});
    new DataView(file.buffer).setUint16(4, 3, true);
    const path = files.write('version.pcap', [file]);
    const { handlers, out } = collector();
    expect((await readCaptureFile(path, handlers)).frames).toBe(0);
    expect(out.damage).toEqual([{ offset: 4, reason: 'unsupported pcap version 3.4' }]);
  });

  it('reports a pcap file header cut short', async () => {
    const path = files.write('short.pcap', [pcapFile({}).subarray(0, 10)]);
    const { handlers, out } = collector();
    const info = await readCaptureFile(path, handlers);
    expect(info).toMatchObject({ format: 'pcap', frames: 0, damaged: true });
    expect(out.damage).toEqual([{ offset: 0, reason: 'pcap file header is cut short: 10 of 24 bytes' }]);
  });

  it('rejects a file in neither format, naming the file and the magic it found', async () => {
    const path = files.write('text.pcap', [new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n')]);
    await expect(readCaptureFile(path, collector().handlers)).rejects.toThrow(
      `${path}: not a pcap or pcapng capture (magic 0x47455420)`,
    );
    const empty = files.write('empty.pcap', []);
    await expect(readCaptureFile(empty, collector().handlers)).rejects.toThrow(
      `${empty}: not a pcap or pcapng capture (an empty file)`,
    );
  });

  it('rejects a missing file with the path in the message', async () => {
    await expect(readCaptureFile(files.path('missing.pcap'), collector().handlers)).rejects.toThrow(/missing\.pcap/);
  });

  it('rejects with the abort reason when aborted', async () => {
    const path = files.write('abort.pcap', [pcapFile({})]);
    const controller = new AbortController();
    controller.abort();
    await expect(readCaptureFile(path, collector().handlers, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });
});

describe('readCaptureStream', () => {
  it('never throws or hangs on random bytes after a valid file header, in any chunking', async () => {
    const header = new PcapWriter({ linkType: 1 }).header();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 500 }), async (noise, chunk) => {
        const file = concat([header, noise]);
        const input = new PassThrough();
        const { handlers, out } = collector();
        const done = readCaptureStream(input, handlers);
        for (let at = 0; at < file.length; at += chunk) input.write(file.subarray(at, at + chunk));
        input.end();
        const info = await done;
        expect(out.damage.length).toBeLessThanOrEqual(1);
        expect(info.frames).toBe(out.records.length);
        for (const r of out.records) expect(r.fileOffset + r.data.length).toBeLessThanOrEqual(file.length);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a pcap trickling in a few bytes at a time, as from a pipe', async () => {
    const file = pcapFile({ nanoseconds: true, littleEndian: false });
    const input = new PassThrough();
    const { handlers, out } = collector();
    const done = readCaptureStream(input, handlers, { name: 'stdin' });
    for (let at = 0; at < file.length; at += 7) {
      input.write(file.subarray(at, at + 7));
      await new Promise((resolve) => setImmediate(resolve));
    }
    input.end();
    expect(await done).toEqual({ format: 'pcap-nsec', frames: 3, bytes: file.length, damaged: false });
    expect(out.records.map((r) => r.fileOffset)).toEqual([40, 60, 77]);
  });

  it('stops waiting for more input when aborted', async () => {
    const input = new PassThrough();
    const controller = new AbortController();
    const { handlers } = collector();
    const done = readCaptureStream(input, handlers, { signal: controller.signal });
    input.write(pcapFile({}).subarray(0, 30));
    setTimeout(() => controller.abort(), 20);
    await expect(done).rejects.toThrow(/abort/i);
  });

  it('names the stream in the error for an unknown format', async () => {
    const input = new PassThrough();
    const done = readCaptureStream(input, collector().handlers, { name: 'tcpdump' });
    input.end(Uint8Array.of(1, 2, 3, 4, 5));
    await expect(done).rejects.toThrow('tcpdump: not a pcap or pcapng capture (magic 0x01020304)');
  });
});
