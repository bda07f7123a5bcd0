import type { Type } from '@chainsafe/ssz';
import { sszFits, walk } from '../codecs/ssz';
import { brokenField, PartialDecodeError } from '../core/codec';
import { addNote, encodingLeaf, type Field } from '../core/field';
import { DecodeError } from '../core/reader';
import { annotateAcceptKeys, chooseAcceptForm, type AcceptFormChoice } from './accept-keys';
import { decodeContentKeyInPlace } from './content-keys/content-key-field';
import type { KeyContext } from './content-keys/key-readings';
import { decodeContentValueInPlace } from './content-values/content-value';
import { decodeEnrList } from './enr-field';
import type { DecodedPortalMessage, PortalDecodeContext, VersionEvidence } from './message-context';
import { checkDistances, checkListLimit, checkNodesTotal } from './message-rules';
import { layoutsOf, type MessageReading } from './message-reading';
import type { PortalMessageName } from './messages';
import { networkKinds } from './networks';
import { PORTAL_NOTES } from './note-kinds';
import { decodeCustomPayload, decodeExtensionPayload, pingTypeDisplay } from './ping-payloads';
import { monthOfVersion } from './version-choice';
import { AcceptBitList, AcceptCodes, CONTENT_VARIANTS, PingCustomPayload, PingWithPayloadType } from './wire-types';

/**
 * The container after the selector, per message (portal-wire-protocol.md "Message Types"): read with the SSZ
 * walker, then what the byte lists hold decoded in place (payloads, keys, ENRs, content) and the message's rules
 * checked.
 */

/** The bytes after the selector, read into the root as the message's fields. */
export class MessageBody {
  constructor(
    readonly bytes: Uint8Array,
    readonly root: Field,
    readonly context: PortalDecodeContext,
    readonly reading: MessageReading,
  ) {}

  /** Walks `type` over the rest of the message; a partial tree on malformed bytes. */
  read(type: Type<unknown>, from = 1): void {
    try {
      this.root.children!.push(...(walk(type, this.bytes, from, this.bytes.length, this.root.name).children ?? []));
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      const partial =
        e instanceof PartialDecodeError ? (e.partial.children ?? []) : [brokenField('body', e, this.bytes.length)];
      this.root.children!.push(...partial);
    }
  }

  /** A field of the message that was read whole (a broken one is left as the walker reported it). */
  field(name: string): Field | undefined {
    const f = this.root.children!.find((c) => c.name === name);
    return f && !isBroken(f) ? f : undefined;
  }

  keyContext(message: 'FindContent' | 'Offer'): KeyContext {
    const month = this.context.month ?? monthOfVersion(this.reading, this.context.version);
    const out: KeyContext = { networks: networkKinds(this.context.network), message };
    if (month !== undefined) out.month = month;
    return out;
  }
}

export type BodyDecoder = (body: MessageBody, result: DecodedPortalMessage, evidence: VersionEvidence) => void;

const decodePing: BodyDecoder = (body, _result, evidence) => {
  const { bytes, root, reading } = body;
  const layouts = layoutsOf(reading.spec.name, reading.era);
  const layout =
    layouts.find((t) => sszFits(t, bytes, 1, bytes.length)) ??
    (reading.era === 'current' && readU32(bytes, 11) === PingWithPayloadType.fixedEnd
      ? PingWithPayloadType
      : PingCustomPayload);
  body.read(layout);
  evidence.pingLayout = layout === PingWithPayloadType ? 'payload_type' : 'custom_payload';
  const type = body.field('payload_type');
  const payload = body.field('payload');
  if (type && typeof type.value === 'number') {
    type.display = pingTypeDisplay(type.value);
    if (payload) decodeExtensionPayload(payload, bytes, type.value, root.name);
  }
  const custom = body.field('custom_payload');
  if (custom) decodeCustomPayload(custom, bytes, root.name);
};

const decodeFindNodes: BodyDecoder = (body) => {
  body.read(layoutsOf('FindNodes', 'current')[0]!);
  const distances = body.field('distances');
  if (distances) checkDistances(distances);
};

const decodeNodes: BodyDecoder = (body, result) => {
  body.read(layoutsOf('Nodes', 'current')[0]!);
  const total = body.field('total');
  if (total && typeof total.value === 'number') {
    result.nodesTotal = total.value;
    const version = body.context.version;
    checkNodesTotal(
      total,
      version !== undefined && version.source !== 'assumed' && ['v1', 'v2'].includes(version.version),
    );
  }
  const enrs = body.field('enrs');
  if (enrs) decodeEnrs(enrs, body.bytes);
};

