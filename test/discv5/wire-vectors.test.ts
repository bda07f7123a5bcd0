/**
 * The discv5 v5.1 wire test vectors (devp2p discv5-wire-test-vectors.md): every packet unmasked and decrypted,
 * through the primitives and through the flow dissector, plus the ECDH, key derivation, id-signature and AES-GCM
 * vectors.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { fieldByPath } from '../../decoders/core/field';
import { KeyStore } from '../../decoders/core/keys';
import { createDiscv5Protocol, discv5KeyLogLine, DISCV5_NOTES } from '../../decoders/discv5';
import { HeaderMasks } from '../../decoders/discv5/masking';
import { decryptMessage } from '../../decoders/discv5/message-cipher';
import { readStaticHeader } from '../../decoders/discv5/static-header';
import { readAuthdata } from '../../decoders/discv5/authdata';
import {
  deriveSessionKeys,
  ecdhSecret,
  idSignatureDigest,
  recipientSessionKeys,
  verifyIdSignature,
} from '../../decoders/discv5/session-keys';
import { identityOfPrivateKey, nodeIdFromPublicKey, nodeIdOfPrivateKey } from '../../decoders/enr';
import { nodeAes } from '../../src-main/engine/node-aes';
import { runDatagrams } from './support/datagram-playbook';
import { buildPacket, whoareyouPacket } from './support/packet-builder';
import { hex, NODE_A_ID, NODE_A_KEY, NODE_B_ID, NODE_B_KEY, packetVector, WIRE } from './support/wire-vectors';

const discv5 = createDiscv5Protocol({ aes: nodeAes });
const ZERO_IV = new Uint8Array(16);

function keysWith(...privateKeys: Uint8Array[]): KeyStore {
  const keys = new KeyStore();
  for (const k of privateKeys) keys.addPrivateKey(k);
  return keys;
}

/**
 * First contact as the vectors imply it: A's packet with random message bytes (its src-id tells A's id), then the
 * WHOAREYOU B answered it with, whose challenge-data the handshake vector names (masking does not enter it).
 */
function firstContact(vectorName: string): { dir: 0 | 1; data: Uint8Array }[] {
  const nonce = hex(packetVector(vectorName).inputs['whoareyou.request-nonce']!);
  const random = buildPacket({
    destId: NODE_B_ID,
    flag: 0,
    nonce,
    authdata: NODE_A_ID,
    message: new Uint8Array(20).fill(7),
  });
  return [
    { dir: 0, data: random.packet },
    { dir: 1, data: challengeFor(vectorName) },
  ];
}

/** The WHOAREYOU B sent A whose challenge-data a handshake vector names. */
function challengeFor(vectorName: string): Uint8Array {
  const inputs = packetVector(vectorName).inputs;
  const built = whoareyouPacket({
    destId: NODE_A_ID,
    nonce: hex(inputs['whoareyou.request-nonce']!),
    idNonce: hex(inputs['whoareyou.id-nonce']!),
    enrSeq: BigInt(inputs['whoareyou.enr-seq']!),
    iv: ZERO_IV,
  });
  expect(toHex(built.header)).toBe(inputs['whoareyou.challenge-data']);
  return built.packet;
}

describe('node identities', () => {
  it('derives both node ids of the vectors from their private keys', () => {
    expect(toHex(nodeIdOfPrivateKey(NODE_A_KEY)!)).toBe(WIRE.node_ids['node-a']);
    expect(toHex(nodeIdOfPrivateKey(NODE_B_KEY)!)).toBe(WIRE.node_ids['node-b']);
  });
});

