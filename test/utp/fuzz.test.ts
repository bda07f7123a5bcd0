import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import type { JsonObject } from '../../decoders/core/json';
import { lengthPrefixed, portal, utpTransferPackets, type UtpTransferPacket } from '../../decoders/portal';
import { utp } from '../../decoders/utp';
import { TalkFlow } from '../portal/support/talk-flow';
import { utpVectors, valueVectors } from '../portal/support/vectors';

const samples = utpVectors.map((v) => fromHex(v.expected));

const mutated = fc
  .tuple(
    fc.integer({ min: 0, max: samples.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
    fc.nat({ max: 8 }),
    fc.boolean(),
  )
  .map(([which, edits, cut, insert]) => {
    let bytes: Uint8Array = samples[which]!.slice();
    for (const [at, value] of edits) {
      const i = at % bytes.length;
      if (insert) bytes = concatBytes([bytes.subarray(0, i), Uint8Array.of(value), bytes.subarray(i)]);
      else bytes[i] = value;
    }
    return bytes.subarray(0, Math.max(0, bytes.length - cut));
  });

describe('uTP decoding of hostile input', () => {
  it('never throws, and yields a tree whose notes and JSON can be read', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), mutated), (bytes) => {
        const decoded = utp.decodeMessage(bytes);
        collectNotes(decoded.tree);
        JSON.stringify(fieldsJson(decoded.tree));
      }),
      { numRuns: 3000 },
    );
  });

  it('re-encodes every mutated packet it reads without an error to the same bytes', () => {
    fc.assert(
      fc.property(mutated, (bytes) => {
        const decoded = utp.decodeMessage(bytes);
        if (collectNotes(decoded.tree).some((n) => n.severity === 'error')) return;
        expect(toHex(utp.encodeMessage({ message: decoded.message, fields: fieldsJson(decoded.tree) }))).toBe(
          toHex(bytes),
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('an announced transfer, reordered, duplicated or cut short', () => {
  const body = valueVectors.find((v) => v.name === 'BlockBody Test Vector')!;
  const data = lengthPrefixed(fromHex(body.content_value!));
  const packets = utpTransferPackets({ connectionId: 4000, data, dataFrom: 'acceptor', chunk: 900 });

  it('reads the content when every data packet arrived, in any order, however often, and not when one is missing', () => {
    const isData = (p: UtpTransferPacket) => p.payload[0]! >> 4 === 0;
    const dataPackets = packets.filter(isData);
    const [syn, synAck] = packets;
    const [fin, finAck] = packets.slice(-2);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(dataPackets, { minLength: dataPackets.length }),
        fc.array(fc.nat({ max: dataPackets.length - 1 }), { maxLength: 5 }),
        fc.boolean(),
        (shuffled, repeats, drop) => {
          // Data in any order and repeated; the FIN and its acknowledgement after it, as a capture sees them.
          const sequence = [syn!, synAck!, ...shuffled, ...repeats.map((i) => dataPackets[i]!), fin!, finAck!];
          // A data packet after the first (a lost first one looks like another numbering: see data-stream.test.ts).
          const dropped = drop ? dataPackets[1] : undefined;
          const flow = new TalkFlow();
          const find = portal.encodeMessage({ message: 'FindContent', fields: { content_key: body.content_key } });
          const id = flow.request(0, Uint8Array.of(0x50, 0x0b), find);
          flow.response(1, id, portal.encodeMessage({ message: 'Content', fields: { connection_id: 4000 } }));
          for (const p of sequence) if (p !== dropped) flow.utp(p.from === 'initiator' ? 0 : 1, p.payload);
          const read = flow
            .records()
            .filter((r) => r.protocol === 'utp')
            .map((r) => (r.fields.stream as JsonObject).content as JsonObject | undefined)
            .filter((c) => c !== undefined);
          if (dropped) expect(read).toEqual([]);
          else expect(read.map((c) => c.value)).toEqual([body.content_value]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
