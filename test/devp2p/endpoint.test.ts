import { RLP } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../decoders/core/bytes';
import { RlpxEndpoint, type RlpxOutput } from '../../decoders/devp2p/endpoint';
import { classifyHandshakePacket } from '../../decoders/devp2p/handshake-packet';
import { nodeIdOf } from '../../decoders/devp2p/secp256k1-keys';
import { snappyDecompress } from '../../decoders/devp2p/snappy';
import { nodeAes } from '../../src-main/rlpx/node-aes';
import { InMemorySession, seededRandomness } from './support/in-memory-session';
import { ScriptedInitiator } from './support/scripted-peer';

const types = (outputs: { type: string }[]) => outputs.map((o) => o.type);
const sends = (outputs: RlpxOutput[]) => outputs.flatMap((o) => (o.type === 'send' ? [o.bytes] : []));

function recipient(seed = 1) {
  const random = seededRandomness(seed);
  const key = random.privateKey();
  const endpoint = new RlpxEndpoint({
    aes: nodeAes,
    privateKey: key,
    role: 'recipient',
    hello: { clientId: 'peerscope-test', capabilities: [{ name: 'les', version: 4 }], listenPort: 30303 },
    random,
  });
  endpoint.start();
  return { endpoint, id: nodeIdOf(key) };
}

/** A scripted initiator past the handshake with a fresh recipient, and the recipient's Hello already read. */
function connected(seed = 1) {
  const r = recipient(seed);
  const peer = new ScriptedInitiator(seed + 100, r.id);
  const out = r.endpoint.receive(peer.auth);
  expect(types(out)).toEqual(['send', 'handshake', 'send']);
  const [ack, hello] = sends(out) as [Uint8Array, Uint8Array];
  peer.receiveAck(ack, ack.length);
  expect(peer.open(hello).map((m) => m.code)).toEqual([0]);
  return { ...r, peer };
}

