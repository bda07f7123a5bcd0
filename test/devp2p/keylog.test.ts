import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { KeyStore } from '../../decoders/core/keys';
import { formatRlpxKeyLogLine, hasRlpxKeyStartingWith, lookupRlpxKey } from '../../decoders/devp2p/keylog';
import { uncompressedKey, nodeIdOf } from '../../decoders/devp2p/secp256k1-keys';
import { FrameSealer } from '../../decoders/devp2p/frame-cipher';
import { eciesKeyOf } from '../../decoders/devp2p/handshake-packet';
import { encodeP2pMessage } from '../../decoders/devp2p/p2p-messages';
import { initialFrameMac } from '../../decoders/devp2p/secrets';
import { nodeAes } from '../../src-main/rlpx/node-aes';
import { seededRandomness } from './support/in-memory-session';
import { dissect, p2pWith } from './support/rlpx-playbook';
import { hex, packet, rlpxVectors } from './support/vectors';

const random = seededRandomness(3);
const eciesKey = uncompressedKey(nodeIdOf(random.privateKey()));
const secrets = {
  aesSecret: random.bytes(32),
  macSecret: random.bytes(32),
  initiatorNonce: random.bytes(32),
  recipientNonce: random.bytes(32),
};

describe('RLPX key-log lines', () => {
  it('are RLPX, the 65-byte auth ECIES key and the four secrets, in hex without 0x', () => {
    const line = formatRlpxKeyLogLine(eciesKey, secrets);
    const tokens = line.split(' ');
    expect(tokens[0]).toBe('RLPX');
    expect(tokens.map((t) => t.length)).toEqual([4, 130, 64, 64, 64, 64]);
    expect(tokens[1]).toBe(toHex(eciesKey).slice(2));
    expect(tokens.slice(2)).toEqual(
      [secrets.aesSecret, secrets.macSecret, secrets.initiatorNonce, secrets.recipientNonce].map((b) =>
        toHex(b).slice(2),
      ),
    );
  });

  it('are found again through the KeyStore by the ECIES key, with comments and case ignored', () => {
    const keys = new KeyStore();
    const text = `# Peerscope RLPx key log\n\n${formatRlpxKeyLogLine(eciesKey, secrets).toUpperCase().replace('RLPX', 'rlpx')}  # session 1\n`;
    expect(keys.addKeyLog(text, 'keys.log')).toEqual([]);
    const found = lookupRlpxKey(keys, eciesKey);
    expect(found).toMatchObject({ kind: 'found', source: 'keys.log:3' });
    if (found.kind === 'found') expect(toHex(found.secrets.macSecret)).toBe(toHex(secrets.macSecret));
    expect(lookupRlpxKey(keys, uncompressedKey(nodeIdOf(random.privateKey())))).toEqual({ kind: 'missing' });
    expect(hasRlpxKeyStartingWith(keys, eciesKey.subarray(0, 40))).toBe(true);
    expect(hasRlpxKeyStartingWith(keys, fromHex('04ff'))).toBe(false);
  });

  it('report an entry with missing values or values of the wrong size as invalid, naming its line', () => {
    const keys = new KeyStore();
    const good = formatRlpxKeyLogLine(eciesKey, secrets).split(' ');
    keys.addKeyLog(`${good.slice(0, 5).join(' ')}\n`, 'short.log');
    expect(lookupRlpxKey(keys, eciesKey)).toMatchObject({
      kind: 'invalid',
      source: 'short.log:1',
      reason: expect.stringContaining('4 values'),
    });
    keys.addKeyLog(`${[...good.slice(0, 2), 'abcd', ...good.slice(3)].join(' ')}\n`, 'size.log');
    expect(lookupRlpxKey(keys, eciesKey)).toMatchObject({ kind: 'invalid', reason: 'aes-secret must be 32 bytes' });
  });
});

describe('the example in KEYLOG.md', () => {
  it('is the line for the EIP-8 vector session, and decrypts frames the initiator sends after Auth2 and Ack2', () => {
    const doc = readFileSync(new URL('../../decoders/devp2p/KEYLOG.md', import.meta.url), 'utf8');
    const line = doc.split('\n').find((l) => l.startsWith('RLPX 04'))!;
    const keys = new KeyStore();
    keys.addKeyLog(line, 'KEYLOG.md');
    const auth = hex(packet('auth2').hex);
    const ack = hex(packet('ack2').hex);
    const found = lookupRlpxKey(keys, eciesKeyOf('eip8', auth));
    if (found.kind !== 'found') throw new Error(`example not usable: ${JSON.stringify(found)}`);
    const sealer = new FrameSealer(
      nodeAes,
      found.secrets.aesSecret,
      initialFrameMac(nodeAes, found.secrets, 'initiator', { auth, ack }),
    );
    const hello = encodeP2pMessage({
      message: 'Hello',
      fields: {
        protocolVersion: 5,
        clientId: 'A',
        capabilities: [],
        listenPort: 0,
        nodeId: `0x${rlpxVectors.public_keys.pub_a}`,
      },
    });
    const { records } = dissect(
      p2pWith(),
      [
        { dir: 0, data: auth },
        { dir: 1, data: ack },
        { dir: 0, data: sealer.seal(hello) },
      ],
      keys,
    );
    expect(records.map((r) => r.message)).toEqual(['Auth', 'Ack', 'Hello']);
    expect(records[2]!.fields.nodeId).toBe(`0x${rlpxVectors.public_keys.pub_a}`);
  });
});