const decodeFindContent: BodyDecoder = (body, result) => {
  body.read(layoutsOf('FindContent', 'current')[0]!);
  const key = body.field('content_key');
  if (key) result.keys.push(decodeContentKeyInPlace(key, body.bytes, body.keyContext('FindContent')));
};

/** Content is a union: a selector byte, then one of connection_id, content or enrs (no offset). */
const decodeContent: BodyDecoder = (body, result) => {
  const { bytes, root } = body;
  if (bytes.length < 2) {
    const error = new DecodeError(1, 'Content: the union selector is missing', 'truncated');
    root.children!.push(brokenField('union_selector', error, bytes.length));
    return;
  }
  const selector = bytes[1]!;
  const variant = CONTENT_VARIANTS[selector];
  root.children!.push(
    encodingLeaf('union_selector', selector, 1, 2, variant ? `${variant.name} (${selector})` : undefined),
  );
  if (!variant) {
    const error = new DecodeError(
      1,
      `Content union selector ${selector}: 0 connection_id, 1 content, 2 enrs`,
      'bad-value',
    );
    root.children!.push(brokenField('value', error, bytes.length));
    return;
  }
  let field: Field;
  try {
    field = walk(variant.type, bytes, 2, bytes.length, variant.name);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    root.children!.push(e instanceof PartialDecodeError ? e.partial : brokenField(variant.name, e, bytes.length));
    return;
  }
  root.children!.push(field);
  if (variant.name === 'connection_id') {
    result.connectionId = connectionIdOf(field, bytes);
  } else if (variant.name === 'content') {
    const reading = body.context.request?.keys[0]?.reading ?? null;
    decodeContentValueInPlace(field, bytes, { reading, purpose: 'retrieval' });
  } else {
    decodeEnrs(field, bytes);
  }
};

const decodeOffer: BodyDecoder = (body, result) => {
  body.read(layoutsOf('Offer', 'current')[0]!);
  const keys = body.field('content_keys');
  if (!keys) return;
  checkListLimit(keys, 64, PORTAL_NOTES.offerCount, 'content keys');
  const context = body.keyContext('Offer');
  for (const key of keys.children ?? []) {
    if (!key.encoding && !isBroken(key)) result.keys.push(decodeContentKeyInPlace(key, body.bytes, context));
  }
};

const decodeAccept: BodyDecoder = (body, result, evidence) => {
  const { bytes, reading, context } = body;
  const offered = context.request?.message === 'Offer' ? context.request.keys.length : null;
  let choice: AcceptFormChoice;
  if (reading.era === 'seed') choice = { form: 'bitlist', evidence: null, ambiguous: null };
  else {
    const listStart = bytes.length >= 7 ? 1 + readU32(bytes, 3) : bytes.length;
    choice = chooseAcceptForm(bytes, Math.min(listStart, bytes.length), bytes.length, offered, context.version);
  }
  evidence.accept = choice;
  body.read(choice.form === 'codes' ? AcceptCodes : AcceptBitList);
  const id = body.field('connection_id');
  if (id) result.connectionId = connectionIdOf(id, bytes);
  const keys = body.field('content_keys');
  if (keys) {
    result.accepted = annotateAcceptKeys(keys, bytes, choice.form, offered);
    if (choice.ambiguous) addNote(keys, 'info', PORTAL_NOTES.ambiguous, choice.ambiguous);
  }
};

export const BODY_DECODERS: Record<PortalMessageName, BodyDecoder> = {
  Ping: decodePing,
  Pong: decodePing,
  FindNodes: decodeFindNodes,
  Nodes: decodeNodes,
  FindContent: decodeFindContent,
  Content: decodeContent,
  Offer: decodeOffer,
  Accept: decodeAccept,
};

/** The walker's placeholder for what it could not read: no range, or an error note on it. */
function isBroken(field: Field): boolean {
  return field.start === undefined || (field.notes ?? []).some((n) => n.severity === 'error');
}

function decodeEnrs(enrs: Field, bytes: Uint8Array): void {
  checkListLimit(enrs, 32, PORTAL_NOTES.enrCount, 'ENRs');
  decodeEnrList(enrs, bytes);
}

/** A 2-byte connection id; uTP headers carry it big-endian. */
function connectionIdOf(field: Field, bytes: Uint8Array): number {
  const id = (bytes[field.start!]! << 8) | bytes[field.start! + 1]!;
  field.display = `${id} (uTP connection id)`;
  return id;
}

function readU32(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) return -1;
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}
