import { RLP } from '@ethereumjs/rlp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../decoders/core/bytes';
import type { Direction } from '../../decoders/core/dissector';
import { fieldByPath } from '../../decoders/core/field';
import { nodeIdOf } from '../../decoders/devp2p/secp256k1-keys';
import type { PlaybookEvent } from '../support/dissector-playbook';
import { InMemorySession } from './support/in-memory-session';
import { dissect, essentials, eventsOf, keysFor, p2pWith, recordingCapability } from './support/rlpx-playbook';
import { ScriptedInitiator } from './support/scripted-peer';

const INITIATOR = '10.0.0.1:40000';
const RECIPIENT = '10.0.0.2:9000';
const kinds = (notes: { kind: string }[]) => notes.map((n) => n.kind);

/** A complete session: Hellos, Ping/Pong both ways, capability messages, Disconnect. */
function fullSession(options: ConstructorParameters<typeof InMemorySession>[0] = { seed: 31 }) {
  const caps = [
    { name: 'les', version: 4 },
    { name: 'eth', version: 68 },
  ];
  const s = new InMemorySession({ initiatorCapabilities: caps, recipientCapabilities: caps, ...options });
  s.handshake();
  s.act(0, (e) => e.ping());
  s.act(1, (e) => e.ping());
  s.act(0, (e) => e.sendMessage('les', 0, RLP.encode([[Uint8Array.of(0x61), 4]])));
  s.act(1, (e) => e.sendMessage('les', 2, RLP.encode([5, [1, 2]])));
  s.act(1, (e) => e.sendMessage('eth', 3, RLP.encode([9, new Uint8Array(300)])));
  s.act(0, (e) => e.disconnect(0x08));
  return s;
}

