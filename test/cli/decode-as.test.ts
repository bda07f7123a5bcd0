/**
 * `--decode-as` beats the content heuristics: it can force a protocol on a conversation, and it recovers one whose
 * first bytes the heuristics do not recognise (a copy of a sample with the `ETH` prefix of each side's first
 * message overwritten).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import type { SentConnection } from '../../samples/recording/manifest';
import { SAMPLES } from '../../samples/recording/sample-list';
import { loadManifest, sampleRecords } from '../samples/analyzed-sample';
import { packetsInFile, tcpPacket } from './capture-bytes';
import { jsonLines, runCli, runCliOk } from './run-cli';

const eth2rpc = SAMPLES.find((s) => s.name === 'eth2rpc')!;
const dir = mkdtempSync(join(tmpdir(), 'peerscope-decode-as-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Overwrites the first three payload bytes each side of `connection` sent: no heuristic recognises them then. */
function withUnrecognisableStart(capture: string, connection: SentConnection): string {
  const file = readFileSync(capture);
  const tcp = packetsInFile(file).flatMap((p) => tcpPacket(file, p) ?? []);
  for (const [from, to] of [
    [connection.clientPort, connection.serverPort],
    [connection.serverPort, connection.clientPort],
  ]) {
    const first = tcp.find((p) => p.srcPort === from && p.dstPort === to && p.payloadLength >= 3)!;
    file.write('XXX', first.payloadStart, 'latin1');
  }
  const path = join(dir, 'unrecognised.pcapng');
  writeFileSync(path, file);
  return path;
}

function sentOn(lines: readonly MessageRecord[], clientPort: number): MessageRecord[] {
  return lines.filter((l) => l.src.endsWith(`:${clientPort}`) || l.dst.endsWith(`:${clientPort}`));
}

// The tests are CLI runs: they run side by side.
describe.concurrent('inspect --decode-as', () => {
  let original: MessageRecord[];
  let connection: SentConnection;
  beforeAll(async () => {
    original = await sampleRecords(eth2rpc.capture);
    connection = loadManifest(eth2rpc).connections[0]!;
  });

  it('forces a protocol on a conversation the heuristics decoded as another', async ({ expect }) => {
    const stream = sentOn(original, connection.clientPort)[0]!.stream;
    const rule = `${stream.replace(':', '.stream==')}:hobbits`;
    const { stdout } = await runCliOk(['inspect', eth2rpc.capture, '--json', '--decode-as', rule]);
    const forced = jsonLines<MessageRecord>(stdout);
    // Not one EWP message in that stream; the other conversations are untouched.
    expect(forced.filter((l) => l.stream === stream && l.protocol === 'eth2rpc')).toEqual([]);
    const others = (lines: MessageRecord[]) =>
      lines.filter((l) => l.stream !== stream).map((l) => `${l.message} ${l.requestId}`);
    expect(others(forced)).toEqual(others(original));
    const streams = await runCliOk(['inspect', eth2rpc.capture, '--streams', '--decode-as', rule]);
    expect(streams.stdout.split('\n').find((row) => row.startsWith(`${stream} `))).toMatch(/ hobbits$/);
  });

  it('decodes a conversation the heuristics miss, once a port rule names its protocol', async ({ expect }) => {
    const damaged = withUnrecognisableStart(eth2rpc.capture, connection);
    const unruled = await runCliOk(['inspect', damaged]);
    expect(unruled.stderr).toMatch(
      /1 TCP connection\(s\) matched no protocol \(try --decode-as tcp\.port==PORT:PROTOCOL\)/,
    );
    // The other conversations still decode; this one prints nothing.
    expect(unruled.stdout).toContain('eth2rpc hello');
    expect(unruled.stdout).not.toContain(`:${connection.clientPort} `);

    const rule = `tcp.port==${connection.clientPort}:eth2rpc`;
    const ruled = jsonLines<MessageRecord>(
      (await runCliOk(['inspect', damaged, '--json', '--decode-as', rule])).stdout,
    );
    // Each side's first message lost its prefix and is skipped; everything after it decodes as before.
    const expected = sentOn(original, connection.clientPort).filter(
      (l) => l.message !== 'hello' && l.message !== 'hello_response',
    );
    const decoded = sentOn(ruled, connection.clientPort);
    expect(decoded.map((l) => [l.message, l.requestId, l.fields])).toEqual(
      expected.map((l) => [l.message, l.requestId, l.fields]),
    );
    expect(decoded.flatMap((l) => l.notes.map((n) => n.kind))).toContain('eth2rpc.stream.skipped');
  });

  it('refuses a rule it cannot read, with a caret under the problem', async ({ expect }) => {
    const { code, stderr } = await runCli(['inspect', eth2rpc.capture, '--decode-as', 'tcp.port==9000:nosuch']);
    expect(code).toBe(2);
    const [message, echoed, caret] = stderr.trimEnd().split('\n');
    expect(message).toMatch(
      /^peerscope: --decode-as tcp\.port==9000:nosuch: unknown protocol nosuch; known: .*eth2rpc/,
    );
    expect(echoed).toBe('  tcp.port==9000:nosuch');
    expect(caret).toBe(`  ${' '.repeat('tcp.port==9000:'.length)}^`);
  });
});
