import { RLP, type Input } from '@ethereumjs/rlp';
import { fromHex } from '../../../decoders/core/bytes';
import type { Protocol, UdpProtocol } from '../../../decoders/core/dissector';
import { isTalkProtocol, MESSAGE_SOURCE } from '../../../decoders/discv5';
import { enrFromText } from '../../../decoders/enr';
import { lengthPrefixed, portal, utpTransferPackets } from '../../../decoders/portal';
import { utp } from '../../../decoders/utp';
import { defaultRegistry } from '../../../src-main/engine/protocols';
import { runDatagrams, type DatagramEvent } from '../../discv5/support/datagram-playbook';
import { signedEnr } from '../../discv5/support/packet-builder';
import { simulatedNode, SimulatedPair } from '../../discv5/support/simulated-pair';
import { WIRE } from '../../discv5/support/wire-vectors';
import { keyVectors, utpVectors, valueVectors, wireVectors } from '../../portal/support/vectors';
import type { Random } from '../random';
import { keyStoreWith, recordedDiscv5Flows } from './sample-flows';
import { encodedFromSchemas } from './schema-values';

/**
 * Seeds of discv5 and what it carries: the recorded sample flows decoded with both node keys (message plaintexts,
 * Portal payloads, uTP packets, ENRs), conversations of two simulated nodes whose every key is known, the discv5,
 * Portal and uTP wire vectors, the Portal content keys and values, and every message's schema values.
 */

/** The discv5 protocol as the engine registers it (node:crypto AES), and the protocols it carries (Portal, uTP). */
export function registeredDiscv5(): { discv5: UdpProtocol; carried: Protocol[] } {
  const registry = defaultRegistry();
  const discv5 = registry.get('discv5') as UdpProtocol;
  return { discv5, carried: registry.all().filter(isTalkProtocol) };
}

interface SampleDiscv5Messages {
  plaintexts: Uint8Array[];
  portal: Uint8Array[];
  utp: Uint8Array[];
  enrs: Uint8Array[];
}

let sampleMessages: SampleDiscv5Messages | null = null;

/** What the recorded discv5 flows carry, decoded with both node keys (once per thread). */
export function discv5SampleMessages(): SampleDiscv5Messages {
  if (sampleMessages) return sampleMessages;
  const found: SampleDiscv5Messages = { plaintexts: [], portal: [], utp: [], enrs: [] };
  const { discv5, carried } = registeredDiscv5();
  for (const flow of recordedDiscv5Flows()) {
    const { analyzed } = runDatagrams(discv5, flow.datagrams, keyStoreWith(undefined, flow.nodeKeys), carried);
    for (const { decoded } of analyzed) {
      const plain = decoded.sources?.find((s) => s.name === MESSAGE_SOURCE)?.bytes;
      if (plain) found.plaintexts.push(plain);
      if (decoded.protocol === 'portal') found.portal.push(decoded.bytes);
      if (decoded.protocol === 'utp' && decoded.message !== 'TalkResponse') found.utp.push(decoded.bytes);
    }
  }
  found.enrs = found.plaintexts.filter((p) => p[0] === 0x04).flatMap(enrsOfNodes);
  return (sampleMessages = found);
}