describe('an RLPx connection with its key-log entry', () => {
  it('shows the handshake, then every message decrypted and decoded with the values sent, in order', () => {
    const s = fullSession();
    const les = recordingCapability('les', 24);
    const { records, streamNotes } = dissect(
      p2pWith([les.capability]),
      eventsOf(s.writes, true),
      keysFor(s.keyLogLine),
    );
    expect(streamNotes).toEqual([]);
    expect(records.map((r) => [r.src, r.protocol, r.message])).toEqual([
      [INITIATOR, 'p2p', 'Auth'],
      [RECIPIENT, 'p2p', 'Ack'],
      [RECIPIENT, 'p2p', 'Hello'],
      [INITIATOR, 'p2p', 'Hello'],
      [INITIATOR, 'p2p', 'Ping'],
      [RECIPIENT, 'p2p', 'Pong'],
      [RECIPIENT, 'p2p', 'Ping'],
      [INITIATOR, 'p2p', 'Pong'],
      [INITIATOR, 'les', 'code0'],
      [RECIPIENT, 'les', 'code2'],
      [RECIPIENT, 'p2p', 'Raw'],
      [INITIATOR, 'p2p', 'Disconnect'],
    ]);
    expect(records[2]!.fields).toEqual({
      protocolVersion: 5,
      clientId: 'peerscope-test/recipient',
      capabilities: [
        { name: 'les', version: 4 },
        { name: 'eth', version: 68 },
      ],
      listenPort: 30303,
      nodeId: toHex(nodeIdOf(s.recipient.privateKey)),
    });
    expect(records[0]!.fields).toMatchObject({ format: 'eip8', keyLog: 'test-0.log:1' });
    expect(records[4]!.pair).toMatchObject({ status: 'matched', index: 5 });
    expect(records[6]!.pair).toMatchObject({ status: 'matched', index: 7 });
    expect(records[10]!.fields).toEqual({
      data: toHex(RLP.encode([9, new Uint8Array(300)])),
      capability: 'eth/68',
      capabilityCode: 3,
    });
    expect(kinds(records[10]!.notes)).toEqual(['rlpx.capability.no-decoder']);
    expect(records[11]!.fields).toEqual({ reason: 8 });
    expect(records.flatMap((r) => r.notes).filter((n) => n.kind !== 'rlpx.capability.no-decoder')).toEqual([]);
  });

  it('hands capability messages over with their relative code, the payload after snappy and both frame sources', () => {
    const s = fullSession();
    const les = recordingCapability('les', 24);
    dissect(p2pWith([les.capability]), eventsOf(s.writes), keysFor(s.keyLogLine));
    expect(les.handed.map((h) => [h.version, h.direction, h.message.code, toHex(h.message.payload)])).toEqual([
      [4, 0, 0, toHex(RLP.encode([[Uint8Array.of(0x61), 4]]))],
      [4, 1, 2, toHex(RLP.encode([5, [1, 2]]))],
    ]);
    const first = les.handed[0]!;
    expect(first.message.sources.map((src) => src.name)).toEqual(['encrypted frame', 'decrypted frame']);
    expect(first.initiator).toBe(0);
    expect(toHex(first.senderId!)).toBe(toHex(nodeIdOf(s.initiator.privateKey)));
    const [wire, clear] = first.message.sources;
    expect(wire!.bytes.length).toBe(clear!.bytes.length);
    expect(toHex(wire!.bytes)).toBe(
      toHex(
        s.writes.find(
          (w) => w.dir === 0 && w.data.length === wire!.bytes.length && toHex(w.data) === toHex(wire!.bytes),
        )!.data,
      ),
    );
  });

  it('gives base messages their byte sources: message bytes = rlp(code) ‖ payload, frame fields over the decrypted frame', () => {
    const s = fullSession();
    const { analyzed } = dissect(p2pWith(), eventsOf(s.writes), keysFor(s.keyLogLine));
    const ping = analyzed.find((m) => m.decoded.message === 'Ping')!.decoded;
    expect(toHex(ping.bytes)).toBe('0x02c0');
    expect(ping.sources!.map((x) => x.name)).toEqual(['encrypted frame', 'decrypted frame']);
    const frame = fieldByPath(ping.tree, 'frame')!;
    expect(frame).toMatchObject({ source: 'decrypted frame', encoding: true });
    expect(fieldByPath(ping.tree, 'frame.frameSize')!.value).toBe(4);
    expect(fieldByPath(ping.tree, 'frame.headerData')).toMatchObject({ value: '0xc28080', start: 3, end: 6 });
    expect(fieldByPath(ping.tree, 'frame.msgData')!.display).toBe('snappy, 3 → 1 bytes');
    const clear = ping.sources![1]!.bytes;
    expect(toHex(clear.subarray(32, 36))).toBe('0x020100c0');
  });

  it('decodes the same messages however the streams are cut into segments', () => {
    const s = fullSession({ seed: 5 });
    const keys = keysFor(s.keyLogLine);
    const whole = essentials(dissect(p2pWith(), eventsOf(s.writes), keys).records);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }), (cuts) => {
        const events: PlaybookEvent[] = [];
        let c = 0;
        for (const w of s.writes) {
          for (let at = 0; at < w.data.length;) {
            const size = cuts[c++ % cuts.length]!;
            events.push({ dir: w.dir, data: w.data.subarray(at, at + size) });
            at += size;
          }
        }
        expect(essentials(dissect(p2pWith(), events, keys).records)).toEqual(whole);
      }),
      { numRuns: 15 },
    );
  });

  it('decodes a legacy-format session and a session with a version-4 peer (no snappy)', () => {
    for (const options of [
      { seed: 12, format: 'legacy' as const },
      { seed: 13, recipientVersion: 4 },
    ]) {
      const s = fullSession(options);
      const { records } = dissect(p2pWith(), eventsOf(s.writes), keysFor(s.keyLogLine));
      expect(records.map((r) => r.message)).toEqual([
        'Auth',
        'Ack',
        'Hello',
        'Hello',
        'Ping',
        'Pong',
        'Ping',
        'Pong',
        'Raw',
        'Raw',
        'Raw',
        'Disconnect',
      ]);
      expect(records[0]!.fields.format).toBe(options.format ?? 'eip8');
      expect(records[2]!.fields.protocolVersion).toBe(options.recipientVersion ?? 5);
    }
  });

  it('uses a key-log entry that arrives after the handshake was seen (a later pcapng secrets block)', () => {
    const s = fullSession({ seed: 40 });
    const keys = keysFor();
    const events = eventsOf(s.writes);
    const handshakeOnly = dissect(p2pWith(), events.slice(0, 2), keys).records;
    expect(handshakeOnly.map((r) => r.message)).toEqual(['Auth', 'Ack']);
    keys.addKeyLog(s.keyLogLine, 'late.log');
    const { records } = dissect(p2pWith(), events, keys);
    expect(records.filter((r) => r.message === 'Encrypted')).toEqual([]);
  });

  it('opens the handshake bodies with node keys (--node-key) and shows the initiator ephemeral key', () => {
    const s = fullSession({ seed: 41 });
    const keys = keysFor();
    keys.addPrivateKey(s.recipient.privateKey);
    keys.addPrivateKey(s.initiator.privateKey);
    const { records, analyzed } = dissect(p2pWith(), eventsOf(s.writes).slice(0, 2), keys);
    expect(records[0]!.fields.body).toMatchObject({
      initiatorPublicKey: toHex(nodeIdOf(s.initiator.privateKey)),
      version: 4,
    });
    expect(records[0]!.fields.initiatorEphemeralKey).toMatch(/^0x[0-9a-f]{128}$/);
    expect(records[1]!.fields.body).toMatchObject({ version: 4 });
    expect(analyzed[0]!.decoded.sources!.map((x) => x.name)).toEqual(['auth plaintext']);
    expect(fieldByPath(analyzed[0]!.decoded.tree, 'body')!.source).toBe('auth plaintext');
  });
});

