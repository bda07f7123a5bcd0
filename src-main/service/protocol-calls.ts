import { fromHex, HexError, toHex } from '../../decoders/core/bytes';
import type { Protocol } from '../../decoders/core/dissector';
import { collectNotes, fieldsJson, plainField } from '../../decoders/core/field';
import { EncodeError, type JsonObject } from '../../decoders/core/json';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import type { DecodeResult, EncodeResult, FieldNode, ProtocolInfo } from '../api/peerscope-api';
import { byteSources } from './message-decoder';

/** The registered protocols with their messages and the JSON Schema the composer validates against. */
export function protocolInfos(registry: ProtocolRegistry): ProtocolInfo[] {
  return registry.all().map((p) => ({
    name: p.declaration.name,
    title: p.declaration.title,
    transport: p.transport,
    messages: p.declaration.messages.map((m) => ({ name: m.name, code: m.code, summary: m.summary })),
    schema: p.declaration.schema() as JsonObject,
  }));
}

/** One message from hex, as `peerscope decode` prints it, with its tree and bytes. */
export function decodeHex(registry: ProtocolRegistry, protocol: string, hex: string): DecodeResult {
  const codec = protocolNamed(registry, protocol);
  let bytes: Uint8Array;
  try {
    bytes = fromHex(hex);
  } catch (e) {
    if (e instanceof HexError) throw new Error(`bad hex: ${e.message}`, { cause: e });
    throw e;
  }
  const m = codec.decodeMessage(bytes);
  return {
    record: {
      protocol: m.protocol,
      message: m.message,
      code: m.code,
      requestId: m.requestId,
      fields: fieldsJson(m.tree),
      notes: collectNotes(m.tree),
    },
    tree: plainField(m.tree) as FieldNode,
    sources: byteSources(m),
  };
}

/** A message's bytes from its JSON (as `peerscope encode`); a refusal names the field path. */
export function encodeJson(registry: ProtocolRegistry, protocol: string, message: JsonObject): EncodeResult {
  const codec = protocolNamed(registry, protocol);
  try {
    return { hex: toHex(codec.encodeMessage(message)) };
  } catch (e) {
    if (e instanceof EncodeError) return { error: e.reason, path: e.path };
    throw e;
  }
}

function protocolNamed(registry: ProtocolRegistry, name: string): Protocol {
  const protocol = registry.get(name.toLowerCase());
  if (!protocol) throw new Error(`unknown protocol ${name}; known: ${registry.names().join(', ')}`);
  return protocol;
}
