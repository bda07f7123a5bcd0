import { fromHex } from '../../../decoders/core/bytes';
import type { Direction } from '../../../decoders/core/dissector';
import { collectNotes, fieldByPath } from '../../../decoders/core/field';
import type { JsonObject } from '../../../decoders/core/json';
import type { MessageRecord } from '../../../decoders/core/message';
import { lengthPrefixed, portal, utpTransferPackets } from '../../../decoders/portal';
import { STREAM_SETUP_WAIT_SECONDS } from '../../../decoders/utp';
import { valueVectors } from '../../portal/support/vectors';
import { TalkFlow } from '../../portal/support/talk-flow';
import { coverageProblems } from '../../support/field-coverage';
import { concatParts, mutate } from '../mutators';
import type { Random } from '../random';
import { check, jsonProblem, type FuzzTarget } from '../target';

/**
 * uTP streams announced by Portal messages, through the Portal and uTP sessions of one discv5 flow (the
 * TalkFlow helper stands in for discv5): FindContent answered by Content with a connection id (the acceptor sends
 * the data, length-prefixed as since v1, or bare until FIN as in v0), and Offer answered by Accept (the initiator
 * sends every accepted item). The packets come reordered, repeated, lost, mutated, or late.
 */

interface Transfer {
  name: string;
  /** The Portal request and response announcing the stream, and who sends them. */
  announce: { request: Uint8Array; response: Uint8Array; protocolId: Uint8Array };
  /** ENRs that make the flow v0 (the data bare until FIN), or none (v1 and later). */
  v0: boolean;
  packets: { dir: Direction; payload: Uint8Array }[];
  /** The content field of the clean reading, as JSON text. */
  content: string;
}

export interface UtpStreamInput {
  transfer: number;
  /** Indexes into the transfer's packets, in the order sent (repeats allowed), or mutated packets. */
  order: (number | { mutated: Uint8Array; dir: Direction })[];
  /** Seconds between packets (a long pause lets the announcement expire). */
  pause: number;
}

const HISTORY = Uint8Array.of(0x50, 0x0b);
const STATE = Uint8Array.of(0x50, 0x0a);

function play(transfer: Omit<Transfer, 'content'>, order: UtpStreamInput['order'], pause = 0.01): TalkFlow {
  const flow = new TalkFlow();
  flow.step = pause;
  if (transfer.v0) flow.enrs = [new Map(), new Map()];
  const id = flow.request(0, transfer.announce.protocolId, transfer.announce.request);
  flow.response(1, id, transfer.announce.response);
  for (const item of order) {
    if (typeof item === 'number') {
      const p = transfer.packets[item]!;
      flow.utp(p.dir, p.payload);
    } else flow.utp(item.dir, item.mutated);
  }
  flow.end();
  return flow;
}

function contentOf(records: readonly MessageRecord[]): string[] {
  return records
    .filter((r) => r.protocol === 'utp' && (r.fields.stream as JsonObject | undefined)?.content !== undefined)
    .map((r) => JSON.stringify((r.fields.stream as JsonObject).content));
}

function transfers(): Transfer[] {
  const encode = (message: string, fields: JsonObject) => portal.encodeMessage({ message, fields });
  const withValues = valueVectors.filter((v) => v.content_value && v.content_value.length < 20_000);
  const out: Omit<Transfer, 'content'>[] = [];
  withValues.slice(0, 4).forEach((v, i) => {
    for (const [v0, chunk] of [
      [false, 300],
      [true, 700],
    ] as const) {
      const value = fromHex(v.content_value!);
      const cid = 0x100 + i * 7 + (v0 ? 1 : 0);
      out.push({
        name: `${v.name} (FindContent${v0 ? ', v0' : ''})`,
        announce: {
          request: encode('FindContent', { content_key: v.content_key }),
          response: encode('Content', { connection_id: cid }),
          protocolId: HISTORY,
        },
        v0,
        packets: utpTransferPackets({
          connectionId: cid,
          data: v0 ? value : lengthPrefixed(value),
          dataFrom: 'acceptor',
          chunk,
        }).map((p) => ({ dir: p.from === 'initiator' ? 0 : 1, payload: p.payload })),
      });
    }
  });
  const offered = valueVectors.filter((v) => v.content_value_offer).slice(0, 3);
  if (offered.length >= 2) {
    const data = concatParts(
      [offered[0]!, offered[offered.length - 1]!].map((v) => lengthPrefixed(fromHex(v.content_value_offer!))),
    );
    const codes = offered.map((_, i) => (i === 0 || i === offered.length - 1 ? 0 : 2));
    out.push({
      name: 'Offer of state values',
      announce: {
        request: encode('Offer', { content_keys: offered.map((v) => v.content_key) }),
        response: encode('Accept', { connection_id: 0x0bad, content_keys: codes }),
        protocolId: STATE,
      },
      v0: false,
      packets: utpTransferPackets({ connectionId: 0x0bad, data, dataFrom: 'initiator', chunk: 400 }).map((p) => ({
        dir: p.from === 'initiator' ? 0 : 1,
        payload: p.payload,
      })),
    });
  }
  return out.map((t) => {
    const content = contentOf(
      play(
        t,
        t.packets.map((_, i) => i),
      ).records(),
    );
    if (content.length !== 1) throw new Error(`the clean transfer ${t.name} reads ${content.length} contents`);
    return { ...t, content: content[0]! };
  });
}

