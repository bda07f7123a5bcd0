/**
 * Holds a Portal capture's decoded messages against what the sample script composed and the ChainSafe nodes logged
 * as they sent it (samples/discv5/portal-conversation.ts, chainsafe-exchange.ts): per node, in send order, each
 * TALKREQ/TALKRESP as the carried message it holds, with the values composed for it.
 */
import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../../../decoders/core/bytes';
import { fieldByPath, type Field } from '../../../decoders/core/field';
import { KeyStore } from '../../../decoders/core/keys';
import type { MessageRecord } from '../../../decoders/core/message';
import type { Note } from '../../../decoders/core/notes';
import type { PairInfo } from '../../../decoders/core/pairing';
import { analyzeCaptureFile } from '../../../src-main/engine/analyze-capture';
import type { AnalyzedMessage } from '../../../src-main/engine/message-analysis';
import { defaultRegistry } from '../../../src-main/engine/protocols';
import type { CarriedValue, SentMessage, Side } from '../../../samples/discv5/chainsafe-exchange';
import { differences, readBack } from '../../discv5/support/sent-comparison';

/** Packets shown as packets: no message was read from them. */
export const PACKET_ONLY = ['WHOAREYOU', 'ENCRYPTED', 'MASKED'];

/** One message read from the capture, with what it was decoded from. */
export interface ReadCarried {
  from: Side;
  record: MessageRecord;
  tree: Field;
  bytes: Uint8Array;
}

export interface AnalyzedPortalCapture {
  records: MessageRecord[];
  /** The messages read (packets that showed none left out), in capture order. */
  read: ReadCarried[];
  /** discv5-level reading (what readBack gives), for the TALKREQ/TALKRESP comparison. */
  discv5: ReturnType<typeof readBack>;
  streamNotes: { direction: number; note: Note }[];
}

/** Runs the engine over the capture with the given node keys (hex), keeping final pairing and end-of-flow notes. */
export async function analyzePortalCapture(
  path: string,
  nodeKeys: readonly string[],
  aEndpoint: string,
): Promise<AnalyzedPortalCapture> {
  const keys = new KeyStore();
  for (const k of nodeKeys) keys.addPrivateKey(fromHex(k));
  const analyzed: AnalyzedMessage[] = [];
  const pairs = new Map<number, PairInfo>();
  const streamNotes: AnalyzedPortalCapture['streamNotes'] = [];
  await analyzeCaptureFile(
    path,
    { registry: defaultRegistry(), keys },
    {
      message: (m) => analyzed.push(m),
      pairUpdate: (index, pair) => pairs.set(index, pair),
      streamNote: (_c, direction, note) => streamNotes.push({ direction, note }),
    },
  );
  const discv5 = readBack(analyzed, pairs, aEndpoint);
  const read = analyzed.flatMap((m, i): ReadCarried[] => {
    const record = discv5.records[i]!;
    if (PACKET_ONLY.includes(record.message)) return [];
    return [{ from: record.src === aEndpoint ? 'a' : 'b', record, tree: m.decoded.tree, bytes: m.decoded.bytes }];
  });
  return { records: discv5.records, read, discv5, streamNotes };
}

/** Node key file contents (hex) of a sample. */
export function keyHex(path: URL): string {
  return readFileSync(path, 'utf8').trim();
}

/**
 * What differs between a message read and the one sent: sender, request id, the TALKREQ/TALKRESP payload, and the
 * carried message's name and every value composed for it. Empty when they agree.
 */
export function carriedDifferences(
  read: ReadCarried,
  readDiscv5: Parameters<typeof differences>[0],
  sent: SentMessage,
): string[] {
  const out = differences(readDiscv5, sent);
  const carried = sent.carried;
  if (!carried) return [...out, `${sent.message} ${sent.requestId} carried nothing known`];
  if (read.record.protocol !== carried.protocol || read.record.message !== carried.message) {
    out.push(`read ${read.record.protocol} ${read.record.message}, sent ${carried.protocol} ${carried.message}`);
    return out;
  }
  for (const [name, value] of Object.entries(carried.values)) {
    out.push(
      ...valueDifferences(
        value,
        read.tree.children?.find((c) => c.name === name),
        read.bytes,
        name,
      ),
    );
  }
  return out;
}

/**
 * A value as composed against the field decoded from it. Bytes composed as 0x-hex that the decoder reads into a
 * structure (a content key, an ENR) compare with the bytes the structure was read from; numbers and decimal
 * strings compare as text.
 */
function valueDifferences(expected: CarriedValue, field: Field | undefined, bytes: Uint8Array, path: string): string[] {
  if (!field) return [`${path}: not decoded`];
  if (typeof expected === 'string' && expected.startsWith('0x') && field.shape !== 'leaf') {
    const got = toHex(bytes.subarray(field.start, field.end));
    return got === expected.toLowerCase() ? [] : [`${path}: read from ${got}, sent ${expected}`];
  }
  if (Array.isArray(expected)) {
    const items = (field.children ?? []).filter((c) => !c.encoding);
    if (items.length !== expected.length) return [`${path}: ${items.length} items, sent ${expected.length}`];
    return expected.flatMap((e, i) => valueDifferences(e, items[i], bytes, `${path}.${i}`));
  }
  if (expected !== null && typeof expected === 'object') {
    return Object.entries(expected).flatMap(([name, e]) =>
      valueDifferences(
        e,
        field.children?.find((c) => c.name === name),
        bytes,
        `${path}.${name}`,
      ),
    );
  }
  const got = String(field.value).toLowerCase();
  return got === String(expected).toLowerCase() ? [] : [`${path}: ${got}, sent ${JSON.stringify(expected)}`];
}

/** Compares every message one node sent with what was read from it, in order. */
export function sideDifferences(capture: AnalyzedPortalCapture, sent: readonly SentMessage[], side: Side): string[] {
  const reads = capture.read.map((r, i) => ({ r, d: capture.discv5.messages[i]! })).filter(({ r }) => r.from === side);
  const mine = sent.filter((m) => m.from === side);
  const out = reads.length === mine.length ? [] : [`${side}: read ${reads.length} messages, sent ${mine.length}`];
  mine.forEach((m, i) => {
    const got = reads[i];
    if (got) out.push(...carriedDifferences(got.r, got.d, m).map((d) => `${side} #${i} (${got.r.record.index}): ${d}`));
  });
  return out;
}

/** The first field at `path` of a message, e.g. `stream.content`. */
export function fieldOf(read: ReadCarried, path: string): Field | undefined {
  return fieldByPath(read.tree, path);
}