describe('cryptographic vectors', () => {
  it('computes the ECDH secret as the compressed shared point', () => {
    const v = WIRE.crypto.ecdh;
    expect(toHex(ecdhSecret(hex(v['secret-key']!), hex(v['public-key']!))!)).toBe(v['shared-secret']);
  });

  it('derives initiator and recipient keys with HKDF over the challenge data', () => {
    const v = WIRE.crypto.key_derivation;
    const secret = ecdhSecret(hex(v['ephemeral-key']!), hex(v['dest-pubkey']!))!;
    const keys = deriveSessionKeys(secret, hex(v['challenge-data']!), hex(v['node-id-a']!), hex(v['node-id-b']!));
    expect(toHex(keys.initiatorKey)).toBe(v['initiator-key']);
    expect(toHex(keys.recipientKey)).toBe(v['recipient-key']);
  });

  it('verifies the id-nonce signature vector and rejects it for another challenge or node', () => {
    const v = WIRE.crypto.id_nonce_signing;
    const publicKey = identityOfPrivateKey(hex(v['static-key']!))!.publicKey;
    const [signature, challenge, ephemeral, nodeB] = [
      hex(v['id-signature']!),
      hex(v['challenge-data']!),
      hex(v['ephemeral-pubkey']!),
      hex(v['node-id-B']!),
    ];
    expect(verifyIdSignature(signature, challenge, ephemeral, nodeB, publicKey)).toBe('valid');
    const otherChallenge = challenge.slice();
    otherChallenge[62] = otherChallenge[62]! ^ 1;
    expect(verifyIdSignature(signature, otherChallenge, ephemeral, nodeB, publicKey)).toBe('invalid');
    expect(verifyIdSignature(signature, challenge, ephemeral, NODE_A_ID, publicKey)).toBe('invalid');
    expect(idSignatureDigest(challenge, ephemeral, nodeB)).toHaveLength(32);
  });

  it('opens the AES-GCM vector with its associated data, and nothing when a byte changes', () => {
    const v = WIRE.crypto.aes_gcm;
    const [key, nonce, sealed, ad] = [
      hex(v['encryption-key']!),
      hex(v.nonce!),
      hex(v['message-ciphertext']!),
      hex(v.ad!),
    ];
    expect(toHex(nodeAes.gcmOpen(key, nonce, sealed, ad)!)).toBe(v.pt);
    const tampered = ad.slice();
    tampered[0] = tampered[0]! ^ 1;
    expect(nodeAes.gcmOpen(key, nonce, sealed, tampered)).toBeNull();
  });
});

describe('identities of private keys', () => {
  it('give the public key getPublicKey gives, and null for keys out of range', () => {
    for (let i = 0; i < 8; i++) {
      const key = secp256k1.utils.randomSecretKey();
      const identity = identityOfPrivateKey(key)!;
      expect(toHex(identity.publicKey)).toBe(toHex(secp256k1.getPublicKey(key, true)));
      expect(toHex(identity.nodeId)).toBe(toHex(nodeIdFromPublicKey(identity.publicKey)!));
    }
    expect(identityOfPrivateKey(new Uint8Array(32))).toBeNull();
    expect(identityOfPrivateKey(new Uint8Array(32).fill(0xff))).toBeNull();
  });
});

describe('ecdh', () => {
  it('gives the shared point getSharedSecret gives, and null where it throws', () => {
    for (let i = 0; i < 8; i++) {
      const a = secp256k1.utils.randomSecretKey();
      const b = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), i % 2 === 0);
      expect(toHex(ecdhSecret(a, b)!)).toBe(toHex(secp256k1.getSharedSecret(a, b, true)));
    }
    const point = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
    expect(ecdhSecret(new Uint8Array(32), point)).toBeNull();
    expect(ecdhSecret(new Uint8Array(32).fill(0xff), point)).toBeNull();
    expect(
      ecdhSecret(secp256k1.utils.randomSecretKey(), new Uint8Array([2, ...new Uint8Array(32).fill(0xff)])),
    ).toBeNull();
  });
});

describe('header masks', () => {
  it('unmask as AES-128-CTR does, the counter carrying across bytes of the masking IV', () => {
    const destId = NODE_B_ID;
    const header = new TextEncoder().encode('discv5\x00\x01\x02' + 'n'.repeat(12) + '\x00\x30' + 'a'.repeat(48));
    const masks = new HeaderMasks(nodeAes);
    for (const ivHex of ['ff'.repeat(16), '00'.repeat(14) + 'fffe', '01' + 'ff'.repeat(15), '00'.repeat(16)]) {
      const iv = hex(ivHex);
      const masked = nodeAes.ctr(destId.subarray(0, 16), iv).update(header);
      const datagram = new Uint8Array([...iv, ...masked, 1, 2, 3]);
      const unmasked = masks.unmask(datagram, destId)!;
      expect(toHex(unmasked.packet.subarray(16, 16 + header.length))).toBe(toHex(header));
      expect(unmasked.headerEnd).toBe(16 + header.length);
      expect(toHex(unmasked.packet.subarray(16 + header.length))).toBe('0x010203');
    }
  });
});

