import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../decoders/core/bytes';
import { fieldsJson } from '../../decoders/core/field';
import { KeyStore } from '../../decoders/core/keys';
import type { MessageRecord } from '../../decoders/core/message';
import { les } from '../../decoders/les';
import { withSecretsBlock } from './support/secrets-block';
import {
  analyzeRecording,
  keysFromFile,
  OUR_CLIENT_ID,
  recordInteropSession,
  type InteropRole,
  type RecordedSession,
} from './support/interop-session';

/**
 * Peerscope's RLPx endpoint against @ethereumjs/devp2p 6.1.3 on loopback, in both roles, recorded by tcpdump while
 * the session runs; the recording is then read back through the whole engine with and without the key log that
 * the endpoint wrote.
 */
const dir = mkdtempSync(join(tmpdir(), 'peerscope-rlpx-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const label = (r: MessageRecord) => `${r.protocol}/${r.message}`;
/** The LES Status fields as the LES decoder reads the payload a side sent. */
const lesStatusFields = (payload: Uint8Array) =>
  fieldsJson(les.decodeMessage(concatBytes([Uint8Array.of(0x80), payload])).tree);

describe.each<InteropRole>(['we-initiate', 'they-initiate'])('a session with ethereumjs (%s)', (role) => {
  let session: RecordedSession;
  beforeAll(async () => {
    session = await recordInteropSession(role, dir);
  }, 60_000);

  it('recorded the whole connection: tcpdump dropped nothing', () => {
    expect(session.tcpdumpStatistics).toMatch(/^0 packets dropped by kernel$/m);
    expect(readFileSync(session.keyLog, 'utf8')).toMatch(/^RLPX 04[0-9a-f]{128}( [0-9a-f]{64}){4}$/m);
  });

  it('with the key log shows every message each side sent, in order, with the values sent', async () => {
    const { records, report } = await analyzeRecording(session.capture, keysFromFile(session.keyLog));
    expect(report.tcp).toHaveLength(1);
    expect(report.tcp[0]!.gaps).toBe(0);
    const ours = records.filter((r) => r.src === session.ours);
    const theirs = records.filter((r) => r.src === session.theirs);
    expect(ours.map(label)).toEqual(session.sentByUs);
    expect(theirs.map(label)).toEqual(session.sentByThem);

    const ourHello = ours.find((r) => r.message === 'Hello')!;
    expect(ourHello.fields).toEqual({
      protocolVersion: 5,
      clientId: OUR_CLIENT_ID,
      capabilities: [{ name: 'les', version: 4 }],
      listenPort: 0,
      nodeId: toHex(session.ourId),
    });
    const theirHello = theirs.find((r) => r.message === 'Hello')!;
    expect(theirHello.fields).toEqual({
      protocolVersion: session.theirHello.protocolVersion,
      clientId: 'ethereumjs-interop',
      capabilities: [{ name: 'les', version: 4 }],
      listenPort: 0,
      nodeId: toHex(session.theirId),
    });
    expect(ours.find((r) => r.protocol === 'les')!.fields).toEqual(lesStatusFields(session.ourStatus));
    expect(theirs.find((r) => r.protocol === 'les')!.fields).toEqual(lesStatusFields(session.theirStatus));
    expect(theirs.find((r) => r.protocol === 'les')!.fields).toMatchObject({
      protocolVersion: 4,
      networkId: 1,
      headNum: 16,
    });

    const disconnect = records.find((r) => r.message === 'Disconnect')!;
    expect(disconnect.fields.reason).toBe(session.disconnectReason);
    for (const r of records.filter((m) => m.message === 'Ping' || m.message === 'Pong'))
      expect(r.pair?.status).toBe('matched');
    // ethereumjs sends its Disconnect uncompressed and without the list: shown, with notes saying so. (LES's own
    // rules are the LES decoder's business and not checked here.)
    const notes = records
      .filter((r) => r.protocol === 'p2p')
      .flatMap((r) => r.notes.map((n) => `${r.message}:${n.kind}`));
    expect(notes).toEqual(
      role === 'they-initiate' ? ['Disconnect:p2p.disconnect.bare', 'Disconnect:rlpx.snappy.missing'] : [],
    );
  });

  it('without keys shows the handshake packets, then the rest of each direction as Encrypted, "no key"', async () => {
    const { records, report } = await analyzeRecording(session.capture, new KeyStore());
    const handshake = records.filter((r) => r.message === 'Auth' || r.message === 'Ack');
    expect(handshake.map((r) => [r.src, r.message, r.fields.format])).toEqual([
      [role === 'we-initiate' ? session.ours : session.theirs, 'Auth', 'eip8'],
      [role === 'we-initiate' ? session.theirs : session.ours, 'Ack', 'eip8'],
    ]);
    const rest = records.filter((r) => !handshake.includes(r));
    expect(rest.length).toBeGreaterThan(0);
    for (const r of rest) {
      expect(r.message).toBe('Encrypted');
      expect(r.notes.map((n) => n.kind)).toEqual(['rlpx.encrypted.no-key']);
    }
    // Every byte of the connection is in exactly one message.
    const shown = records.reduce(
      (n, r) => n + (r.message === 'Encrypted' ? (r.fields.length as number) : (r.fields.size as number) + 2),
      0,
    );
    expect(shown).toBe(report.tcp[0]!.bytesAtoB + report.tcp[0]!.bytesBtoA);
  });

  it('decrypts from the key log carried in a pcapng Decryption Secrets Block, without --keylog', async () => {
    const pcapng = join(dir, `${role}.dsb.pcapng`);
    await withSecretsBlock(session.capture, readFileSync(session.keyLog, 'utf8'), pcapng);
    const { records } = await analyzeRecording(pcapng, new KeyStore());
    expect(records.map(label)).toEqual(
      (await analyzeRecording(session.capture, keysFromFile(session.keyLog))).records.map(label),
    );
    expect(records.some((r) => r.message === 'Encrypted')).toBe(false);
  });

  it('with a wrong key reports a MAC mismatch at the first frame of each direction, and no decoded frame', async () => {
    const line = readFileSync(session.keyLog, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('RLPX'))!;
    const tokens = line.split(' ');
    tokens[3] = tokens[3]!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const keys = new KeyStore();
    keys.addKeyLog(tokens.join(' '), 'wrong.log');
    const { records } = await analyzeRecording(session.capture, keys);
    const frames = records.filter((r) => r.message !== 'Auth' && r.message !== 'Ack');
    expect(frames.every((r) => r.message === 'Encrypted')).toBe(true);
    for (const side of [session.ours, session.theirs]) {
      const first = frames.find((r) => r.src === side)!;
      expect(first.notes.map((n) => n.kind)).toEqual(['rlpx.mac.mismatch']);
    }
  });
});
