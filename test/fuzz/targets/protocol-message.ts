import { collectNotes, fieldsJson, type Field } from '../../../decoders/core/field';
import type { Note } from '../../../decoders/core/notes';
import type { DecodedMessage } from '../../../decoders/core/message';
import type { MessageCodec } from '../../../decoders/core/dissector';
import { EncodeError, type JsonObject } from '../../../decoders/core/json';
import { eth2rpc } from '../../../decoders/eth2rpc';
import { ETH2RPC_NOTES } from '../../../decoders/eth2rpc/note-kinds';
import { hobbits } from '../../../decoders/hobbits';
import { HOBBITS_NOTES } from '../../../decoders/hobbits/note-kinds';
import { coverageProblems } from '../../support/field-coverage';
import { concatParts, mutate, type NumberField } from '../mutators';
import { Random } from '../random';
import { allVectorBlobs } from '../seeds/public-vectors';
import { eth2rpcSeedMessages, hobbitsSeedMessages } from '../seeds/protocol-messages';
import { check, jsonProblem, sameBytes, type FuzzTarget } from '../target';
import { describeDifference, encodingNumberFields } from './codec-cases';

/** A protocol's wire-message seeds with the number fields its own decoder found in each. */
export interface MessageSeeds {
  messages: Uint8Array[];
  numberFields: NumberField[][];
  donors: Uint8Array[];
}

export function messageSeeds(protocol: Pick<MessageCodec, 'decodeMessage'>, messages: Uint8Array[]): MessageSeeds {
  return {
    messages,
    numberFields: messages.map((m) => encodingNumberFields(protocol.decodeMessage(m).tree, m)),
    donors: [...messages, ...allVectorBlobs(512)],
  };
}

/** A mutated seed (text request lines get their own tweaks), now and then a seed as is or random bytes. */
export function mutatedMessage(rng: Random, seeds: MessageSeeds, prefixes: readonly Uint8Array[]): Uint8Array {
  const roll = rng.below(100);
  if (roll < 3) return rng.bytes(rng.smallish(400));
  if (roll < 6) return concatParts([rng.pick(prefixes), rng.bytes(rng.smallish(200))]);
  const index = rng.below(seeds.messages.length);
  const seed = seeds.messages[index]!;
  if (roll < 10) return seed;
  if (roll < 25 && isTextFramed(seed)) return tweakTextLine(rng, seed);
  return mutate(rng, seed, { numberFields: seeds.numberFields[index]!, donors: seeds.donors });
}

function isTextFramed(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x45 && bytes[1] === 0x57 && bytes[2] === 0x50 && bytes[3] === 0x20;
}

const LINE_TOKENS = [
  '',
  '0',
  '3',
  '0.2',
  '13.05',
  '-1',
  '+4',
  '1e3',
  '0x10',
  '4294967296',
  '99999999999999999999',
  'RPC',
  'GOSSIP',
  'PING',
  'FOO',
  ' ',
  '\t',
  '\r',
];

/** EWP text framing: a token of the request line replaced, dropped, or doubled. */
function tweakTextLine(rng: Random, bytes: Uint8Array): Uint8Array {
  let newline = bytes.indexOf(0x0a);
  if (newline < 0) newline = bytes.length;
  const tokens = new TextDecoder().decode(bytes.subarray(0, newline)).split(' ');
  const at = rng.below(tokens.length);
  const action = rng.below(3);
  if (action === 0) tokens[at] = rng.pick(LINE_TOKENS);
  else if (action === 1) tokens.splice(at, 1);
  else tokens.splice(at, 0, tokens[at]!);
  return concatParts([new TextEncoder().encode(tokens.join(' ')), bytes.subarray(newline)]);
}

/** Oracles every decodeMessage answers to: returns, names its protocol, keeps the bytes, JSON-safe fields. */
export function checkDecodedMessage(protocol: MessageCodec, bytes: Uint8Array, decoded: DecodedMessage): Note[] {
  const name = protocol.declaration.name;
  check(decoded.protocol === name, `${name}: decoded message claims protocol ${decoded.protocol}`);
  check(decoded.bytes.length === bytes.length, `${name}: decoded message does not keep its bytes`);
  const unsafe = jsonProblem(fieldsJson(decoded.tree));
  check(unsafe === null, () => `${name}: fields are not JSON-safe: ${unsafe}`);
  const outside = rangeOutside(decoded.tree, bytes.length);
  check(outside === null, () => `${name}: field ${outside} lies outside the message`);
  return collectNotes(decoded.tree);
}

function rangeOutside(root: Field, length: number): string | null {
  let found: string | null = null;
  const visit = (f: Field, path: string): void => {
    if (found) return;
    if (f.source === undefined && f.start !== undefined && f.end !== undefined) {
      if (f.start < 0 || f.end > length || f.end < f.start) found = `${path || '(root)'} [${f.start}, ${f.end})`;
    }
    for (const c of f.children ?? []) visit(c, path ? `${path}.${c.name}` : c.name);
  };
  visit(root, '');
  return found;
}

