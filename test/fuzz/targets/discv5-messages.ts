import { ENR } from '@chainsafe/enr';
import { decodeAll, encodeValue } from '../../../decoders/core/codec';
import type { MessageCodec } from '../../../decoders/core/dissector';
import { collectNotes, fieldJson } from '../../../decoders/core/field';
import { EncodeError } from '../../../decoders/core/json';
import { DISCV5_NOTES } from '../../../decoders/discv5';
import {
  enrCodec,
  enrFromText,
  enrIdentity,
  enrPairMap,
  enrSequence,
  enrToText,
  ENR_NOTES,
  readEnrRecord,
  verifyEnrSignature,
} from '../../../decoders/enr';
import {
  decodePortalMessage,
  portal,
  portalNetworkIds,
  PORTAL_NOTES,
  type PortalDecodeContext,
} from '../../../decoders/portal';
import type { PortalVersion } from '../../../decoders/portal/protocol-version';
import { utp } from '../../../decoders/utp';
import { UTP_NOTES } from '../../../decoders/utp/note-kinds';
import { coverageProblems } from '../../support/field-coverage';
import { discv5PlaintextSeeds, enrSeeds, portalSeeds, registeredDiscv5, utpSeeds } from '../seeds/discv5-messages';
import { allVectorBlobs } from '../seeds/public-vectors';
import { check, jsonProblem, sameBytes, type FuzzTarget } from '../target';
import { codecCase, describeDifference, generateCodecInput, type CodecCase, type CodecInput } from './codec-cases';
import { messageCodecTarget, TRAILING_BYTES, type CodecVariant, type MessageInput } from './message-codecs';

/** discv5 message plaintexts, Portal messages of every era and context, uTP packets, and ENRs. */

/**
 * What JSON cannot carry back: bytes after the message, and an ENR whose keys are out of order or repeated (its
 * `pairs` object holds one value per key, in the order JavaScript keeps: integer-like keys first).
 */
const NOT_IN_JSON = new Set([TRAILING_BYTES, ENR_NOTES.keyOrder]);

/** Note kinds the discv5 decoder documents (test/discv5/fuzz.test.ts): its own, the ENR decoder's, codec kinds. */
const DISCV5_KINDS = new Set<string>([...Object.values(DISCV5_NOTES), ...Object.values(ENR_NOTES)]);
const registeredDiscv5Kind = (kind: string) => DISCV5_KINDS.has(kind) || /^(decode|rlp|ssz)\./.test(kind);

export function discv5MessageTarget(): FuzzTarget<MessageInput> {
  return messageCodecTarget({
    name: 'discv5-message',
    weight: 8,
    batchSize: 300,
    variants: () => [{ label: 'discv5', codec: registeredDiscv5().discv5 }],
    seeds: (rng) => discv5PlaintextSeeds(registeredDiscv5().discv5, rng),
    prefixes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((type) => Uint8Array.of(type)),
    notInJson: NOT_IN_JSON,
    check(_variant, _bytes, decoded, notes) {
      const unregistered = notes.find((n) => !registeredDiscv5Kind(n.kind));
      check(unregistered === undefined, () => `discv5: unregistered note kind ${unregistered!.kind}`, decoded.message);
    },
  });
}

const PORTAL_VERSIONS: readonly (PortalVersion | undefined)[] = [undefined, 'seed', 'v0', 'v1', 'v2'];
const PORTAL_KINDS = [undefined, 'request', 'response'] as const;
const PORTAL_MONTHS = [undefined, '2021-11', '2023-06', '2025-08'];

/** Portal decoded in a context: as a TALKREQ or TALKRESP, of a network, at a version, in a month. */
function portalCodec(context: PortalDecodeContext): MessageCodec {
  return {
    declaration: portal.declaration,
    decodeMessage: (bytes) => decodePortalMessage(bytes, context).decoded,
    encodeMessage: (json, options) => portal.encodeMessage(json, options),
  };
}

/** Portal contexts: every carrier, version and a few months, with and without a network (every mainnet id). */
function portalVariants(): CodecVariant[] {
  const networks = [null, ...portalNetworkIds().filter((n) => n.chain === 'mainnet')];
  const out: CodecVariant[] = [];
  for (const kind of PORTAL_KINDS) {
    for (const version of PORTAL_VERSIONS) {
      for (const network of networks) {
        const month = PORTAL_MONTHS[out.length % PORTAL_MONTHS.length];
        const context: PortalDecodeContext = {
          ...(kind && { kind }),
          ...(version && { version: { version, source: 'given' as const, reason: 'the fuzzer says so' } }),
          ...(network && { network }),
          ...(month && { month }),
        };
        out.push({ label: JSON.stringify(context), codec: portalCodec(context) });
      }
    }
  }
  return out;
}