describe('an RLPx connection without a usable key', () => {
  it('shows the handshake packets, then each burst of bytes as Encrypted with an "encrypted, no key" note', () => {
    const s = fullSession();
    const { records } = dissect(p2pWith(), eventsOf(s.writes, true));
    expect(records.slice(0, 2).map((r) => [r.message, r.fields.format, r.fields.size])).toEqual([
      ['Auth', 'eip8', s.writes[0]!.data.length - 2],
      ['Ack', 'eip8', s.writes[1]!.data.length - 2],
    ]);
    const encrypted = records.slice(2);
    expect(encrypted.map((r) => r.message)).toEqual(s.writes.slice(2).map(() => 'Encrypted'));
    expect(encrypted.map((r) => r.fields.length)).toEqual(s.writes.slice(2).map((w) => w.data.length));
    for (const r of encrypted)
      expect(r.notes).toEqual([expect.objectContaining({ kind: 'rlpx.encrypted.no-key', severity: 'info' })]);
    expect(encrypted[0]!.notes[0]!.text).toMatch(/^encrypted, no key/);
  });

  it('with a wrong mac-secret reports a MAC mismatch at the first frame of each direction, then stops', () => {
    const s = fullSession();
    const tokens = s.keyLogLine.split(' ');
    tokens[3] = '00'.repeat(32);
    const { records } = dissect(p2pWith(), eventsOf(s.writes), keysFor(tokens.join(' ')));
    const after = records.slice(2);
    expect(after.every((r) => r.message === 'Encrypted')).toBe(true);
    for (const dir of [INITIATOR, RECIPIENT]) {
      const mine = after.filter((r) => r.src === dir);
      expect(kinds(mine[0]!.notes)).toEqual(['rlpx.mac.mismatch']);
      expect(mine[0]!.notes[0]!.text).toMatch(/^header MAC mismatch/);
      for (const r of mine.slice(1)) expect(kinds(r.notes)).toEqual(['rlpx.encrypted.stopped']);
    }
  });

  it('with a wrong aes-secret (right mac-secret) says the header decrypts to noise, not garbage messages', () => {
    const s = fullSession();
    const tokens = s.keyLogLine.split(' ');
    tokens[2] = 'ff'.repeat(32);
    const { records } = dissect(p2pWith(), eventsOf(s.writes), keysFor(tokens.join(' ')));
    expect(records.slice(2).every((r) => r.message === 'Encrypted')).toBe(true);
    expect(kinds(records[2]!.notes)).toEqual(['rlpx.frame.header-garbled']);
  });

  it('reports a malformed key-log entry on the Auth and treats the session as keyless', () => {
    const s = fullSession();
    const tokens = s.keyLogLine.split(' ');
    const { records } = dissect(p2pWith(), eventsOf(s.writes), keysFor(tokens.slice(0, 4).join(' ')));
    expect(kinds(records[0]!.notes)).toEqual(['rlpx.keylog.invalid']);
    expect(records[2]!.notes[0]!.text).toMatch(/unusable/);
  });
});

