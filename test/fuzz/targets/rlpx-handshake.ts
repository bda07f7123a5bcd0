import { collectNotes } from '../../../decoders/core/field';
import { KeyStore } from '../../../decoders/core/keys';
import type { HandshakeFormat, HandshakePacketKind } from '../../../decoders/devp2p/handshake-format';
import { handshakeMessage } from '../../../decoders/devp2p/handshake-message';
import { classifyHandshakePacket, eciesKeyOf } from '../../../decoders/devp2p/handshake-packet';
import { formatRlpxKeyLogLine, lookupRlpxKey } from '../../../decoders/devp2p/keylog';
import { nodeAes } from '../../../src-main/engine/node-aes';
import { p2p } from '../../../src-main/rlpx/p2p-protocol';
import { InMemorySession } from '../../devp2p/support/in-memory-session';
import { hex, rlpxVectors } from '../../devp2p/support/vectors';
import { coverageProblems } from '../../support/field-coverage';
import { mutate, type NumberField } from '../mutators';
import type { Random } from '../random';
import { check, sameBytes, type FuzzTarget } from '../target';
import { checkRoundTrip, TRAILING_BYTES } from './message-codecs';
import { checkDecodedMessage } from './protocol-message';

/** A handshake packet whose keys are known: the recipient's static key opens it. */
interface HandshakeSeed {
  kind: HandshakePacketKind;
  format: HandshakeFormat;
  bytes: Uint8Array;
  recipientKey: Uint8Array;
  /** The other side's static key: a node key that must not open it. */
  otherKey: Uint8Array;
  numberFields: NumberField[];
}

export interface HandshakeInput {
  seed: number;
  bytes: Uint8Array;
  /** Read as this format (the classification's when it finds a packet, else this). */
  format: HandshakeFormat;
  keys: 'none' | 'recipient' | 'other' | 'both';
  /** An RLPX key-log entry named by the packet's ECIES key (valid or broken), as the dissector looks it up. */
  keyLog: 'none' | 'valid' | 'invalid';
}

/** The EIP-8 size prefix, and the legacy packet's ECIES key first byte, are what classification reads. */
function handshakeNumberFields(format: HandshakeFormat): NumberField[] {
  return format === 'eip8' ? [{ at: 0, size: 2, littleEndian: false }] : [{ at: 0, size: 1, littleEndian: false }];
}

/** The published vectors (go-ethereum, EIP-8) and fresh sessions of Peerscope's endpoints in both formats. */
function handshakeSeeds(): HandshakeSeed[] {
  const keyA = hex(rlpxVectors.keys.static_key_a);
  const keyB = hex(rlpxVectors.keys.static_key_b);
  const seeds: Omit<HandshakeSeed, 'numberFields'>[] = rlpxVectors.handshake_packets.map((p) => ({
    kind: p.name.startsWith('auth') ? 'auth' : 'ack',
    format: p.format,
    bytes: hex(p.hex),
    recipientKey: p.decrypt_with === 'static_key_a' ? keyA : keyB,
    otherKey: p.decrypt_with === 'static_key_a' ? keyB : keyA,
  }));
  for (const [seed, format] of [
    [11, 'eip8'],
    [12, 'legacy'],
    [13, 'eip8'],
  ] as const) {
    const session = new InMemorySession({ seed, format });
    session.handshake();
    const [auth, ack] = session.writes;
    const initiator = session.initiator.privateKey;
    const recipient = session.recipient.privateKey;
    seeds.push(
      { kind: 'auth', format, bytes: auth!.data, recipientKey: recipient, otherKey: initiator },
      { kind: 'ack', format, bytes: ack!.data, recipientKey: initiator, otherKey: recipient },
    );
  }
  return seeds.map((s) => ({ ...s, numberFields: handshakeNumberFields(s.format) }));
}

/**
 * Auth and ack packets, mutated, read as the RLPx dissector reads them (classification, then `handshakeMessage`)
 * with no node key, the recipient's, the other side's, or both. Oracles: never throws; fields JSON-safe and inside
 * their byte source; a read without an error covers the packet (and the opened plaintext) and encodes back to the
 * packet; a packet opens only when it is exactly the one sealed (ECIES authenticates every byte, the EIP-8 size
 * prefix as shared MAC data), and an unchanged packet opens with its recipient's key, without an error.
 */
