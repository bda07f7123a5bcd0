/**
 * Hostile input: random datagrams and damaged packets of a real conversation never make the discv5 dissector
 * throw or hang, always yield a message per datagram, and raise only registered note kinds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { KeyStore } from '../../decoders/core/keys';
import { createDiscv5Protocol, DISCV5_NOTES } from '../../decoders/discv5';
import { ENR_NOTES } from '../../decoders/enr';
import { nodeAes } from '../../src-main/engine/node-aes';
import { runDatagrams, type DatagramEvent } from './support/datagram-playbook';
import { plaintext } from './support/packet-builder';
import { simulatedNode, SimulatedPair } from './support/simulated-pair';

const discv5 = createDiscv5Protocol({ aes: nodeAes });
const registered = new Set<string>([
  ...Object.values(DISCV5_NOTES),
  ...Object.values(ENR_NOTES),
  'pair.orphan',
  'pair.duplicate',
  'pair.mismatch',
  'pair.unanswered',
]);
const known = (kind: string) => registered.has(kind) || /^(decode|rlp|ssz)\./.test(kind);

const pair = new SimulatedPair(simulatedNode(51), simulatedNode(52));
const id = Uint8Array.of(7);
const conversation: DatagramEvent[] = [
  ...pair.firstContact(1, [id, Uint8Array.of(1)]),
  { dir: 1, data: pair.message('b', 2, [id, Uint8Array.of(1), Uint8Array.of(127, 0, 0, 1), Uint8Array.of(1)]) },
  { dir: 0, data: pair.message('a', 3, [id, [Uint8Array.of(0xff)]]) },
  { dir: 1, data: pair.message('b', 4, [id, Uint8Array.of(1), []]) },
  { dir: 0, data: pair.message('a', 5, [id, new TextEncoder().encode('portal'), Uint8Array.of(0)]) },
];
const keys = new KeyStore();
keys.addPrivateKey(pair.b.privateKey);

/** Flip, cut, insert or drop bytes of one packet of the conversation. */
const damagedConversation = fc
  .tuple(
    fc.nat(conversation.length - 1),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert', 'drop')), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([which, edits]) =>
    conversation.map((e, i) => {
      if (i !== which) return e;
      let bytes = e.data.slice();
      for (const [where, value, edit] of edits) {
        const at = bytes.length === 0 ? 0 : where % bytes.length;
        if (edit === 'flip' && bytes.length > 0) bytes[at] = value;
        else if (edit === 'cut') bytes = bytes.slice(0, at);
        else if (edit === 'insert') bytes = Uint8Array.from([...bytes.subarray(0, at), value, ...bytes.subarray(at)]);
        else bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1)]);
      }
      return { ...e, data: bytes };
    }),
  );

describe('discv5 on hostile input', () => {
  it('reads damaged conversations datagram by datagram without throwing, with registered notes only', () => {
    const started = performance.now();
    fc.assert(
      fc.property(damagedConversation, (events) => {
        const { records } = runDatagrams(discv5, events, keys);
        expect(records).toHaveLength(events.length);
        for (const r of records) expect(r.notes.map((n) => n.kind).filter((k) => !known(k))).toEqual([]);
      }),
      { numRuns: 150 },
    );
    // Bounded: each datagram costs at most a few signature checks and key derivations.
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('reads random datagrams (also in a flow whose nodes are known) without throwing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ dir: fc.constantFrom(0 as const, 1 as const), data: fc.uint8Array({ maxLength: 1400 }) }),
          { maxLength: 6 },
        ),
        (random) => {
          const { records } = runDatagrams(discv5, [...conversation.slice(0, 3), ...random], keys);
          expect(records).toHaveLength(3 + random.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('decodes any plaintext without throwing, and writes back every plaintext it read whole', () => {
    const types = fc.integer({ min: 0, max: 12 });
    const damagedPlaintext = fc
      .tuple(types, fc.uint8Array({ maxLength: 200 }))
      .map(([t, b]) => Uint8Array.from([t, ...b]));
    const validish = fc
      .tuple(
        types,
        fc.array(
          fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.array(fc.uint8Array({ maxLength: 3 }), { maxLength: 3 })),
          { maxLength: 5 },
        ),
      )
      .map(([t, items]) => plaintext(t, items));
    fc.assert(
      fc.property(fc.oneof(damagedPlaintext, validish, fc.uint8Array({ maxLength: 120 })), (bytes) => {
        const decoded = discv5.decodeMessage(bytes);
        const notes = collectNotes(decoded.tree);
        expect(notes.map((n) => n.kind).filter((k) => !known(k))).toEqual([]);
        // Bytes after the message-data are kept in the tree (a warning) but are no field to write back.
        const whole = !notes.some((n) => n.severity === 'error' || n.kind === 'decode.trailing');
        if (whole && decoded.message !== 'UNKNOWN') {
          expect(discv5.encodeMessage({ message: decoded.message, fields: fieldsJson(decoded.tree) })).toEqual(bytes);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