describe('an RLPx connection with capture damage', () => {
  it('after a gap stops decrypting that direction only, and says why', () => {
    const s = fullSession({ seed: 50 });
    const events = eventsOf(s.writes);
    // Lose the recipient's Ping frame (write 6 in this session): its MAC state is gone.
    const lost = 6;
    expect(s.writes[lost]!.dir).toBe(1);
    events.splice(lost, 1, { dir: 1, gap: s.writes[lost]!.data.length });
    const { records } = dissect(p2pWith(), events, keysFor(s.keyLogLine));
    const recipient = records.filter((r) => r.src === RECIPIENT).map((r) => [r.message, kinds(r.notes)]);
    // The gap note waits for the direction's next message, which is already past the point where decryption stopped.
    expect(recipient).toEqual([
      ['Ack', []],
      ['Hello', []],
      ['Pong', []],
      ['Encrypted', ['rlpx.encrypted.stopped', 'rlpx.stream.gap']],
      ['Encrypted', ['rlpx.encrypted.stopped']],
    ]);
    const initiator = records.filter((r) => r.src === INITIATOR).map((r) => [r.message, kinds(r.notes)]);
    expect(initiator).toEqual([
      ['Auth', []],
      ['Hello', []],
      ['Ping', []],
      ['Pong', ['pair.orphan']],
      ['Raw', ['rlpx.capability.no-decoder']],
      ['Disconnect', []],
    ]);
  });

  it('shows an auth cut by a gap as truncated, and cannot find the key for either direction', () => {
    const s = fullSession({ seed: 51 });
    const auth = s.writes[0]!.data;
    const events: PlaybookEvent[] = [
      { dir: 0, data: auth.subarray(0, 100) },
      { dir: 0, gap: auth.length - 100 },
      ...eventsOf(s.writes.slice(1)),
    ];
    const { records } = dissect(p2pWith(), events, keysFor(s.keyLogLine));
    expect(records[0]!.message).toBe('Auth');
    expect(kinds(records[0]!.notes)).toContain('rlpx.handshake.truncated');
    expect(
      records
        .slice(1)
        .filter((r) => r.message !== 'Ack')
        .every((r) => r.message === 'Encrypted'),
    ).toBe(true);
  });

  it('flags a direction that ends inside a frame', () => {
    const s = fullSession({ seed: 52 });
    const last = s.writes.at(-1)!;
    const events = eventsOf(s.writes.slice(0, -1));
    events.push({ dir: last.dir, data: last.data.subarray(0, 40) }, { dir: last.dir, end: true });
    const { records } = dissect(p2pWith(), events, keysFor(s.keyLogLine));
    expect(records.at(-1)).toMatchObject({ message: 'Encrypted', fields: { length: 40 } });
    expect(kinds(records.at(-1)!.notes)).toEqual(['rlpx.stream.truncated']);
  });

  it('says so when the stream does not start with a handshake (capture started mid-connection)', () => {
    const s = fullSession({ seed: 53 });
    const { records } = dissect(p2pWith(), eventsOf(s.writes.slice(2)), keysFor(s.keyLogLine));
    expect(records.every((r) => r.message === 'Encrypted')).toBe(true);
    expect(kinds(records[0]!.notes)).toEqual(['rlpx.handshake.missing']);
  });
});

