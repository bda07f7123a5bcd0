import {
  Binary,
  BSON,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';
import { bsonDocument } from '../../../decoders/codecs/bson';
import { sszCodec } from '../../../decoders/codecs/ssz';
import { mainnetTypes } from '../../../decoders/hobbits/beacon-types';
import { documentSpec } from '../../../decoders/hobbits/document-form';
import { gossipHeaderCodec, rpcHeaderCodec } from '../../../decoders/hobbits/header';
import { Hello, mainnetResponses } from '../../../decoders/hobbits/rpc-bodies';
import { Random } from '../random';
import { hobbitsSeedMessages } from '../seeds/protocol-messages';
import { randomSszValue } from '../seeds/ssz-values';
import type { FuzzTarget } from '../target';
import { checkCodecDecode, codecCase, generateCodecInput, type CodecCase, type CodecInput } from './codec-cases';

/** Documents with every BSON element type, nested documents and arrays, odd keys and values. */
function everyTypeDocuments(rng: Random): Uint8Array[] {
  const docs: unknown[] = [
    {},
    { a: 1 },
    {
      double: new Double(1.5),
      whole: new Double(2),
      negativeZero: new Double(-0),
      nan: new Double(NaN),
      string: 'text',
      hexLike: '0x00ff',
      empty: '',
      doc: { inner: new Int32(5), deeper: { x: [1, 2, 3] } },
      array: [new Int32(1), 'two', { three: 3 }, []],
      binary: new Binary(rng.bytes(8)),
      subtype4: new Binary(rng.bytes(16), 4),
      objectId: new ObjectId(Buffer.from(rng.bytes(12))),
      bool: true,
      date: new Date(1_560_471_980_000),
      null: null,
      regex: new BSONRegExp('a+b', 'i'),
      code: new Code('x = 1'),
      symbol: new BSONSymbol('sym'),
      codeWithScope: new Code('y', { y: 2 }),
      int32: new Int32(-7),
      timestamp: new Timestamp({ t: 5, i: 6 }),
      int64: Long.fromBigInt(2n ** 62n),
      smallLong: Long.fromNumber(3),
      decimal: Decimal128.fromString('1.25'),
      min: new MinKey(),
      max: new MaxKey(),
    },
    { ключ: 'значение', '': 'empty key', 'dotted.key': 1 },
    { deep: { a: { b: { c: { d: { e: [[[[1]]]] } } } } } },
  ];
  return docs.map((d) => new Uint8Array(BSON.serialize(d as Record<string, unknown>, { ignoreUndefined: false })));
}

/** The binary v3 frame's header and body (both BSON in Hobbits). */
function headerAndBody(frame: Uint8Array): Uint8Array[] {
  if (frame.length < 16 || frame[0] !== 0x45 || frame[3] !== 0) return [];
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerEnd = 16 + view.getUint32(8);
  const bodyEnd = headerEnd + view.getUint32(12);
  if (bodyEnd > frame.length) return [];
  return [frame.subarray(16, headerEnd), frame.subarray(headerEnd, bodyEnd)].filter((b) => b.length >= 5);
}

/** The BSON walker with and without element specs: Hobbits headers, SSZ content in binaries, Artemis documents. */
export function bsonWalkerTarget(): FuzzTarget<CodecInput> {
  let cases: CodecCase[] = [];
  let donors: Uint8Array[] = [];
  return {
    name: 'bson-walker',
    weight: 10,
    batchSize: 500,
    prepare(seed) {
      const rng = new Random(seed, 0xb50);
      const generic = everyTypeDocuments(rng);
      const hobbitsParts = hobbitsSeedMessages(rng).flatMap(headerAndBody);
      const helloBody = new Uint8Array(
        BSON.serialize({ body: new Binary(Hello.serialize(randomSszValue(Hello, rng) as never)) }),
      );
      const blocks = mainnetResponses.BlockBodies;
      const artemis = new Uint8Array(
        BSON.serialize({
          body: {
            bodies: [
              new Binary(mainnetTypes.BeaconBlock.serialize(randomSszValue(mainnetTypes.BeaconBlock, rng, 1) as never)),
            ],
          },
        }),
      );
      donors = [...generic, ...hobbitsParts];
      cases = [
        codecCase('document', bsonDocument(), [...generic, ...hobbitsParts]),
        codecCase('rpc-header', rpcHeaderCodec, hobbitsParts),
        codecCase('gossip-header', gossipHeaderCodec, hobbitsParts),
        codecCase('ssz-content', bsonDocument('body', { body: { content: sszCodec(Hello), types: ['binary'] } }), [
          helloBody,
        ]),
        codecCase('artemis-body', bsonDocument('body', { body: { document: documentSpec(blocks) } }), [
          artemis,
          ...hobbitsParts,
        ]),
      ];
    },
    generate: (rng) => generateCodecInput(rng, cases, donors),
    execute(input) {
      const c = cases[input.codec]!;
      checkCodecDecode(c.name, c.codec, input.bytes);
    },
  };
}
