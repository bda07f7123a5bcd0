import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PcapngParser } from '../../decoders/net/pcapng';
import type { CaptureDamage, CaptureRecord, NameRecord } from '../../decoders/net/types';
import { concat, PcapngWriter } from '../support/capture-writer';
import { parseIp } from '../support/packet-builder';

interface Parsed {
  records: (Omit<CaptureRecord, 'data'> & { data: number[] })[];
  secrets: { type: number; data: number[]; offset: number }[];
  names: NameRecord[];
  damage: CaptureDamage[];
}

/** Parses `file` fed in pieces cut at `cuts` (positions), copying what the callbacks see. */
function parse(file: Uint8Array, cuts: readonly number[] = []): Parsed {
  const out: Parsed = { records: [], secrets: [], names: [], damage: [] };
  const parser = new PcapngParser({
    record: (rec) => out.records.push({ ...rec, data: [...rec.data] }),
    secrets: (type, data, offset) => out.secrets.push({ type, data: [...data], offset }),
    names: (record) => out.names.push(record),
    damage: (problem) => out.damage.push(problem),
  });
  const points = [...new Set(cuts.map((c) => Math.min(c, file.length)))].sort((a, b) => a - b);
  let from = 0;
  for (const p of [...points, file.length]) {
    parser.push(file.subarray(from, p));
    from = p;
  }
  parser.end();
  return out;
}

const T0 = { seconds: 1_700_000_000, nanoseconds: 123_456_789 };

/** A file touching every block type: two sections of different byte order, several interfaces. */
function richFile(): { file: Uint8Array; blocks: Uint8Array[] } {
  const w = new PcapngWriter();
  const blocks = [
    w.sectionHeader({ littleEndian: true, comment: 'first section' }),
    w.interfaceDescription({ linkType: 1, snapLength: 65535, name: 'eth0' }),
    w.interfaceDescription({ linkType: 113, tsresol: 9, tsoffset: 100 }),
    w.enhancedPacket({
      interfaceId: 0,
      time: T0,
      data: Uint8Array.of(1, 2, 3),
      originalLength: 60,
      comments: ['hello', 'world'],
    }),
    w.enhancedPacket({ interfaceId: 1, time: T0, data: Uint8Array.of(4, 5, 6, 7, 8) }),
    w.nameResolution([
      { address: parseIp('10.1.2.3'), names: ['node-a', 'alias'] },
      { address: parseIp('2001:db8::1'), names: ['node-b'] },
    ]),
    w.decryptionSecrets(0x544c534b, Uint8Array.of(9, 9, 9, 9, 9)),
    w.interfaceStatistics(0, T0),
    w.rawBlock(0x40000bad, Uint8Array.of(1, 2, 3, 4, 5, 6)),
    w.obsoletePacket({ interfaceId: 0, time: { seconds: 5, nanoseconds: 0 }, data: Uint8Array.of(10) }),
    w.sectionHeader({ littleEndian: false }),
    w.interfaceDescription({ linkType: 276, snapLength: 4, tsresol: 0x80 | 10 }),
    w.simplePacket({ data: Uint8Array.of(20, 21, 22, 23), originalLength: 100 }),
    w.enhancedPacket({ interfaceId: 0, time: { seconds: 7, nanoseconds: 500_000_000 }, data: Uint8Array.of(30, 31) }),
  ];
  return { file: concat(blocks), blocks };
}

function offsetOfBlock(blocks: readonly Uint8Array[], index: number): number {
  return blocks.slice(0, index).reduce((n, b) => n + b.length, 0);
}

