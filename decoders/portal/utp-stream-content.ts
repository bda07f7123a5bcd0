import { toHex } from '../core/bytes';
import { addNote, encodingLeaf, generatedLeaf, hexLeaf, leaf, list, struct, type Field } from '../core/field';
import type { StreamEnding, UtpStreamReader } from '../utp/stream-announcement';
import type { DecodedContentKey } from './content-keys/content-key-field';
import { readContentValue, type ContentRequest } from './content-values/content-value';
import { readLeb128 } from './leb128';
import { PORTAL_NOTES } from './note-kinds';
import { findContentStreamHasLength, type VersionChoice } from './protocol-version';

/**
 * What Portal sends on a uTP stream (portal-wire-protocol.md "Content (0x05)" and "Accept (0x07)"): after an Accept,
 * each accepted item as `LEB128(length) ‖ content` (since 2022-07); after a Content with a connection id, the one
 * content item, length-prefixed since protocol v1 and bare (until FIN) before. Where the version is only guessed,
 * the framing that reads the data exactly wins.
 */

type Framing = 'length-prefixed' | 'bare' | 'either';

/** One length-prefixed item at `at`: null when its prefix or bytes are not all there. */
function itemAt(data: Uint8Array, at: number): { prefix: number; length: number } | null {
  const varint = readLeb128(data, at);
  if (varint.kind !== 'value' || at + varint.length + varint.value > data.length) return null;
  return { prefix: varint.length, length: varint.value };
}

/** The data after FindContent → Content(connection_id): one content item. */
export function findContentStreamReader(key: DecodedContentKey | null, version: VersionChoice): UtpStreamReader {
  const framing: Framing =
    version.source === 'enr' || version.source === 'given'
      ? findContentStreamHasLength(version.version)
        ? 'length-prefixed'
        : 'bare'
      : 'either';
  const request: ContentRequest = { reading: key?.reading ?? null, purpose: 'retrieval' };
  return {
    isComplete(data) {
      if (framing === 'bare') return false;
      const item = itemAt(data, 0);
      return item !== null && (framing === 'length-prefixed' || item.prefix + item.length === data.length);
    },
    read(data, ending) {
      const item = itemAt(data, 0);
      const prefixed =
        framing === 'length-prefixed' ||
        (framing === 'either' && item !== null && item.prefix + item.length === data.length);
      const root = struct('content', 0, [], data.length);
      let start = 0;
      let end = data.length;
      if (prefixed) {
        const varint = readLeb128(data, 0);
        if (varint.kind === 'value') {
          root.children!.push(encodingLeaf('length', varint.value, 0, varint.length, 'LEB128 length prefix (v1 on)'));
          start = varint.length;
          end = Math.min(data.length, start + varint.value);
        }
      }
      root.children!.push(valueLeaf('value', data, start, end, request, ending));
      if (end < data.length) trailing(root, data, end);
      root.display = prefixed ? 'length-prefixed content (protocol v1 on)' : 'bare content until FIN (protocol v0)';
      return root;
    },
  };
}

/** The data after Offer → Accept: the accepted items in offer order, each length-prefixed. */
export function offerStreamReader(keys: readonly DecodedContentKey[], seed: boolean): UtpStreamReader {
  const requests = keys.map((k): ContentRequest => ({ reading: k.reading, purpose: 'offer' }));
  const complete = (data: Uint8Array): boolean => {
    let at = 0;
    for (let i = 0; i < keys.length; i++) {
      const item = itemAt(data, at);
      if (!item) return false;
      at += item.prefix + item.length;
    }
    return true;
  };
  return {
    isComplete: (data) => !seed && complete(data),
    read(data, ending) {
      const root = list('content', 0, [], data.length);
      let at = 0;
      if (seed || (keys.length === 1 && !complete(data))) {
        // The seed's stream carried the item bare (no length prefixes before 2022-07).
        const item = struct('0', 0, [generatedLeaf('content_key', keys[0] ? toHex(keys[0].bytes) : null)], data.length);
        item.children!.push(
          valueLeaf('value', data, 0, data.length, requests[0] ?? { reading: null, purpose: 'offer' }, ending),
        );
        root.children!.push(item);
        root.display = 'bare content (before 2022-07)';
        return root;
      }
      for (let i = 0; i < keys.length && at < data.length; i++) {
        const varint = readLeb128(data, at);
        const item = struct(String(i), at, [
          generatedLeaf('content_key', toHex(keys[i]!.bytes), keys[i]!.reading?.kind.label),
        ]);
        root.children!.push(item);
        if (varint.kind !== 'value') {
          item.children!.push(leaf('value', toHex(data, at), at, data.length));
          item.end = data.length;
          addNote(item, 'warning', PORTAL_NOTES.streamFraming, `item ${i}: no LEB128 length at stream offset ${at}`);
          at = data.length;
          break;
        }
        item.children!.push(encodingLeaf('length', varint.value, at, at + varint.length, 'LEB128 length prefix'));
        const start = at + varint.length;
        const end = Math.min(data.length, start + varint.value);
        item.children!.push(valueLeaf('value', data, start, end, requests[i]!, ending));
        item.end = end;
        at = end;
      }
      if (at < data.length) trailing(root, data, at);
      const items = root.children!.filter((c) => !c.encoding).length;
      if (items < keys.length) {
        addNote(root, 'warning', PORTAL_NOTES.streamFraming, `${items} of ${keys.length} accepted items on the stream`);
      }
      return root;
    },
  };
}

/** The item's bytes (hex, as its JSON) with the decoded value beneath. */
function valueLeaf(
  name: string,
  data: Uint8Array,
  start: number,
  end: number,
  request: ContentRequest,
  ending: StreamEnding,
): Field {
  // The hex of a whole content item is made only if something shows it.
  const field = hexLeaf(name, data, start, end);
  const value = readContentValue(request, data, start, end);
  if (value) field.children = [value];
  else {
    const why = request.reading
      ? `no reader for ${request.reading.kind.label} content`
      : 'the content key was not understood';
    addNote(field, 'info', PORTAL_NOTES.contentUndecoded, `kept as bytes: ${why}`);
  }
  if (ending === 'reset' || ending === 'end') field.display = `read as far as the stream went (${ending})`;
  return field;
}

function trailing(root: Field, data: Uint8Array, at: number): void {
  const extra = leaf('trailing', toHex(data, at), at, data.length);
  addNote(extra, 'warning', PORTAL_NOTES.streamFraming, `${data.length - at} bytes after the announced content`);
  root.children!.push(extra);
}
