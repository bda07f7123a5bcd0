import { fromHex } from '../../../decoders/core/bytes';
import type { Direction, Protocol, UdpProtocol } from '../../../decoders/core/dissector';
import type { KeyStore } from '../../../decoders/core/keys';
import type { MessageRecord } from '../../../decoders/core/message';
import { DISCV5_NOTES, MESSAGE_SOURCE, PACKET_SOURCE } from '../../../decoders/discv5';
import { ENR_NOTES } from '../../../decoders/enr';
import { PORTAL_NOTES } from '../../../decoders/portal';
import { UTP_NOTES } from '../../../decoders/utp/note-kinds';
import { runDatagrams, type DatagramEvent } from '../../discv5/support/datagram-playbook';
import { packetVector, NODE_A_KEY, NODE_B_KEY } from '../../discv5/support/wire-vectors';
import { mutate } from '../mutators';
import type { Random } from '../random';
import { registeredDiscv5, simulatedConversations } from '../seeds/discv5-messages';
import { keyStoreWith, recordedDiscv5Flows } from '../seeds/sample-flows';
import { check, jsonProblem, sameBytes, type FuzzTarget } from '../target';

/**
 * discv5 flows through the UdpProtocol flow dissector (Portal and uTP carried, as the engine registers them):
 * the recorded sample flows, simulated first contacts whose every key is known, and the wire vectors' handshake,
 * read with no node key, either node's, or both; datagrams mutated, dropped, repeated, swapped, or random ones
 * slipped in.
 */

interface FlowSeed {
  name: string;
  datagrams: DatagramEvent[];
  nodeKeys: Uint8Array[];
  /** Per key subset (bit i: node key i), the clean reading: records and each datagram's plaintext. */
  reference: Map<number, FlowReference>;
}

interface FlowReference {
  essentials: string[];
  plaintexts: (Uint8Array | null)[];
}

export interface Discv5FlowInput {
  flow: number;
  /** Which node keys the reader has (bit i: node key i). */
  keys: number;
  datagrams: { dir: Direction; data: Uint8Array; frame: number; time: number; origin: number; changed: boolean }[];
  /** Read the flow a second time with the same key store, as the engine's second pass does. */
  secondPass: boolean;
  /** Hand the datagrams on as Node Buffers, as the engine does (views into the capture reader's chunks). */
  asBuffers: boolean;
}

/** The wire vectors' WHOAREYOU and the handshake answering it, then an ordinary PING (node A initiates). */
function vectorFlow(): DatagramEvent[] {
  return ['whoareyou_flag1', 'ping_handshake_flag2', 'ping_handshake_with_enr_flag2', 'ping_message_flag0'].map(
    (name, i) => ({
      dir: name.startsWith('whoareyou') ? 1 : 0,
      data: fromHex(packetVector(name).packet),
      frame: i + 1,
    }),
  );
}

function essential(record: MessageRecord): string {
  const notes = record.notes.filter((n) => !n.kind.startsWith('pair.')).map((n) => n.kind);
  return JSON.stringify({
    src: record.src,
    protocol: record.protocol,
    message: record.message,
    fields: record.fields,
    notes,
  });
}

const KNOWN_KINDS = new Set<string>([
  ...Object.values(DISCV5_NOTES),
  ...Object.values(ENR_NOTES),
  ...Object.values(PORTAL_NOTES),
  ...Object.values(UTP_NOTES),
]);
const isKnownKind = (kind: string) => KNOWN_KINDS.has(kind) || /^(pair|decode|rlp|ssz|ethereum)\./.test(kind);

