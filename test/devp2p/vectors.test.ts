import { describe, expect, it } from 'vitest';
import { toBareHex, toHex } from '../../decoders/core/bytes';
import { decodeAll } from '../../decoders/core/codec';
import { collectNotes, fieldJson, fieldsJson } from '../../decoders/core/field';
import { rlpItem } from '../../decoders/codecs/rlp';
import { readAckBody } from '../../decoders/devp2p/ack-message';
import { readAuthBody } from '../../decoders/devp2p/auth-message';
import { FrameSealer } from '../../decoders/devp2p/frame-cipher';
import { answerAuth, readAck } from '../../decoders/devp2p/handshake';
import { classifyHandshakePacket, openHandshakePacket } from '../../decoders/devp2p/handshake-packet';
import { FrameMac } from '../../decoders/devp2p/mac';
import { decodeP2pMessage, encodeP2pMessage } from '../../decoders/devp2p/p2p-messages';
import { deriveSessionSecrets, initialFrameMac } from '../../decoders/devp2p/secrets';
import { ecdhX, nodeIdOf, recoverNodeId } from '../../decoders/devp2p/secp256k1-keys';
import { nodeAes } from '../../src-main/rlpx/node-aes';
import { hex, packet, rlpxVectors as v, vectorRandomness } from './support/vectors';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** An RLP item in the generic JSON form (strings as 0x-hex, lists as arrays). */
const rlpJson = (itemHex: string) => fieldJson(decodeAll(rlpItem, hex(itemHex), 'item').field);

describe('EIP-8 handshake packets Auth1–3 and Ack1–3', () => {
  it('derives the published public keys from the published private keys', () => {
    expect(toBareHex(nodeIdOf(hex(v.keys.static_key_a)))).toBe(v.public_keys.pub_a);
    expect(toBareHex(nodeIdOf(hex(v.keys.static_key_b)))).toBe(v.public_keys.pub_b);
    expect(toBareHex(nodeIdOf(hex(v.keys.ephemeral_key_a)))).toBe(v.public_keys.eph_pub_a);
    expect(toBareHex(nodeIdOf(hex(v.keys.ephemeral_key_b)))).toBe(v.public_keys.eph_pub_b);
  });

  for (const name of ['auth1', 'auth2', 'auth3']) {
    it(`${name}: is recognised by shape, decrypts with key B and carries A's identity, nonce and signature`, () => {
      const p = packet(name);
      const bytes = hex(p.hex);
      const found = classifyHandshakePacket(bytes, 'auth');
      expect(found).toEqual({ kind: 'packet', format: p.format, length: bytes.length });
      const plaintext = openHandshakePacket(nodeAes, hex(v.keys.static_key_b), p.format, bytes)!;
      expect(plaintext).not.toBeNull();
      if (p.expected.plaintext_len) expect(plaintext.length).toBe(p.expected.plaintext_len);
      const { body, field } = readAuthBody(p.format, plaintext);
      expect(toBareHex(body!.initiatorId)).toBe(v.public_keys.pub_a);
      expect(toBareHex(body!.initiatorNonce)).toBe(v.keys.nonce_a);
      expect(toBareHex(body!.signature)).toBe(v.auth_signature.value);
      expect(body!.version).toBe(p.expected.version);
      const json = fieldsJson({ name: '', shape: 'struct', children: [field] }).body as Record<string, unknown>;
      if (p.expected.rest_rlp) expect(json.extra).toEqual(p.expected.rest_rlp.map(rlpJson));
      const signed = ecdhX(hex(v.keys.static_key_b), body!.initiatorId).map((b, i) => b ^ body!.initiatorNonce[i]!);
      expect(toBareHex(recoverNodeId(body!.signature, signed)!)).toBe(v.public_keys.eph_pub_a);
    });
  }

  for (const name of ['ack1', 'ack2', 'ack3']) {
    it(`${name}: is recognised by shape, decrypts with key A and carries B's ephemeral key and nonce`, () => {
      const p = packet(name);
      const bytes = hex(p.hex);
      expect(classifyHandshakePacket(bytes, 'ack')).toEqual({ kind: 'packet', format: p.format, length: bytes.length });
      const plaintext = openHandshakePacket(nodeAes, hex(v.keys.static_key_a), p.format, bytes)!;
      const { body } = readAckBody(p.format, plaintext);
      expect(toBareHex(body!.recipientEphemeralId)).toBe(v.public_keys.eph_pub_b);
      expect(toBareHex(body!.recipientNonce)).toBe(v.keys.nonce_b);
      expect(body!.version).toBe(p.expected.version);
    });
  }

  it('does not decrypt a packet with the wrong static key (the ECIES tag does not match)', () => {
    expect(openHandshakePacket(nodeAes, hex(v.keys.static_key_a), 'eip8', hex(packet('auth2').hex))).toBeNull();
    expect(openHandshakePacket(nodeAes, hex(v.keys.static_key_b), 'legacy', hex(packet('ack1').hex))).toBeNull();
  });
});

