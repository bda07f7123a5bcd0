import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyStore } from '../../decoders/core/keys';
import { les } from '../../decoders/les';
import { ress } from '../../decoders/ress';
import { REPOSITORY_ROOT } from '../../samples/recording/sample-list';
import { runCliOk } from '../cli/run-cli';
import type { ExchangeManifest } from './support/exchange-manifest';
import { analyzeRecording, keysFromFile, type AnalyzedCapture } from './support/interop-session';
import { expectEveryRequestAnswered, expectShownAsSent, noteKinds } from './support/sent-check';

/**
 * The LES and ress samples (samples/rlpx, recorded by make-samples.ts) against their manifests, and their golden
 * `inspect --keylog --json` baselines, as Wireshark keeps them for its dissectors: the capture is fixed, so
 * nothing is masked. After an intended change of the output: `npx tsx samples/rlpx/make-samples.ts --goldens-only`.
 */
const SAMPLES = [
  { name: 'les', capability: les },
  { name: 'ress', capability: ress },
];
const path = (file: string) => new URL(`../../samples/rlpx/${file}`, import.meta.url).pathname;

describe.each(SAMPLES)('the $name sample', ({ name, capability }) => {
  const protocol = capability.declaration.name;
  const manifest = JSON.parse(readFileSync(path(`${name}.sent.json`), 'utf8')) as ExchangeManifest;
  let analyzed: AnalyzedCapture;
  beforeAll(async () => {
    analyzed = await analyzeRecording(path(manifest.capture), keysFromFile(path(manifest.keyLog)));
  });

  it('decodes, with its key log, to exactly what each side sent', () => {
    for (const [by, side] of Object.entries(manifest.sides))
      expectShownAsSent(analyzed, manifest.messages, by, side.address);
    expect(analyzed.records).toHaveLength(manifest.messages.length);
    expect(analyzed.records.find((r) => r.message === 'Disconnect')!.fields.reason).toBe(manifest.disconnect.reason);
  });

  it('pairs every request with its response', () => {
    const requests = manifest.messages.filter(
      (m) => m.protocol === protocol && capability.declaration.message(m.message)?.answeredBy,
    );
    expect(expectEveryRequestAnswered(analyzed.records, protocol)).toBe(requests.length);
  });

  it('raises no note but the deliberate ones', () => {
    expect(noteKinds(analyzed.records)).toEqual(manifest.deliberateNotes);
  });

  it('without its key log shows the handshake and Encrypted messages only', async () => {
    const { records } = await analyzeRecording(path(manifest.capture), new KeyStore());
    expect(new Set(records.map((r) => r.message))).toEqual(new Set(['Auth', 'Ack', 'Encrypted']));
  });

  it('inspect --keylog --json prints exactly the golden lines', async () => {
    const sample = `samples/rlpx/${name}`;
    // The Auth message names its key-log file as given: the same relative path the golden was made with.
    const { stdout } = await runCliOk(['inspect', `${sample}.pcap`, '--keylog', `${sample}.keylog`, '--json']);
    const golden = readFileSync(`${REPOSITORY_ROOT}/test/devp2p/golden/${name}.jsonl`, 'utf8');
    const [actual, expected] = [stdout.split('\n'), golden.split('\n')];
    const first = expected.findIndex((line, i) => actual[i] !== line);
    expect(first === -1 ? null : { line: first + 1, actual: actual[first], expected: expected[first] }).toBeNull();
    expect(stdout).toBe(golden);
  });
});