/**
 * Oracles: never throws; records JSON-safe; every packet read without an error covers its bytes, and content read
 * from a stream covers its own byte source. When every packet arrives (SYN and SYN-ACK first, the FIN's
 * acknowledgement last, the rest in any order, some twice) and nothing is late, the content is read exactly once
 * and is the clean reading's.
 */
export function utpStreamTarget(): FuzzTarget<UtpStreamInput> {
  let seeds: Transfer[] = [];
  return {
    name: 'utp-stream',
    weight: 3,
    batchSize: 40,
    prepare() {
      seeds = transfers();
    },
    generate(rng: Random) {
      const transfer = rng.below(seeds.length);
      const { packets } = seeds[transfer]!;
      const middle = Array.from({ length: packets.length - 3 }, (_, i) => i + 2);
      const shuffled = rng.chance(0.5) ? rng.shuffled(middle) : nearlySorted(rng, middle);
      const order: UtpStreamInput['order'] = [0, 1];
      for (const i of shuffled) {
        if (rng.chance(0.05)) order.push(i);
        if (rng.chance(0.03)) continue;
        if (rng.chance(0.04)) {
          const p = packets[i]!;
          order.push({ mutated: mutate(rng, p.payload, { maxLength: 2048 }), dir: p.dir });
        } else order.push(i);
      }
      order.push(packets.length - 1);
      const pause = rng.chance(0.05) ? STREAM_SETUP_WAIT_SECONDS + 1 : 0.01;
      return { transfer, order, pause };
    },
    execute(input) {
      const transfer = seeds[input.transfer]!;
      const flow = play(transfer, input.order, input.pause);
      const records = flow.records();
      for (const r of records) {
        const unsafe = jsonProblem(r);
        check(unsafe === null, () => `utp stream: record is not JSON-safe: ${unsafe}`);
      }
      for (const m of flow.analyzed) {
        if (m.decoded.protocol !== 'utp') continue;
        const content = fieldByPath(m.decoded.tree, 'stream.content');
        if (content?.source) {
          const source = m.decoded.sources?.find((s) => s.name === content.source);
          check(source !== undefined, 'utp stream: content names a byte source the message lacks');
          if (!collectNotes(content).some((n) => n.severity === 'error')) {
            const gaps = coverageProblems(m.decoded.tree, source.bytes.length, content.source);
            check(
              gaps.length === 0,
              () => `utp stream content: bytes no field explains: ${gaps.slice(0, 3).join('; ')}`,
            );
          }
        }
        if (collectNotes(m.decoded.tree).some((n) => n.severity === 'error')) continue;
        const gaps = coverageProblems(m.decoded.tree, m.decoded.bytes.length);
        check(
          gaps.length === 0,
          () => `utp ${m.decoded.message}: bytes no field explains: ${gaps.slice(0, 3).join('; ')}`,
        );
      }
      const whole = input.order.every((o) => typeof o === 'number') && input.pause < 1;
      const delivered = new Set(input.order.filter((o): o is number => typeof o === 'number'));
      if (!whole || delivered.size !== transfer.packets.length) return;
      const contents = contentOf(records);
      check(
        contents.length === 1,
        () => `utp stream: content read ${contents.length} times from one whole transfer`,
        transfer.name,
      );
      check(
        contents[0] === transfer.content,
        'utp stream: reordered or repeated packets give other content than the clean transfer',
        () => `${transfer.name}: ${contents[0]?.slice(0, 200)}`,
      );
    },
  };
}

/** Mostly in order, with neighbours swapped here and there (what a real network does). */
function nearlySorted(rng: Random, items: number[]): number[] {
  const out = [...items];
  for (let i = 0; i + 1 < out.length; i++) if (rng.chance(0.2)) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  return out;
}