describe('session secrets of (Auth2, Ack2)', () => {
  it('as the recipient B derives them from Auth2 with its ephemeral key and nonce: aes, mac, ingress-mac("foo")', () => {
    const auth = hex(packet('auth2').hex);
    const { handshake } = answerAuth(
      nodeAes,
      hex(v.keys.static_key_b),
      auth,
      'eip8',
      vectorRandomness(v.keys.ephemeral_key_b, v.keys.nonce_b),
    );
    expect(toBareHex(handshake.secrets.aesSecret)).toBe(v.derived_secrets.aes_secret);
    expect(toBareHex(handshake.secrets.macSecret)).toBe(v.derived_secrets.mac_secret);
    expect(toBareHex(handshake.remoteId)).toBe(v.public_keys.pub_a);
    // B's ingress MAC is the initiator's egress: seeded with (mac-secret ⊕ recipient-nonce) ‖ auth (prefix included).
    const ingress = initialFrameMac(nodeAes, handshake.secrets, 'initiator', { auth, ack: hex(packet('ack2').hex) });
    ingress.update(utf8('foo'));
    expect(toBareHex(ingress.digest())).toBe(v.derived_secrets.ingress_mac_foo.value);
  });

  it('as the initiator A derives the same secrets from Ack2 with its ephemeral key and nonce', () => {
    const pending = {
      format: 'eip8' as const,
      auth: hex(packet('auth2').hex),
      remoteId: hex(v.public_keys.pub_b),
      ephemeralKey: hex(v.keys.ephemeral_key_a),
      nonce: hex(v.keys.nonce_a),
    };
    const done = readAck(nodeAes, hex(v.keys.static_key_a), pending, hex(packet('ack2').hex), 'eip8');
    expect(toBareHex(done.secrets.aesSecret)).toBe(v.derived_secrets.aes_secret);
    expect(toBareHex(done.secrets.macSecret)).toBe(v.derived_secrets.mac_secret);
  });

  it('for the legacy pair (Auth1, Ack1) gives the same secrets and the derived ingress-mac("foo")', () => {
    const ephemeral = ecdhX(hex(v.keys.ephemeral_key_b), hex(v.public_keys.eph_pub_a));
    const secrets = deriveSessionSecrets(ephemeral, hex(v.keys.nonce_a), hex(v.keys.nonce_b));
    expect(toBareHex(secrets.sharedSecret)).toBe(v.derived_secrets_legacy_pair_unpublished.shared_secret);
    expect(toBareHex(secrets.aesSecret)).toBe(v.derived_secrets.aes_secret);
    const ingress = initialFrameMac(nodeAes, secrets, 'initiator', {
      auth: hex(packet('auth1').hex),
      ack: hex(packet('ack1').hex),
    });
    ingress.update(utf8('foo'));
    expect(toBareHex(ingress.digest())).toBe(v.derived_secrets_legacy_pair_unpublished.ingress_mac_foo_auth1);
  });
});

describe('frames', () => {
  it('encrypts the go-ethereum golden frame (code 8, c401020304) to the published header and body ciphertext', () => {
    const g = v.frame_golden;
    // The golden frame was made with a fake MAC returning 0x01 bytes: compare the ciphertext parts, MACs are ours.
    const sealed = new FrameSealer(nodeAes, hex(g.aes_secret), new FrameMac(nodeAes, hex(g.mac_secret))).seal(
      Uint8Array.of(g.msg_code, ...hex(g.msg_rlp)),
    );
    const golden = hex(g.frame);
    expect(sealed.length).toBe(golden.length);
    expect(toHex(sealed.subarray(0, 16))).toBe(toHex(golden.subarray(0, 16)));
    expect(toHex(sealed.subarray(32, 48))).toBe(toHex(golden.subarray(32, 48)));
  });

  it('reproduces the ethereumjs MAC states (header cases XOR 16 zero bytes: the JS string quirk)', () => {
    const m = v.mac_state_vectors;
    for (const c of m.cases) {
      const mac = new FrameMac(nodeAes, hex(m.secret));
      for (const [op, arg] of c.ops) {
        if (op === 'update') mac.update(utf8(arg));
        else if (op === 'updateHeader') mac.updateHeader(new Uint8Array(16));
        else mac.updateBody(utf8(arg));
      }
      expect(toBareHex(mac.digest().subarray(0, 16))).toBe(c.digest);
    }
  });
});

describe('the EIP-8 Hello vector', () => {
  it('decodes with its extra list elements and re-encodes to the same bytes', () => {
    const bytes = Uint8Array.of(0x80, ...hex(v.p2p_hello_eip8.hex));
    const m = decodeP2pMessage(bytes);
    const d = v.p2p_hello_eip8.decoded_locally as Record<string, unknown>;
    expect(m.message).toBe('Hello');
    expect(collectNotes(m.tree)).toEqual([]);
    const fields = fieldsJson(m.tree);
    expect(fields).toMatchObject({
      protocolVersion: d.protocolVersion,
      clientId: d.clientId,
      capabilities: [
        { name: 'eth', version: 61 },
        { name: 'mork', version: 22 },
      ],
      listenPort: d.listenPort,
      nodeId: `0x${String(d.nodeId)}`,
    });
    expect((fields.extra as unknown[]).length).toBe(3);
    expect(toHex(encodeP2pMessage({ message: 'Hello', fields }))).toBe(toHex(bytes));
  });
});