export function rlpxHandshakeTarget(): FuzzTarget<HandshakeInput> {
  let seeds: HandshakeSeed[] = [];
  let donors: Uint8Array[] = [];
  return {
    name: 'rlpx-handshake',
    weight: 4,
    batchSize: 50,
    prepare() {
      seeds = handshakeSeeds();
      donors = seeds.map((s) => s.bytes);
    },
    generate(rng: Random) {
      const index = rng.below(seeds.length);
      const seed = seeds[index]!;
      const bytes = rng.chance(0.15)
        ? seed.bytes
        : mutate(rng, seed.bytes, { numberFields: seed.numberFields, donors, maxLength: 4096 });
      return {
        seed: index,
        bytes,
        format: rng.chance(0.8) ? seed.format : rng.pick(['legacy', 'eip8'] as const),
        keys: rng.weighted([
          [2, 'none'],
          [4, 'recipient'],
          [1, 'other'],
          [2, 'both'],
        ] as const),
        keyLog: rng.weighted([
          [6, 'none'],
          [3, 'valid'],
          [1, 'invalid'],
        ] as const),
      };
    },
    execute(input) {
      const seed = seeds[input.seed]!;
      const { bytes } = input;
      const found = classifyHandshakePacket(bytes, seed.kind);
      const format = found.kind === 'packet' ? found.format : input.format;
      // How the packet codec reads the bytes once the format is settled: the length it expects.
      const settled = classifyHandshakePacket(bytes, seed.kind, (f) => f === format);
      const keys = new KeyStore();
      if (input.keys === 'recipient' || input.keys === 'both') keys.addPrivateKey(seed.recipientKey);
      if (input.keys === 'other' || input.keys === 'both') keys.addPrivateKey(seed.otherKey);
      const eciesKey = eciesKeyOf(format, bytes);
      if (input.keyLog !== 'none' && eciesKey.length === 65) {
        const secret = (byte: number) => new Uint8Array(32).fill(byte);
        const line = formatRlpxKeyLogLine(eciesKey, {
          aesSecret: secret(1),
          macSecret: secret(2),
          initiatorNonce: secret(3),
          recipientNonce: secret(4),
        });
        keys.addKeyLog(input.keyLog === 'valid' ? line : line.slice(0, -2), 'fuzz.keylog');
      }
      // As the dissector does: the key log is looked up for an auth it found, never for bytes that are no packet.
      const lookup = seed.kind === 'auth' && found.kind === 'packet' ? lookupRlpxKey(keys, eciesKey) : null;
      const { message, opened } = handshakeMessage(nodeAes, seed.kind, format, bytes, keys, lookup);
      const notes = checkDecodedMessage(p2p, bytes, message);
      const plaintext = message.sources?.[0];
      if (plaintext) {
        const outside = coverageProblems(message.tree, plaintext.bytes.length, plaintext.name).find((p) =>
          p.startsWith('fields reach'),
        );
        check(outside === undefined, () => `${seed.kind} plaintext: ${outside}`);
      }
      const unchanged = sameBytes(bytes, seed.bytes);
      check(
        opened === null || unchanged,
        `a changed ${seed.kind} packet opened with a node key`,
        `${seed.format} seed ${input.seed}, read as ${format}`,
      );
      const sealedToKey = input.keys === 'recipient' || input.keys === 'both';
      if (unchanged && format === seed.format && sealedToKey) {
        check(opened !== null, `an unchanged ${seed.format} ${seed.kind} does not open with its recipient's key`);
        check(
          !notes.some((n) => n.severity === 'error') || input.keyLog === 'invalid',
          () => `an unchanged ${seed.kind} reads with an error: ${notes.find((n) => n.severity === 'error')!.kind}`,
        );
      }
      const errors = notes.some((n) => n.severity === 'error');
      check(
        errors || settled.kind !== 'packet' || bytes.length >= settled.length,
        'a handshake packet shorter than its format says reads without an error note',
        () => `${format} ${seed.kind}: ${bytes.length} of ${settled.kind === 'packet' ? settled.length : '?'} bytes`,
      );
      if (errors) return;
      const gaps = coverageProblems(message.tree, bytes.length);
      check(gaps.length === 0, () => `${seed.kind}: bytes no field explains: ${gaps.slice(0, 3).join('; ')}`);
      if (plaintext && collectNotes(message.tree).length === 0) {
        const plainGaps = coverageProblems(message.tree, plaintext.bytes.length, plaintext.name);
        check(
          plainGaps.length === 0,
          () => `${plaintext.name}: bytes no field explains: ${plainGaps.slice(0, 3).join('; ')}`,
        );
      }
      if (!notes.some((n) => n.kind === TRAILING_BYTES)) checkRoundTrip(p2p, bytes, message);
    },
  };
}
