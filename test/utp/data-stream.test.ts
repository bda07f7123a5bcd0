import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { UtpConnection } from '../../decoders/utp/connection';
import { UtpDataStream } from '../../decoders/utp/data-stream';
import { ST_DATA, ST_STATE, ST_SYN } from '../../decoders/utp/packet-format';
import { seqAdd, seqAhead, seqBefore } from '../../decoders/utp/sequence-numbers';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('16-bit sequence numbers', () => {
  it('compare across the wrap', () => {
    expect(seqAhead(65534, 1)).toBe(3);
    expect(seqBefore(65535, 0)).toBe(true);
    expect(seqBefore(0, 65535)).toBe(false);
    expect(seqAdd(65535, 2)).toBe(1);
  });
});

describe('reassembling one side’s data', () => {
  it('lets its bytes go when released, keeping what it told: length, end, missing packets', () => {
    const s = new UtpDataStream();
    s.startAt(101);
    s.add(101, bytes(1, 2));
    s.add(103, bytes(4));
    s.fin(104);
    s.release();
    expect([s.length, s.missing, s.complete, s.bytes.length]).toEqual([2, 1, false, 0]);
    expect(s.add(101, bytes(1, 2))).toEqual({ kind: 'after-close' });
    expect(s.add(104, bytes(5))).toEqual({ kind: 'after-fin', finSeq: 104 });
    expect(s.add(100, bytes(0))).toEqual({ kind: 'before-start', start: 101 });
  });

  it('delivers in-order packets at their stream offsets, from the SYN’s seq_nr + 1', () => {
    const s = new UtpDataStream();
    s.startAt(101);
    expect(s.add(101, bytes(1, 2))).toEqual({ kind: 'delivered', offset: 0 });
    expect(s.add(102, bytes(3))).toEqual({ kind: 'delivered', offset: 2 });
    s.fin(103);
    expect(s.complete).toBe(true);
    expect(toHex(s.bytes)).toBe('0x010203');
  });

  it('holds a packet after a gap until the gap is filled', () => {
    const s = new UtpDataStream();
    s.startAt(10);
    expect(s.add(11, bytes(2))).toEqual({ kind: 'held', waitingFor: 10 });
    expect(s.add(10, bytes(1))).toEqual({ kind: 'delivered', offset: 0 });
    expect(s.offsetOf(11)).toBe(1);
    expect(s.length).toBe(2);
  });

  it('recognises retransmissions and conflicting copies; the first copy stays', () => {
    const s = new UtpDataStream();
    s.startAt(1);
    s.add(1, bytes(9));
    expect(s.add(1, bytes(9))).toEqual({ kind: 'retransmission', offset: 0 });
    expect(s.add(1, bytes(8))).toEqual({ kind: 'conflict', offset: 0 });
    expect(toHex(s.bytes)).toBe('0x09');
  });

  it('refuses data at or after the FIN, and before the start', () => {
    const s = new UtpDataStream();
    s.startAt(50);
    s.fin(52);
    expect(s.add(52, bytes(1))).toEqual({ kind: 'after-fin', finSeq: 52 });
    expect(s.add(49, bytes(1))).toEqual({ kind: 'before-start', start: 50 });
    expect(s.missing).toBe(2);
    expect(s.complete).toBe(false);
  });

  it('wraps through seq_nr 65535', () => {
    const s = new UtpDataStream();
    s.startAt(65534);
    s.add(0, bytes(3));
    s.add(65535, bytes(2));
    s.add(65534, bytes(1));
    s.fin(1);
    expect(s.complete).toBe(true);
    expect(toHex(s.bytes)).toBe('0x010203');
  });

  it('without a SYN, moves a guessed start back when an earlier packet turns up', () => {
    const s = new UtpDataStream();
    expect(s.add(7, bytes(2))).toEqual({ kind: 'delivered', offset: 0 });
    expect(s.add(6, bytes(1))).toEqual({ kind: 'delivered', offset: 0 });
    expect(s.offsetOf(7)).toBe(1);
    expect(s.firstSeq).toBe(6);
  });

  it('from a SYN-ACK, starts at its seq_nr (libutp), or the next one once the FIN is acknowledged without it', () => {
    const libutp = new UtpDataStream();
    libutp.startNoEarlierThan(500);
    libutp.add(501, bytes(2));
    libutp.add(500, bytes(1));
    libutp.fin(502);
    expect(toHex(libutp.bytes)).toBe('0x0102');
    const ultralight = new UtpDataStream();
    ultralight.startNoEarlierThan(500);
    expect(ultralight.add(501, bytes(1))).toEqual({ kind: 'held', waitingFor: 500 });
    ultralight.add(502, bytes(2));
    ultralight.fin(503);
    expect(ultralight.complete).toBe(false);
    ultralight.finAcknowledged();
    expect(ultralight.complete).toBe(true);
    expect(toHex(ultralight.bytes)).toBe('0x0102');
  });

  it('an empty stream is complete at its FIN', () => {
    const s = new UtpDataStream();
    s.fin(9);
    expect(s.complete).toBe(true);
    expect(s.bytes.length).toBe(0);
  });

  it('reassembles any order of any packets, with duplicates, into the sent bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.infiniteStream(fc.nat()),
        (chunks, first, random) => {
          const packets = chunks.map((payload, i) => ({ seq: (first + i) & 0xffff, payload }));
          const shuffled = [...packets, ...packets.slice(0, 3)];
          const it = random[Symbol.iterator]();
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = it.next().value! % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          const s = new UtpDataStream();
          s.startAt(first);
          for (const p of shuffled) s.add(p.seq, p.payload);
          s.fin((first + chunks.length) & 0xffff);
          expect(s.complete).toBe(true);
          expect(toHex(s.bytes)).toBe(toHex(Uint8Array.from(chunks.flatMap((c) => [...c]))));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('connection ids (BEP29: the initiator sends id + 1, the acceptor and the SYN the id)', () => {
  it('matches both sides of an opened connection, the SYN included', () => {
    const c = UtpConnection.opened(0, 1000);
    expect(c.matches(0, 1000, ST_SYN)).toBe(true);
    expect(c.matches(0, 1001, ST_DATA)).toBe(true);
    expect(c.matches(1, 1000, ST_STATE)).toBe(true);
    expect(c.matches(1, 1001, ST_STATE)).toBe(false);
    expect(c.roleOf(1)).toBe('acceptor');
  });

  it('learns the roles of a connection seen mid-way from the two ids, across the wrap', () => {
    const c = UtpConnection.seenFrom(1, 65535);
    expect(c.matches(0, 0, ST_STATE)).toBe(true);
    c.learn(0, 0, ST_STATE);
    expect([c.initiator, c.connectionId]).toEqual([0, 65535]);
    const d = UtpConnection.seenFrom(0, 20);
    d.learn(1, 19, ST_DATA);
    expect([d.initiator, d.connectionId]).toEqual([0, 19]);
  });
});