describe('pcapng parser', () => {
  it('reads every block type across sections of both byte orders', () => {
    const { file, blocks } = richFile();
    const parsed = parse(file);
    expect(parsed.damage).toEqual([]);
    expect(parsed.records.map((r) => [r.frame, r.interfaceId, r.linkType, r.data, r.originalLength])).toEqual([
      [1, 0, 1, [1, 2, 3], 60],
      [2, 1, 113, [4, 5, 6, 7, 8], 5],
      [3, 0, 1, [10], 1],
      // Second section: interfaces start again at 0; the SPB takes the snap length as its captured length.
      [4, 0, 276, [20, 21, 22, 23], 100],
      [5, 0, 276, [30, 31], 2],
    ]);
    expect(parsed.records[0]!.comment).toBe('hello\nworld');
    expect(parsed.records[1]!.comment).toBeUndefined();
    // EPB data starts 28 bytes into its block, PB data too, SPB data 12.
    expect(parsed.records.map((r) => r.fileOffset)).toEqual([
      offsetOfBlock(blocks, 3) + 28,
      offsetOfBlock(blocks, 4) + 28,
      offsetOfBlock(blocks, 9) + 28,
      offsetOfBlock(blocks, 12) + 12,
      offsetOfBlock(blocks, 13) + 28,
    ]);
    expect(parsed.secrets).toEqual([
      { type: 0x544c534b, data: [9, 9, 9, 9, 9], offset: offsetOfBlock(blocks, 6) + 16 },
    ]);
    expect(parsed.names).toEqual([
      { address: '10.1.2.3', names: ['node-a', 'alias'] },
      { address: '2001:db8::1', names: ['node-b'] },
    ]);
  });

  it('converts timestamps with each interface resolution and offset', () => {
    const { records } = parse(richFile().file);
    expect(records[0]!.time).toBeCloseTo(1_700_000_000.123456, 6);
    // Nanosecond interface with if_tsoffset 100: the writer subtracted it, the reader adds it back.
    expect(records[1]!.time).toBeCloseTo(1_700_000_000.123457, 6);
    expect(records[2]!.time).toBe(5);
    // The SPB has no timestamp.
    expect(records[3]!.time).toBe(0);
    // 2^-10 resolution: 7.5 s is exactly 7680 ticks.
    expect(records[4]!.time).toBe(7.5);
  });

  it('gives the same result however the input is split into chunks', () => {
    const { file } = richFile();
    const whole = parse(file);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: file.length }), { maxLength: 12 }), (cuts) => {
        expect(parse(file, cuts)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
    // Every single split point, including inside the first block header.
    for (let cut = 0; cut <= file.length; cut++) expect(parse(file, [cut])).toEqual(whole);
  });

  describe('damage', () => {
    const { file, blocks } = richFile();
    const epb = offsetOfBlock(blocks, 4);

    function withLength(value: number, at: number): Uint8Array {
      const copy = file.slice();
      new DataView(copy.buffer).setUint32(at, value, true);
      return copy;
    }

    it('reports a block length that is not a multiple of 4 at the block and keeps the earlier frames', () => {
      const parsed = parse(withLength(blocks[4]!.length + 2, epb + 4));
      expect(parsed.damage).toEqual([
        { offset: epb, reason: `block length ${blocks[4]!.length + 2} is not a multiple of 4` },
      ]);
      expect(parsed.records.map((r) => r.frame)).toEqual([1]);
    });

    it('reports a block length below the minimum', () => {
      const parsed = parse(withLength(8, epb + 4));
      expect(parsed.damage).toEqual([{ offset: epb, reason: 'block length 8 is less than the minimum of 12' }]);
    });

    it('reports a trailing length that differs from the leading one', () => {
      const parsed = parse(withLength(blocks[4]!.length + 4, epb + blocks[4]!.length - 4));
      expect(parsed.damage).toEqual([
        {
          offset: epb,
          reason: `trailing block length ${blocks[4]!.length + 4} does not match the leading length ${blocks[4]!.length}`,
        },
      ]);
      expect(parsed.records).toHaveLength(1);
    });

    it('reports an absurd block length without waiting for (or buffering) the bytes it claims', () => {
      const parsed = parse(withLength(0x7ffffffc, epb + 4));
      expect(parsed.damage[0]!.offset).toBe(epb);
      expect(parsed.damage[0]!.reason).toMatch(/exceeds the maximum/);
    });

    it('reports a file cut inside a block at that block, for every cut point', () => {
      for (let end = 1; end < file.length; end++) {
        const blockIndex = blocks.findIndex((_, i) => offsetOfBlock(blocks, i + 1) > end);
        const blockStart = offsetOfBlock(blocks, blockIndex);
        const parsed = parse(file.subarray(0, end), [end >> 1]);
        if (end === blockStart) {
          expect(parsed.damage).toEqual([]);
          continue;
        }
        expect(parsed.damage).toHaveLength(1);
        expect(parsed.damage[0]!.offset).toBe(blockStart);
        expect(parsed.damage[0]!.reason).toMatch(/^truncated block/);
        expect(parsed.records.length).toBe(parse(file.subarray(0, blockStart)).records.length);
      }
    });

    it('reports a packet on an interface the section does not have', () => {
      const copy = file.slice();
      new DataView(copy.buffer).setUint32(epb + 8, 5, true);
      const parsed = parse(copy);
      expect(parsed.damage).toEqual([{ offset: epb, reason: 'packet refers to interface 5, the section has 2' }]);
    });

    it('reports a captured length larger than its block', () => {
      const copy = file.slice();
      new DataView(copy.buffer).setUint32(epb + 20, 500, true);
      const parsed = parse(copy);
      expect(parsed.damage[0]).toEqual({
        offset: epb,
        reason: "packet block's captured length 500 exceeds the 8 bytes the block holds",
      });
    });

    it('reports a bad byte-order magic in a later section header', () => {
      const shb = offsetOfBlock(blocks, 10);
      const copy = file.slice();
      copy[shb + 8] = 0x77;
      const parsed = parse(copy);
      expect(parsed.damage).toEqual([
        { offset: shb, reason: 'section header has byte-order magic 0x772b3c4d, not 0x1a2b3c4d' },
      ]);
      expect(parsed.records).toHaveLength(3);
    });

    it('never throws, hangs or grows past a block on random bytes after a valid header', () => {
      const header = new PcapngWriter().sectionHeader();
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 2000 }),
          fc.array(fc.nat({ max: 2100 }), { maxLength: 5 }),
          (noise, cuts) => {
            const parsed = parse(concat([header, noise]), cuts);
            expect(parsed.damage.length).toBeLessThanOrEqual(1);
          },
        ),
        { numRuns: 500 },
      );
    });

    it('never throws on a valid file with random bytes flipped', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat({ max: file.length - 1 }), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 8,
          }),
          (flips) => {
            const copy = file.slice();
            for (const [at, value] of flips) copy[at] = value;
            const parsed = parse(copy, [7, 100]);
            expect(parsed.damage.length).toBeLessThanOrEqual(1);
            for (const r of parsed.records) expect(r.fileOffset).toBeLessThan(file.length);
          },
        ),
        { numRuns: 500 },
      );
    });
  });
});