describe('packet vectors, primitive by primitive', () => {
  for (const vector of WIRE.packets) {
    it(`${vector.name}: unmasks with node B's id (and not A's), reads the header, decrypts with the read-key`, () => {
      const datagram = hex(vector.packet);
      expect(datagram).toHaveLength(vector.decoded_locally.packet_len);
      const masks = new HeaderMasks(nodeAes);
      expect(masks.unmask(datagram, NODE_A_ID)).toBeNull();
      const unmasked = masks.unmask(datagram, NODE_B_ID)!;
      expect(unmasked).not.toBeNull();
      const header = readStaticHeader(unmasked.packet);
      const expected = vector.decoded_locally.static_header;
      expect(header.flag).toBe(expected.flag);
      expect(toHex(header.nonce).slice(2)).toBe(expected.nonce);
      expect(header.authdataSize).toBe(expected.authdata_size);
      const authdata = readAuthdata(header.flag, unmasked.packet, 39, unmasked.headerEnd);
      expect(typeof authdata).toBe('object');
      if (typeof authdata === 'object' && 'srcId' in authdata)
        expect(toHex(authdata.srcId)).toBe(WIRE.node_ids['node-a']);
      const readKey = vector.inputs['read-key'];
      if (readKey) {
        const plaintext = decryptMessage(nodeAes, hex(readKey), header.nonce, unmasked.packet, unmasked.headerEnd);
        expect(toHex(plaintext!).slice(2)).toBe(vector.decoded_locally.message_plaintext);
      }
    });
  }

  it('derives each handshake vector’s read-key from node B’s key, its ephemeral key and its challenge', () => {
    for (const name of ['ping_handshake_flag2', 'ping_handshake_with_enr_flag2']) {
      const inputs = packetVector(name).inputs;
      const keys = recipientSessionKeys(
        NODE_B_KEY,
        hex(inputs['ephemeral-pubkey']!),
        hex(inputs['whoareyou.challenge-data']!),
        NODE_A_ID,
        NODE_B_ID,
      )!;
      expect(toHex(keys.initiatorKey)).toBe(inputs['read-key']);
    }
  });
});