const PORTAL_NOTE_KINDS = new Set<string>([...Object.values(PORTAL_NOTES), ...Object.values(ENR_NOTES)]);

export function portalMessageTarget(): FuzzTarget<MessageInput> {
  return messageCodecTarget({
    name: 'portal-message',
    weight: 15,
    batchSize: 300,
    variants: portalVariants,
    seeds: portalSeeds,
    prefixes: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((selector) => Uint8Array.of(selector)),
    notInJson: NOT_IN_JSON,
    check(_variant, _bytes, decoded, notes) {
      const unregistered = notes.find(
        (n) => !PORTAL_NOTE_KINDS.has(n.kind) && !/^(decode|rlp|ssz|ethereum)\./.test(n.kind),
      );
      check(unregistered === undefined, () => `portal: unregistered note kind ${unregistered!.kind}`, decoded.message);
    },
  });
}

export function utpPacketTarget(): FuzzTarget<MessageInput> {
  const kinds = new Set<string>(Object.values(UTP_NOTES));
  return messageCodecTarget({
    name: 'utp-packet',
    weight: 5,
    batchSize: 400,
    variants: () => [{ label: 'utp', codec: utp }],
    seeds: utpSeeds,
    prefixes: [0x01, 0x11, 0x21, 0x31, 0x41].map((typeVersion) => Uint8Array.of(typeVersion, 0)),
    notInJson: new Set([TRAILING_BYTES]),
    check(_variant, _bytes, decoded, notes) {
      const unregistered = notes.find((n) => !kinds.has(n.kind) && !/^decode\./.test(n.kind));
      check(unregistered === undefined, () => `utp: unregistered note kind ${unregistered!.kind}`, decoded.message);
    },
  });
}

/** Whether @chainsafe/enr (an independent reader) takes the record and verifies its signature. */
function chainsafeVerifies(bytes: Uint8Array): boolean {
  try {
    ENR.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * ENRs: the codec never throws, covers a complete record and writes one without an error note back; the fact
 * reader and the signature check never throw; a record @chainsafe/enr verifies is not called invalid; the text
 * form round-trips.
 */
export function enrTarget(): FuzzTarget<CodecInput> {
  let cases: CodecCase[] = [];
  let donors: Uint8Array[] = [];
  return {
    name: 'enr',
    weight: 5,
    batchSize: 200,
    prepare() {
      cases = [codecCase('enr', enrCodec, enrSeeds())];
      donors = [...cases[0]!.seeds.map((s) => s.bytes), ...allVectorBlobs(300)];
    },
    generate: (rng) => generateCodecInput(rng, cases, donors),
    execute({ bytes }) {
      const { field, complete } = decodeAll(enrCodec, bytes, 'enr');
      const json = fieldJson(field);
      const unsafe = jsonProblem(json);
      check(unsafe === null, () => `enr: decoded JSON is not JSON-safe: ${unsafe}`);
      const notes = collectNotes(field);
      const record = readEnrRecord(bytes);
      const verdict = verifyEnrSignature(record);
      enrPairMap(record);
      enrSequence(record);
      enrIdentity(record);
      if (record.error === null && record.span.end === bytes.length && chainsafeVerifies(bytes)) {
        check(verdict !== 'invalid', '@chainsafe/enr verifies a signature Peerscope calls invalid');
      }
      const text = enrToText(bytes);
      check(
        sameBytes(enrFromText(text) ?? new Uint8Array(0), bytes),
        'enr: the text form does not give the bytes back',
      );
      if (!complete) {
        check(
          notes.some((n) => n.severity === 'error'),
          'enr: an incomplete decode carries no error note',
        );
        return;
      }
      const gaps = coverageProblems(field, bytes.length);
      check(gaps.length === 0, () => `enr: complete decode does not cover the bytes: ${gaps.slice(0, 3).join('; ')}`);
      if (notes.some((n) => n.severity === 'error' || NOT_IN_JSON.has(n.kind))) return;
      for (const keepLengths of [false, true]) {
        let encoded: Uint8Array;
        try {
          encoded = encodeValue(enrCodec, json, { keepLengths });
        } catch (e) {
          if (!(e instanceof EncodeError)) throw e;
          const last = e.path.split('.').pop()!.replace(/^\d+$/, 'a list item');
          check(false, `enr: decoded JSON does not encode (${last}: ${e.reason})`, e.path);
        }
        if (!sameBytes(encoded, bytes)) {
          const difference = describeDifference(field, bytes, encoded);
          check(false, `enr: decoded JSON re-encodes differently, first in ${difference.kind}`, difference.detail);
        }
      }
    },
  };
}
