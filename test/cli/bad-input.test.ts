/**
 * What the CLI says about input it cannot fully use: a missing file and a file that is no capture fail with a clear
 * message; a capture cut short still prints every message before the damage, names the file offset where the
 * damage starts, and exits 0 (tshark, too, prints what it could read).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import type { SentManifest } from '../../samples/recording/manifest';
import { SAMPLES, type SampleFiles } from '../../samples/recording/sample-list';
import { loadManifest, sampleRecords } from '../samples/analyzed-sample';
import { packetsInFile, streamSegments, type PacketInFile, type StreamSegment } from './capture-bytes';
import { jsonLines, runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'peerscope-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether, after the packets before `count`, every side has delivered whole messages only. */
function cutsBetweenMessages(segments: readonly StreamSegment[], count: number, manifest: SentManifest): boolean {
  const delivered = new Map<string, number>();
  for (const s of segments) {
    if (s.packet >= count) break;
    const direction = `${s.from}>${s.to}`;
    delivered.set(direction, Math.max(delivered.get(direction) ?? 0, s.end));
  }
  return manifest.connections.every((c) =>
    (['client', 'server'] as const).every((side) => {
      const [from, to] = side === 'client' ? [c.clientPort, c.serverPort] : [c.serverPort, c.clientPort];
      let boundary = 0;
      const ends = [0, ...c.messages.filter((m) => m.direction === side).map((m) => (boundary += m.length))];
      return ends.includes(delivered.get(`${from}>${to}`) ?? 0);
    }),
  );
}

interface Truncation {
  path: string;
  /** The damaged packet: the file ends in its middle. */
  broken: PacketInFile;
  /** Frames before it, all whole. */
  wholeFrames: number;
}

/** A copy of `sample` cut in the middle of the first packet from about two thirds on where `acceptable` holds. */
function truncatedCopy(sample: SampleFiles, acceptable: (wholePackets: number) => boolean): Truncation {
  const whole = readFileSync(sample.capture);
  const packets = packetsInFile(whole);
  const from = Math.floor((packets.length * 2) / 3);
  const index = packets.findIndex((_, i) => i >= from && acceptable(i));
  if (index < 0) throw new Error(`${sample.name}: no packet from ${from} on to cut as this test needs`);
  const broken = packets[index]!;
  const path = join(dir, `cut-${sample.name}-${index}`);
  writeFileSync(path, whole.subarray(0, broken.dataStart + Math.floor(broken.capturedLength / 2)));
  return { path, broken, wholeFrames: index };
}

/** Runs the truncated copy: the exit code, the warning expected for it, what it said and printed. */
async function inspectTruncated(cut: Truncation) {
  const { code, stdout, stderr } = await runCli(['inspect', cut.path, '--json']);
  const warning = new RegExp(`^warning: ${cut.path}: damaged at file offset ${cut.broken.recordStart}: .+\\n$`);
  return { code, stderr, warning, printed: jsonLines<MessageRecord>(stdout) };
}

/** A message as the damage cannot change it (its pairing can: the answers after the damage are missing). */
const identity = (l: MessageRecord) => `${l.message} ${l.requestId} ${JSON.stringify(l.fields)}`;

/**
 * The messages of each direction of each stream, in order. Across directions the order may differ: an eth2 RPC
 * message of variable size that ends a direction is only known complete at the end of the capture.
 */
function byDirection(lines: readonly MessageRecord[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const l of lines) (out[`${l.src} > ${l.dst}`] ??= []).push(identity(l));
  return out;
}

async function messagesBefore(sample: SampleFiles, wholeFrames: number): Promise<MessageRecord[]> {
  return (await sampleRecords(sample.capture)).filter((l) => l.frame <= wholeFrames);
}

// Each test is a CLI run or two: they run side by side.
describe.concurrent('inspect on input it cannot fully read', () => {
  it('a missing file exits 2 and says so', async ({ expect }) => {
    const missing = join(dir, 'no-such-capture.pcap');
    const { code, stdout, stderr } = await runCli(['inspect', missing, '--json']);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `peerscope: ${missing}: no such file\n` });
  });

  it('a file that is no capture exits 1 and names what it found', async ({ expect }) => {
    const notCapture = SAMPLES[0]!.manifest;
    const magic = readFileSync(notCapture).subarray(0, 4).toString('hex');
    const { code, stdout, stderr } = await runCli(['inspect', notCapture]);
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: `peerscope: ${notCapture}: not a pcap or pcapng capture (magic 0x${magic})\n`,
    });
  });

  it('standard input is called so in its messages, not by the temporary file it is spooled to', async ({ expect }) => {
    const garbage = await runCli(['inspect', '-'], { stdin: Buffer.from('not a capture at all') });
    expect({ code: garbage.code, stderr: garbage.stderr }).toEqual({
      code: 1,
      stderr: 'peerscope: standard input: not a pcap or pcapng capture (magic 0x6e6f7420)\n',
    });
    const summary = await runCli(['inspect', '-', '--summary'], { stdin: readFileSync(SAMPLES[0]!.capture) });
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/^Capture {3}standard input \(pcap\): \d+ frames/);
  });

  it('a capture given as the key log exits 2 before reading anything, instead of echoing its bytes as lines', async ({
    expect,
  }) => {
    const capture = 'samples/rlpx/les.pcap';
    const { code, stdout, stderr } = await runCli(['inspect', capture, '--keylog', capture, '--summary']);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      `peerscope: --keylog ${capture}: not a key log: it holds binary bytes (a capture given as the key log?); nothing read from it\n`,
    );
  });

  it.for(SAMPLES)(
    'a $name capture cut short between messages prints every message before the damage',
    async (sample, { expect }) => {
      const manifest = loadManifest(sample);
      const segments = streamSegments(readFileSync(sample.capture));
      const cut = truncatedCopy(sample, (n) => cutsBetweenMessages(segments, n, manifest));
      const before = await messagesBefore(sample, cut.wholeFrames);
      expect(before.length).toBeGreaterThan(5);
      const { code, stderr, warning, printed } = await inspectTruncated(cut);
      expect(code).toBe(0);
      expect(stderr).toMatch(warning);
      expect(byDirection(printed)).toEqual(byDirection(before));
    },
  );

  it('a hobbits capture cut inside a message prints the messages before it, then what arrived of it, flagged', async ({
    expect,
  }) => {
    const sample = SAMPLES.find((s) => s.name === 'hobbits')!;
    const manifest = loadManifest(sample);
    const segments = streamSegments(readFileSync(sample.capture));
    const cut = truncatedCopy(sample, (n) => !cutsBetweenMessages(segments, n, manifest));
    const before = await messagesBefore(sample, cut.wholeFrames);
    const { code, stderr, warning, printed } = await inspectTruncated(cut);
    expect(code).toBe(0);
    expect(stderr).toMatch(warning);
    // Hobbits messages state their length: each is complete (and printed) the moment its last byte arrives.
    expect(printed.slice(0, before.length).map(identity)).toEqual(before.map(identity));
    const cutShort = printed.slice(before.length);
    expect(cutShort.length).toBeGreaterThan(0);
    for (const m of cutShort)
      expect(
        m.notes.map((n) => n.kind),
        `#${m.index} ${m.message}`,
      ).toContain('hobbits.truncated');
  });
});