describe('packet vectors through the flow dissector', () => {
  it('decodes the flag-0 PING with a DISCV5 key-log line holding its (all-zero) session key', () => {
    const keys = keysWith(NODE_B_KEY);
    const line = discv5KeyLogLine({
      token: Uint8Array.of(1),
      initiatorId: NODE_A_ID,
      recipientId: NODE_B_ID,
      keys: { initiatorKey: new Uint8Array(16), recipientKey: new Uint8Array(16).fill(1) },
    });
    expect(keys.addKeyLog(line, 'test.log')).toEqual([]);
    const { records, analyzed } = runDatagrams(
      discv5,
      [{ dir: 0, data: hex(packetVector('ping_message_flag0').packet) }],
      keys,
    );
    expect(records).toHaveLength(1);
    const [ping] = records;
    expect(ping).toMatchObject({ protocol: 'discv5', message: 'PING', code: 1, requestId: '0x00000001' });
    expect(ping!.fields).toMatchObject({
      'request-id': '0x00000001',
      'enr-seq': 2,
      packet: {
        'masking-iv': toHex(new Uint8Array(16)),
        'protocol-id': 'discv5',
        version: 1,
        flag: 0,
        nonce: '0xffffffffffffffffffffffff',
        authdata: { 'src-id': WIRE.node_ids['node-a'] },
        session: 'key log test.log:1',
      },
    });
    expect(ping!.notes).toEqual([expect.objectContaining({ kind: 'pair.unanswered' })]);
    const tree = analyzed[0]!.decoded.tree;
    expect(fieldByPath(tree, 'packet.authdata-size')?.value).toBe(32);
  });

  it('shows the flag-0 PING as ENCRYPTED, naming what is missing, when no session is known', () => {
    const { records } = runDatagrams(
      discv5,
      [{ dir: 0, data: hex(packetVector('ping_message_flag0').packet) }],
      keysWith(NODE_B_KEY),
    );
    expect(records[0]).toMatchObject({ message: 'ENCRYPTED', requestId: null });
    expect(records[0]!.notes.map((n) => n.kind)).toEqual([DISCV5_NOTES.sessionUnknown]);
    expect(records[0]!.notes[0]!.text).toContain(WIRE.node_ids['node-a'].slice(2));
  });

  it('decodes the WHOAREYOU vector: id-nonce, enr-seq, and its challenge-data as the header byte source', () => {
    const vector = packetVector('whoareyou_flag1');
    const { records, analyzed } = runDatagrams(discv5, [{ dir: 1, data: hex(vector.packet) }], keysWith(NODE_B_KEY));
    expect(records[0]).toMatchObject({ message: 'WHOAREYOU', code: null, requestId: null, notes: [] });
    expect(records[0]!.fields.packet).toMatchObject({
      flag: 1,
      nonce: '0x0102030405060708090a0b0c',
      authdata: { 'id-nonce': '0x0102030405060708090a0b0c0d0e0f10', 'enr-seq': 0 },
      message: '0x',
    });
    const decoded = analyzed[0]!.decoded;
    const header = decoded.sources!.find((s) => s.name === 'discv5 header')!.bytes;
    expect(toHex(decoded.bytes.subarray(0, 16)) + toHex(header).slice(2)).toBe(
      vector.inputs['whoareyou.challenge-data'],
    );
  });

  for (const [name, enrSeq] of [
    ['ping_handshake_flag2', 1],
    ['ping_handshake_with_enr_flag2', 0],
  ] as const) {
    it(`${name}: derives the session from node B's key and the WHOAREYOU before it, decrypts the PING`, () => {
      const vector = packetVector(name);
      const events = [...firstContact(name), { dir: 0 as const, data: hex(vector.packet) }];
      const { records, analyzed } = runDatagrams(discv5, events, keysWith(NODE_B_KEY));
      expect(records.map((r) => r.message)).toEqual(['ENCRYPTED', 'WHOAREYOU', 'PING']);
      expect(records[0]!.notes.map((n) => n.kind)).toEqual([DISCV5_NOTES.sessionUnknown]);
      expect(records[1]!.fields.packet).toMatchObject({ 'challenged-frame': 1 });
      const ping = records[2]!;
      expect(ping.fields).toMatchObject({ 'request-id': '0x00000001', 'enr-seq': 1 });
      expect(ping.fields.packet).toMatchObject({
        flag: 2,
        authdata: {
          'src-id': WIRE.node_ids['node-a'],
          'id-signature': expect.stringMatching(/^0x[0-9a-f]{128}$/),
          'eph-pubkey': vector.inputs['ephemeral-pubkey'],
        },
        'challenge-frame': 2,
        session: expect.stringContaining('handshake in frame 3'),
      });
      expect(records[1]!.fields.packet).toMatchObject({ authdata: { 'enr-seq': enrSeq } });
      if (name === 'ping_handshake_with_enr_flag2') {
        // The record carries A's key: the id-signature is checked without A's node key.
        const recordFields = vector.decoded_locally.authdata.record_fields as Record<string, unknown>;
        expect(ping.fields.packet).toMatchObject({
          'id-signature-valid': true,
          authdata: {
            record: {
              seq: 1,
              pairs: { id: 'v4', ip: '127.0.0.1', secp256k1: `0x${String(recordFields.secp256k1)}` },
              'node-id': WIRE.node_ids['node-a'],
              'signature-valid': true,
            },
          },
        });
        const record = fieldByPath(analyzed[2]!.decoded.tree, 'packet.authdata.record')!;
        expect(record.end! - record.start!).toBe(vector.decoded_locally.authdata.record_len);
        expect(ping.notes.map((n) => n.kind)).toEqual(['pair.unanswered']);
      } else {
        expect((ping.fields.packet as Record<string, unknown>).authdata).toMatchObject({ record: null });
        expect(ping.notes.map((n) => n.kind)).toEqual([DISCV5_NOTES.idSignatureUnchecked, 'pair.unanswered']);
      }
    });
  }

  it('checks the id-signature of the first handshake vector when node A’s key gives its public key', () => {
    const vector = packetVector('ping_handshake_flag2');
    const events = [...firstContact('ping_handshake_flag2'), { dir: 0 as const, data: hex(vector.packet) }];
    const { records } = runDatagrams(discv5, events, keysWith(NODE_A_KEY, NODE_B_KEY));
    expect(records[2]!.fields.packet).toMatchObject({ 'id-signature-valid': true });
  });

  it('with only node A’s key, shows what it can and names node B’s key on the packets of B’s session', () => {
    const vector = packetVector('ping_handshake_with_enr_flag2');
    // B's answer (flag 0, src-id B) reveals B's id; its message cannot be read without the session.
    const answer = buildPacket({
      destId: NODE_A_ID,
      flag: 0,
      nonce: new Uint8Array(12).fill(9),
      authdata: NODE_B_ID,
      message: new Uint8Array(24).fill(3),
    });
    const events = [
      ...firstContact('ping_handshake_with_enr_flag2'),
      { dir: 0 as const, data: hex(vector.packet) },
      { dir: 1 as const, data: answer.packet },
    ];
    const { records } = runDatagrams(discv5, events, keysWith(NODE_A_KEY));
    // A's key unmasks only what is sent to A: the first packets to B stay masked until B's id shows up.
    expect(records.map((r) => r.message)).toEqual(['MASKED', 'WHOAREYOU', 'MASKED', 'ENCRYPTED']);
    expect(records[0]!.notes.map((n) => n.kind)).toEqual([DISCV5_NOTES.unknownRecipient]);
    const missing = records[3]!.notes.find((n) => n.kind === DISCV5_NOTES.keyMissing);
    expect(missing?.text).toContain(`needs the node key of ${WIRE.node_ids['node-b']}`);
    expect(missing?.text).toContain('handshake in frame 3');
  });
});
