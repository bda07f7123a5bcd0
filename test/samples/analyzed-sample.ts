import { readFileSync } from 'node:fs';
import type { MessageRecord } from '../../decoders/core/message';
import type { PairInfo } from '../../decoders/core/pairing';
import { analyzeCaptureFile, type CaptureReport } from '../../src-main/engine/analyze-capture';
import { messageRecord, type AnalyzedMessage } from '../../src-main/engine/message-analysis';
import { defaultRegistry } from '../../src-main/engine/protocols';
import type { SentManifest } from '../../samples/recording/manifest';
import type { SampleFiles } from '../../samples/recording/sample-list';

/** One decoded message of a sample: its `inspect --json` record and the bytes it was decoded from. */
export interface SampleMessage {
  record: MessageRecord;
  /** DecodedMessage.bytes: the message as it stood in the reassembled stream. */
  bytes: Uint8Array;
  protocol: string;
}

export interface AnalyzedSample {
  messages: SampleMessage[];
  report: CaptureReport;
}

/** Runs the engine over a sample once, keeping every message with its final pairing (as `inspect` prints it). */
export async function analyzeSample(capture: string): Promise<AnalyzedSample> {
  const analyzed: AnalyzedMessage[] = [];
  const pairs = new Map<number, PairInfo | null>();
  const report = await analyzeCaptureFile(
    capture,
    { registry: defaultRegistry() },
    {
      message: (m) => {
        analyzed.push(m);
        pairs.set(m.index, m.pair);
      },
      pairUpdate: (index, pair) => pairs.set(index, pair),
    },
  );
  const messages = analyzed.map((m) => ({
    record: messageRecord(m, pairs.get(m.index) ?? null),
    bytes: m.decoded.bytes,
    protocol: m.decoded.protocol,
  }));
  return { messages, report };
}

export function loadManifest(sample: SampleFiles): SentManifest {
  return JSON.parse(readFileSync(sample.manifest, 'utf8')) as SentManifest;
}

/** The sample's `inspect --json` records as the engine makes them (the CLI prints exactly these: json-output test). */
export async function sampleRecords(capture: string): Promise<MessageRecord[]> {
  return (await analyzeSample(capture)).messages.map((m) => m.record);
}