/** encodeMessage(decodeMessage(x)) with the lengths as decoded; an EncodeError is an oracle failure too. */
export function checkReencodes(
  protocol: MessageCodec,
  bytes: Uint8Array,
  decoded: DecodedMessage,
  keepLengths: boolean,
): void {
  const name = protocol.declaration.name;
  const json: JsonObject = { message: decoded.message, fields: fieldsJson(decoded.tree) };
  let encoded: Uint8Array;
  try {
    encoded = protocol.encodeMessage(json, { keepLengths });
  } catch (e) {
    if (!(e instanceof EncodeError)) throw e;
    const last = e.path.split('.').pop()!.replace(/^\d+$/, 'a list item');
    check(false, `${name}: decoded JSON does not encode (${last}: ${e.reason})`, `${decoded.message} at ${e.path}`);
  }
  if (!sameBytes(encoded, bytes)) {
    const difference = describeDifference(decoded.tree, bytes, encoded);
    const lengths = keepLengths ? 'kept' : 'recomputed';
    check(
      false,
      `${name}: decoded JSON re-encodes differently (lengths ${lengths}), first in ${difference.kind}`,
      `${decoded.message}: ${difference.detail}`,
    );
  }
}

/**
 * Outside what JSON can carry, by design: trailing bytes and BSON text that is not UTF-8 (test/hobbits/fuzz.test.ts),
 * and a BSON array's keys and a document's repeated keys, which a JSON array or object has no room for.
 */
const HOBBITS_NOT_IN_JSON = new Set([
  HOBBITS_NOTES.trailing,
  'decode.trailing',
  'bson.utf8',
  'bson.array-key',
  'bson.duplicate-key',
]);

/**
 * hobbits.decodeMessage: a message without error notes covers every byte and encodes back to the same bytes, with
 * its lengths kept and (when no header key is missing) with them recomputed, unless it holds what JSON cannot carry.
 */
export function hobbitsMessageTarget(): FuzzTarget<Uint8Array> {
  let seeds: MessageSeeds = { messages: [], numberFields: [], donors: [] };
  const prefixes = [
    Uint8Array.of(0x45, 0x57, 0x50, 0, 0, 0, 3),
    new TextEncoder().encode('EWP 0.2 PING '),
    new TextEncoder().encode('EWP 3 0 '),
  ];
  return {
    name: 'hobbits-message',
    weight: 11,
    batchSize: 300,
    prepare(seed) {
      seeds = messageSeeds(hobbits, hobbitsSeedMessages(new Random(seed, 0x40bb)));
    },
    generate: (rng) => mutatedMessage(rng, seeds, prefixes),
    execute(bytes) {
      const decoded = hobbits.decodeMessage(bytes);
      const notes = checkDecodedMessage(hobbits, bytes, decoded);
      if (notes.some((n) => n.severity === 'error')) return;
      const gaps = coverageProblems(decoded.tree, bytes.length);
      check(
        gaps.length === 0,
        () => `hobbits ${decoded.message}: bytes no field explains: ${gaps.slice(0, 3).join('; ')}`,
      );
      if (notes.some((n) => HOBBITS_NOT_IN_JSON.has(n.kind))) return;
      checkReencodes(hobbits, bytes, decoded, true);
      // Without keepLengths the composer fills in header keys a message lacks; with all of them there, same bytes.
      if (!notes.some((n) => n.kind === 'bson.missing-key')) checkReencodes(hobbits, bytes, decoded, false);
    },
  };
}

const ETH2RPC_KINDS = new Set<string>(Object.values(ETH2RPC_NOTES));

/**
 * eth2rpc.decodeMessage: every decode covers every byte, raises only registered note kinds, and encodes back to the
 * same bytes with keepLengths (its documented promise, test/eth2rpc/fuzz.test.ts), and without when error-free.
 */
export function eth2rpcMessageTarget(): FuzzTarget<Uint8Array> {
  let seeds: MessageSeeds = { messages: [], numberFields: [], donors: [] };
  const prefixes = [Uint8Array.of(0x45, 0x54, 0x48)];
  return {
    name: 'eth2rpc-message',
    weight: 11,
    batchSize: 300,
    prepare(seed) {
      seeds = messageSeeds(eth2rpc, eth2rpcSeedMessages(new Random(seed, 0xe721)));
    },
    generate: (rng) => mutatedMessage(rng, seeds, prefixes),
    execute(bytes) {
      const decoded = eth2rpc.decodeMessage(bytes);
      const notes = checkDecodedMessage(eth2rpc, bytes, decoded);
      const gaps = coverageProblems(decoded.tree, bytes.length);
      check(
        gaps.length === 0,
        () => `eth2rpc ${decoded.message}: bytes no field explains: ${gaps.slice(0, 3).join('; ')}`,
      );
      const unregistered = notes.find((n) => !ETH2RPC_KINDS.has(n.kind) && !n.kind.startsWith('ssz.'));
      check(unregistered === undefined, () => `eth2rpc: unregistered note kind ${unregistered!.kind}`);
      checkReencodes(eth2rpc, bytes, decoded, true);
      if (!notes.some((n) => n.severity === 'error')) checkReencodes(eth2rpc, bytes, decoded, false);
    },
  };
}