export function discv5PacketTarget(): FuzzTarget<Discv5FlowInput> {
  let seeds: FlowSeed[] = [];
  let discv5: UdpProtocol;
  let carried: Protocol[] = [];
  const keysOf = (seed: FlowSeed, subset: number): KeyStore =>
    keyStoreWith(
      undefined,
      seed.nodeKeys.filter((_, i) => subset & (1 << i)),
    );
  const read = (seed: FlowSeed, datagrams: readonly DatagramEvent[], keys: KeyStore) =>
    runDatagrams(discv5, datagrams, keys, carried);
  return {
    name: 'discv5-packet',
    weight: 3,
    batchSize: 20,
    prepare() {
      ({ discv5, carried } = registeredDiscv5());
      const flows = [
        ...recordedDiscv5Flows().map((f) => ({ name: f.name, datagrams: f.datagrams, nodeKeys: f.nodeKeys })),
        ...simulatedConversations().map((c, i) => ({
          name: `simulated-${i}`,
          datagrams: c.events,
          nodeKeys: c.nodeKeys,
        })),
        { name: 'wire-vectors', datagrams: vectorFlow(), nodeKeys: [NODE_A_KEY, NODE_B_KEY] },
      ];
      seeds = flows.map((f) => {
        const seed: FlowSeed = { ...f, reference: new Map() };
        for (let subset = 0; subset < 1 << f.nodeKeys.length; subset++) {
          const { records, analyzed } = read(seed, f.datagrams, keysOf(seed, subset));
          seed.reference.set(subset, {
            essentials: records.map(essential),
            plaintexts: analyzed.map((m) => m.decoded.sources?.find((s) => s.name === MESSAGE_SOURCE)?.bytes ?? null),
          });
        }
        return seed;
      });
    },
    generate(rng: Random) {
      const flow = rng.below(seeds.length);
      const seed = seeds[flow]!;
      const datagrams: Discv5FlowInput['datagrams'] = [];
      const mutating = rng.chance(0.7);
      const donors = seed.datagrams.map((d) => d.data);
      seed.datagrams.forEach((d, origin) => {
        const at = { frame: d.frame ?? origin + 1, time: d.time ?? 1_700_000_000 + origin / 100 };
        if (mutating && rng.chance(0.04)) return;
        if (mutating && rng.chance(0.03)) {
          datagrams.push({
            dir: rng.below(2) as Direction,
            data: rng.bytes(rng.smallish(1400)),
            ...at,
            origin: -1,
            changed: true,
          });
        }
        const change = mutating && rng.chance(Math.min(0.5, 2 / seed.datagrams.length));
        const data = change ? mutate(rng, d.data, { donors, maxLength: 1500 }) : d.data;
        datagrams.push({ dir: d.dir, data, ...at, origin, changed: !sameBytes(data, d.data) });
        if (mutating && rng.chance(0.03)) datagrams.push({ ...datagrams.at(-1)! });
      });
      if (mutating && datagrams.length > 1 && rng.chance(0.2)) {
        const i = rng.below(datagrams.length - 1);
        [datagrams[i], datagrams[i + 1]] = [datagrams[i + 1]!, datagrams[i]!];
      }
      // Frames must grow within a pass (a frame number that does not is a new pass).
      datagrams.forEach((d, i) => (d.frame = i + 1));
      const keys = rng.below(1 << seed.nodeKeys.length);
      return { flow, keys, datagrams, secondPass: rng.chance(0.25), asBuffers: rng.chance(0.5) };
    },
    execute(input) {
      const seed = seeds[input.flow]!;
      const keys = keysOf(seed, input.keys);
      // Fresh copies each time: a dissector that writes into its input must not change the seeds.
      const copy = (data: Uint8Array) => (input.asBuffers ? Buffer.from(data) : new Uint8Array(data));
      const given = input.datagrams.map((d) => ({ ...d, data: copy(d.data) }));
      for (const d of given) discv5.detect(d.data, keys);
      const { records, analyzed, streamNotes } = read(seed, given, keys);
      given.forEach((d, i) =>
        check(sameBytes(d.data, input.datagrams[i]!.data), 'discv5: the dissector changed the datagram it was given'),
      );
      check(
        records.length === input.datagrams.length,
        () => `discv5: ${records.length} messages for ${input.datagrams.length} datagrams`,
      );
      for (const [i, r] of records.entries()) {
        check(r.index === i, 'discv5: records are not numbered in order');
        const unsafe = jsonProblem(r);
        check(unsafe === null, () => `discv5: record is not JSON-safe: ${unsafe}`);
        const unknown = r.notes.find((n) => !isKnownKind(n.kind));
        check(unknown === undefined, () => `discv5 flow: unregistered note kind ${unknown!.kind}`, r.message);
      }
      const failed = [...records.flatMap((r) => r.notes), ...streamNotes.map((s) => s.note)].find(
        (n) => n.kind === DISCV5_NOTES.talkDecoderError,
      );
      check(
        failed === undefined,
        () => `discv5: a carried decoder threw: ${failed!.text.replace(/\d+/g, 'N')}`,
        failed?.text,
      );
      const full = seed.reference.get((1 << seed.nodeKeys.length) - 1)!;
      analyzed.forEach((m, i) => {
        const packet = m.decoded.sources?.find((s) => s.name === PACKET_SOURCE)?.bytes;
        check(
          packet === undefined || sameBytes(packet, input.datagrams[i]!.data),
          'discv5: the packet byte source is not the datagram as sent',
          () => `${seed.name} datagram ${i}`,
        );
        const plaintext = m.decoded.sources?.find((s) => s.name === MESSAGE_SOURCE)?.bytes;
        if (!plaintext) return;
        const d = input.datagrams[i]!;
        check(!d.changed, 'discv5: a changed or random datagram decrypted', () => `${seed.name} datagram ${i}`);
        const expected = full.plaintexts[d.origin];
        check(
          expected != null && sameBytes(expected, plaintext),
          'discv5: a datagram decrypted to another plaintext than the clean reading has',
          () => `${seed.name} datagram ${i} (originally ${d.origin})`,
        );
      });
      const reference = seed.reference.get(input.keys)!;
      const firstChange = input.datagrams.findIndex((d, i) => d.changed || d.origin !== i);
      const intact = firstChange < 0 ? input.datagrams.length : firstChange;
      for (let i = 0; i < intact; i++) {
        check(
          essential(records[i]!) === reference.essentials[i],
          'discv5: a datagram before the first change decodes differently than in the clean reading',
          () =>
            `${seed.name} datagram ${i}: ${essential(records[i]!).slice(0, 300)} instead of ${reference.essentials[i]?.slice(0, 300)}`,
        );
      }
      if (input.secondPass) {
        const again = read(
          seed,
          input.datagrams.map((d) => ({ ...d, data: copy(d.data) })),
          keys,
        ).records.map(essential);
        const differs = again.findIndex((e, i) => e !== essential(records[i]!));
        check(
          differs < 0,
          'discv5: a second pass with the same keys decodes differently',
          () => `${seed.name} datagram ${differs}`,
        );
      }
    },
  };
}