describe('the RLPx endpoint on its own (sans-io transcripts)', () => {
  it('as initiator starts with exactly one auth packet in the chosen format', () => {
    for (const format of ['eip8', 'legacy'] as const) {
      const random = seededRandomness(4);
      const endpoint = new RlpxEndpoint({
        aes: nodeAes,
        privateKey: random.privateKey(),
        role: 'initiator',
        remoteId: nodeIdOf(random.privateKey()),
        format,
        hello: { clientId: 'x', capabilities: [], listenPort: 0 },
        random,
      });
      const out = endpoint.start();
      expect(types(out)).toEqual(['send']);
      expect(classifyHandshakePacket(sends(out)[0]!, 'auth')).toMatchObject({ kind: 'packet', format });
      expect(endpoint.start()).toEqual([]);
    }
  });

  it('as recipient answers an auth split over many reads with ack, key-log line and Hello', () => {
    const r = recipient();
    const peer = new ScriptedInitiator(5, r.id);
    const outputs: RlpxOutput[] = [];
    for (let at = 0; at < peer.auth.length; at += 50)
      outputs.push(...r.endpoint.receive(peer.auth.subarray(at, at + 50)));
    expect(types(outputs)).toEqual(['send', 'handshake', 'send']);
    const handshake = outputs[1]!;
    if (handshake.type !== 'handshake') throw new Error('unreachable');
    expect(handshake.keyLogLine).toMatch(/^RLPX 04[0-9a-f]{128}( [0-9a-f]{64}){4}$/);
    expect(toHex(handshake.remoteId)).toBe(toHex(nodeIdOf(peer.privateKey)));
  });

  for (const format of ['eip8', 'legacy'] as const) {
    it(`runs Hello, Ping/Pong, capability messages and Disconnect with another endpoint (${format})`, () => {
      const s = new InMemorySession({ seed: 21, format });
      s.handshake();
      s.act(0, (e) => e.ping());
      s.act(1, (e) => e.sendMessage('les', 2, RLP.encode([7, [1, 2]])));
      s.act(0, (e) => e.sendMessage('les', 0, RLP.encode([])));
      s.act(1, (e) => e.disconnect(0x04));
      expect(types(s.initiator.events)).toEqual(['handshake', 'hello', 'pong', 'message', 'disconnected']);
      expect(types(s.recipient.events)).toEqual(['handshake', 'hello', 'ping', 'message', 'disconnected']);
      const [, , , message, disconnected] = s.initiator.events;
      expect(message).toMatchObject({
        type: 'message',
        code: 2,
        capability: { name: 'les', version: 4, offset: 0x10 },
      });
      expect(message?.type === 'message' && toHex(message.payload)).toBe(toHex(RLP.encode([7, [1, 2]])));
      expect(disconnected).toEqual({ type: 'disconnected', by: 'remote', reason: 4 });
      expect(s.recipient.events.at(-1)).toEqual({ type: 'disconnected', by: 'local', reason: 4 });
      expect(s.closed).toBe(true);
      expect(s.keyLogLine).toBe((s.recipient.events[0] as Extract<RlpxOutput, { type: 'handshake' }>).keyLogLine);
    });
  }

  it('compresses with snappy only when both Hellos announce version 5 or later', () => {
    const payload = RLP.encode(new Uint8Array(4000));
    const frameSize = (v4: boolean) => {
      const s = new InMemorySession({ seed: 8, recipientVersion: v4 ? 4 : 5 });
      s.handshake();
      const before = s.writes.length;
      s.act(1, (e) => e.sendMessage('les', 1, payload));
      expect(s.initiator.events.at(-1)).toMatchObject({ type: 'message', code: 1 });
      return s.writes[before]!.data.length;
    };
    expect(frameSize(false)).toBeLessThan(400);
    expect(frameSize(true)).toBeGreaterThan(4000);
  });

  it('answers a Hello whose node id is not the one of the handshake with Disconnect 0x09', () => {
    const { endpoint, peer } = connected();
    const out = endpoint.receive(peer.hello(nodeIdOf(seededRandomness(77).privateKey())));
    expect(types(out)).toEqual(['error', 'send', 'disconnected', 'close']);
    const [disconnect] = peer.open(sends(out)[0]!);
    expect(disconnect!.code).toBe(1);
    // Snappy was never agreed (no Hello accepted): the reason travels as plain RLP [9].
    expect(toHex(disconnect!.payload)).toBe('0xc109');
  });

  it('treats a capability message before Hello as a breach of protocol (Disconnect 0x02)', () => {
    const { endpoint, peer } = connected();
    const out = endpoint.receive(peer.frame(0x10, RLP.encode([])));
    expect(types(out)).toEqual(['error', 'send', 'disconnected', 'close']);
    expect(out[2]).toEqual({ type: 'disconnected', by: 'local', reason: 2 });
  });

  it('refuses a message whose snappy length declares more than 16 MiB, without decompressing it', () => {
    const { endpoint, peer } = connected();
    endpoint.receive(peer.hello());
    const bomb = Uint8Array.of(0x81, 0x80, 0x80, 0x09, 0x00);
    const out = endpoint.receive(peer.frame(0x10, bomb));
    expect(out[0]).toMatchObject({ type: 'error', error: expect.stringContaining('decompress') });
    expect(out.find((o) => o.type === 'disconnected')).toEqual({ type: 'disconnected', by: 'local', reason: 2 });
  });

  it('takes a Disconnect sent uncompressed and without its list, as ethereumjs does, after snappy was agreed', () => {
    const { endpoint, peer } = connected();
    expect(types(endpoint.receive(peer.hello()))).toEqual(['hello']);
    const out = endpoint.receive(peer.frame(1, RLP.encode(8)));
    expect(out).toEqual([{ type: 'disconnected', by: 'remote', reason: 8 }, { type: 'close' }]);
  });

  it('answers a snappy Ping with a snappy Pong once Hellos are exchanged', () => {
    const { endpoint, peer } = connected();
    endpoint.receive(peer.hello());
    const out = endpoint.receive(peer.frame(2, RLP.encode([]), true));
    expect(types(out)).toEqual(['ping', 'send']);
    const [pong] = peer.open(sends(out)[0]!);
    expect(pong!.code).toBe(3);
    const inflated = snappyDecompress(pong!.payload);
    expect(inflated.ok && toHex(inflated.data)).toBe('0xc0');
  });

  it('closes without a word when a frame MAC does not match', () => {
    const { endpoint, peer } = connected();
    const frame = peer.hello();
    frame[frame.length - 1]! ^= 1;
    expect(endpoint.receive(frame)).toEqual([
      { type: 'error', error: expect.stringMatching(/^frame MAC mismatch/) },
      { type: 'disconnected', by: 'local', reason: null },
      { type: 'close' },
    ]);
    expect(endpoint.receive(new Uint8Array(64))).toEqual([]);
  });

  it('closes when an auth was not sealed to its key', () => {
    const r = recipient();
    const stranger = new ScriptedInitiator(9, nodeIdOf(seededRandomness(123).privateKey()));
    const out = r.endpoint.receive(stranger.auth);
    expect(types(out)).toEqual(['error', 'disconnected', 'close']);
  });

  it('refuses to send on a capability that was not negotiated, or beyond its ids', () => {
    const s = new InMemorySession({ seed: 3 });
    s.handshake();
    expect(() => s.initiator.endpoint.sendMessage('eth', 0, RLP.encode([]))).toThrow(/not negotiated/);
    expect(() => s.initiator.endpoint.sendMessage('les', 24, RLP.encode([]))).toThrow(RangeError);
  });

  it('reports the transport closing once', () => {
    const s = new InMemorySession({ seed: 2 });
    s.handshake();
    expect(s.initiator.endpoint.transportClosed()).toEqual([{ type: 'disconnected', by: 'transport', reason: null }]);
    expect(s.initiator.endpoint.transportClosed()).toEqual([]);
    expect(concatBytes([])).toEqual(new Uint8Array(0));
  });
});