/** The records of a discv5 NODES plaintext: `0x04 ‖ rlp([request-id, total, [ENR, …]])`. */
function enrsOfNodes(nodes: Uint8Array): Uint8Array[] {
  try {
    const [, , records] = RLP.decode(nodes.subarray(1)) as [Uint8Array, Uint8Array, Input[]];
    return records.map((r) => RLP.encode(r));
  } catch {
    return [];
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Records of simulated nodes with every value kind a record holds (addresses, ports, eth2 and Portal keys). */
function simulatedRecords(): Uint8Array[] {
  const key = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (seed * 29 + i * 3 + 7) & 0xff);
  return [
    signedEnr(key(1), 1n, { ip: Uint8Array.of(127, 0, 0, 1), udp: Uint8Array.of(0x76, 0x5f) }),
    signedEnr(key(2), 2n ** 40n, {
      ip6: fromHex('20010db8000000000000000000000001'),
      tcp: Uint8Array.of(0x76, 0x5f),
      udp6: Uint8Array.of(0x23, 0x28),
    }),
    signedEnr(key(3), 7n, {
      eth2: fromHex('b5303f2a0000000000000000ffffffffffffffff'),
      attnets: new Uint8Array(8).fill(0xff),
      syncnets: Uint8Array.of(0x0f),
    }),
    signedEnr(key(4), 3n, { c: utf8('trin 0.1.1'), pv: RLP.encode(Uint8Array.of(0x04, 0x00, 0x00, 0x00, 0x00, 0x01)) }),
    signedEnr(key(5), 4n, { p: [0, 2, 1], eth: [[Uint8Array.of(0x9f, 0x3d, 0x22, 0x54), 0]] }),
  ];
}

/** ENRs: the Portal and discv5 vectors, the samples' NODES records, and simulated records of every value kind. */
export function enrSeeds(): Uint8Array[] {
  const fromVectors = [wireVectors.enr_rlp_decoded_locally.enr1, wireVectors.enr_rlp_decoded_locally.enr2].map((h) =>
    fromHex(h),
  );
  const example = enrFromText(WIRE.enr_example.text);
  return [...fromVectors, ...(example ? [example] : []), ...discv5SampleMessages().enrs, ...simulatedRecords()];
}

/** discv5 message plaintexts: the samples', the wire vectors', and every message's schema values. */
export function discv5PlaintextSeeds(discv5: UdpProtocol, rng: Random): Uint8Array[] {
  const vectors = WIRE.packets.flatMap((p) =>
    p.decoded_locally.message_plaintext ? [fromHex(p.decoded_locally.message_plaintext)] : [],
  );
  return [...discv5SampleMessages().plaintexts, ...vectors, ...encodedFromSchemas(discv5, rng, 4).map((m) => m.bytes)];
}

/** Portal messages: the wire vectors of every era, content keys and values inside messages, samples, schemas. */
export function portalSeeds(rng: Random): Uint8Array[] {
  const encode = (message: string, fields: Record<string, unknown>) =>
    portal.encodeMessage({ message, fields } as Parameters<typeof portal.encodeMessage>[0]);
  const wire = wireVectors.sets.flatMap((set) => set.vectors.map((v) => fromHex(v.expected)));
  const keys = keyVectors
    .flatMap((set) => set.vectors.map((v) => v.content_key))
    .filter((k) => /^0x([0-9a-fA-F]{2})+$/.test(k));
  const values = valueVectors.flatMap((v) => [v.content_value, v.content_value_offer, v.content_value_retrieval]);
  return [
    ...wire,
    ...keys.map((key) => encode('FindContent', { content_key: key })),
    ...values.flatMap((value) => (value && value.length < 4000 ? [encode('Content', { content: value })] : [])),
    encode('Offer', { content_keys: keys.slice(0, 8) }),
    ...discv5SampleMessages().portal,
    ...encodedFromSchemas(portal, rng, 4).map((m) => m.bytes),
  ];
}

/** uTP packets: the wire vectors, the samples', a whole transfer, and schema values. */
export function utpSeeds(rng: Random): Uint8Array[] {
  const transfer = utpTransferPackets({
    connectionId: 0x1234,
    data: lengthPrefixed(rng.bytes(300)),
    dataFrom: 'acceptor',
    chunk: 120,
  }).map((p) => p.payload);
  return [
    ...utpVectors.map((v) => fromHex(v.expected)),
    ...discv5SampleMessages().utp,
    ...transfer,
    ...encodedFromSchemas(utp, rng, 4).map((m) => m.bytes),
  ];
}

/**
 * Conversations of two simulated nodes: first contact (random packet, WHOAREYOU, handshake with and without a
 * record), then ordinary messages of every type, among them TALKREQ/TALKRESP carrying Portal and uTP.
 */
export function simulatedConversations(): { events: DatagramEvent[]; nodeKeys: Uint8Array[] }[] {
  const out: { events: DatagramEvent[]; nodeKeys: Uint8Array[] }[] = [];
  const id = Uint8Array.of(7);
  const ping = portal.encodeMessage({ message: 'Ping', fields: { enr_seq: 1, payload_type: 0 } });
  for (const [seed, withRecord] of [
    [51, true],
    [61, false],
  ] as const) {
    const pair = new SimulatedPair(simulatedNode(seed), simulatedNode(seed + 1));
    const events: DatagramEvent[] = [
      ...pair.firstContact(1, [id, Uint8Array.of(1)], { withRecord }),
      { dir: 1, data: pair.message('b', 2, [id, Uint8Array.of(1), Uint8Array.of(127, 0, 0, 1), Uint8Array.of(1)]) },
      { dir: 0, data: pair.message('a', 3, [id, [Uint8Array.of(0xff), Uint8Array.of(0)]]) },
      { dir: 1, data: pair.message('b', 4, [id, Uint8Array.of(2), [pair.b.record]]) },
      { dir: 1, data: pair.message('b', 4, [id, Uint8Array.of(2), [pair.a.record]]) },
      { dir: 0, data: pair.message('a', 5, [Uint8Array.of(8), Uint8Array.of(0x50, 0x0b), ping]) },
      { dir: 1, data: pair.message('b', 6, [Uint8Array.of(8), new Uint8Array(0)]) },
      { dir: 0, data: pair.message('a', 5, [Uint8Array.of(9), utf8('utp'), fromHex(utpVectors[0]!.expected)]) },
      { dir: 1, data: pair.message('b', 6, [Uint8Array.of(9), new Uint8Array(0)]) },
    ];
    out.push({ events, nodeKeys: [pair.a.privateKey, pair.b.privateKey] });
  }
  return out;
}