describe('protocol rules seen by the dissector', () => {
  function scripted(frames: (peer: ScriptedInitiator) => Uint8Array[]) {
    const s = new InMemorySession({ seed: 60 });
    s.recipient.endpoint.start();
    const peer = new ScriptedInitiator(61, s.recipient.endpoint.nodeId);
    const writes: { dir: Direction; data: Uint8Array }[] = [{ dir: 0, data: peer.auth }];
    const answer = s.recipient.endpoint.receive(peer.auth).flatMap((o) => (o.type === 'send' ? [o.bytes] : []));
    writes.push({ dir: 1, data: concatBytes(answer) });
    const event = s.recipient.endpoint.handshake!;
    peer.receiveAck(concatBytes(answer), event.ack.length);
    for (const f of frames(peer)) writes.push({ dir: 0, data: f });
    const line = `RLPX ${toHex(event.authEciesKey).slice(2)} ${[event.secrets.aesSecret, event.secrets.macSecret, event.secrets.initiatorNonce, event.secrets.recipientNonce].map((b) => toHex(b).slice(2)).join(' ')}`;
    return { writes, line, recipientKey: s.recipient.privateKey };
  }

  it('takes an uncompressed, list-less Disconnect after snappy was agreed (ethereumjs) with notes', () => {
    const { writes, line } = scripted((peer) => [peer.hello(), peer.frame(1, RLP.encode(8))]);
    const { records } = dissect(p2pWith(), eventsOf(writes), keysFor(line));
    const disconnect = records.at(-1)!;
    expect(disconnect.message).toBe('Disconnect');
    expect(disconnect.fields).toEqual({ reason: 8, form: 'bare' });
    expect(kinds(disconnect.notes).sort()).toEqual(['p2p.disconnect.bare', 'rlpx.snappy.missing']);
  });

  it('notes a first message that is not Hello, capability messages before Hello, reserved ids and unassigned ids', () => {
    const { writes, line } = scripted((peer) => [
      peer.frame(2, RLP.encode([])),
      peer.frame(0x10, RLP.encode([])),
      peer.hello(),
      peer.frame(5, RLP.encode([]), true),
      peer.frame(0x60, RLP.encode([]), true),
    ]);
    const { records } = dissect(p2pWith(), eventsOf(writes), keysFor(line));
    const mine = records.filter((r) => r.src === INITIATOR).slice(1);
    expect(mine.map((r) => [r.message, kinds(r.notes)])).toEqual([
      ['Ping', ['p2p.hello.first', 'pair.unanswered']],
      ['Raw', ['rlpx.capability.before-hello']],
      ['Hello', []],
      ['Raw', ['p2p.reserved']],
      ['Raw', ['rlpx.capability.unassigned']],
    ]);
  });

  it('shows header-data, noting values other than [0, 0] and the chunked-frame header of the old framing draft', () => {
    const { writes, line } = scripted((peer) => [
      peer.hello(),
      peer.frame(2, RLP.encode([]), true, RLP.encode([1, 7])),
      peer.frame(2, RLP.encode([]), true, RLP.encode([0, 1, 4000])),
    ]);
    const { analyzed } = dissect(p2pWith(), eventsOf(writes), keysFor(line));
    const pings = analyzed
      .filter((m) => m.decoded.message === 'Ping')
      .map((m) => fieldByPath(m.decoded.tree, 'frame.headerData')!);
    expect(pings.map((f) => [f.value, f.display, kinds(f.notes ?? [])])).toEqual([
      ['0xc20107', '[1, 7]', ['rlpx.frame.header-data']],
      ['0xc58001820fa0', '[0, 1, 4000]', ['rlpx.frame.header-data']],
    ]);
    const hello = analyzed.find((m) => m.decoded.message === 'Hello' && m.direction === 0)!;
    expect(fieldByPath(hello.decoded.tree, 'frame.headerData')!.notes).toBeUndefined();
  });

  it('flags a Hello whose node id is not the identity the (node-key-opened) auth revealed', () => {
    const { writes, line, recipientKey } = scripted((peer) => [peer.hello(nodeIdOf(peer.pending.ephemeralKey))]);
    const keys = keysFor(line);
    keys.addPrivateKey(recipientKey);
    const { records } = dissect(p2pWith(), eventsOf(writes), keys);
    const hello = records.filter((r) => r.src === INITIATOR && r.message === 'Hello')[0]!;
    expect(kinds(hello.notes)).toEqual(['p2p.hello.identity']);
  });

  it('shows a capability message whose decoder throws as Raw with an error note', () => {
    const broken = recordingCapability('les', 24).capability;
    broken.open = () => ({
      message() {
        throw new Error('boom');
      },
    });
    const s = fullSession({ seed: 62 });
    const { records } = dissect(p2pWith([broken]), eventsOf(s.writes), keysFor(s.keyLogLine));
    const failed = records.filter((r) => kinds(r.notes).includes('rlpx.capability.failed'));
    expect(failed.map((r) => r.fields.capability)).toEqual(['les/4', 'les/4']);
    expect(failed[0]!.notes[0]!.text).toContain('boom');
  });
});
