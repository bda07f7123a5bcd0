import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DISCV5_NOTES } from '../../../decoders/discv5';
import { RLPX_NOTES } from '../../../decoders/devp2p';
import { compileFilter, type CompiledFilter } from '../../../src-main/analysis/filter';
import { analyzeCaptureFile } from '../../../src-main/engine/analyze-capture';
import { messageRecord } from '../../../src-main/engine/message-analysis';
import { defaultRegistry } from '../../../src-main/engine/protocols';
import { mutate, type NumberField } from '../mutators';
import type { Random } from '../random';
import { pcapngNumberFields, pcapNumberFields } from '../seeds/captures';
import { keyStoreWith, pcapRecords, sampleCapturesWithKeys, type SampleCapture } from '../seeds/sample-flows';
import { check, jsonProblem, type FuzzTarget } from '../target';

export interface FullAnalysisInput {
  sample: number;
  file: Uint8Array;
  /** Read with the sample's key log and node keys, or without. */
  withKeys: boolean;
  /** Read twice with the same key store, as the engine does (pairing first, printing second). */
  twice: boolean;
}

const FILTERS = [
  'p2p || les || ress || eth || snap',
  'discv5 || portal || utp',
  'pair == unanswered || note.severity == error',
  'frame > 10 && udp',
];

/** Notes that say a decoder threw and was caught by the protocol carrying it. */
const DECODER_FAILED = new Set<string>([RLPX_NOTES.capabilityFailed, DISCV5_NOTES.talkDecoderError]);

/** Bytes inside a random record's packet (past the link and IP headers mostly): damage the transports see. */
function damagePacket(rng: Random, file: Uint8Array): Uint8Array {
  const out = file.slice();
  if (out[0] === 0x0a) return mutate(rng, out, { maxLength: 1 << 18 });
  const records = pcapRecords(out);
  const offsets: number[] = [];
  let at = 24;
  for (const r of records) {
    offsets.push(at + 16);
    at += 16 + r.data.length;
  }
  for (let n = 1 + rng.smallish(3); n > 0 && records.length > 0; n--) {
    const i = rng.below(records.length);
    const length = records[i]!.data.length;
    if (length <= 40) continue;
    const where = offsets[i]! + 40 + rng.below(length - 40);
    out[where] = rng.chance(0.5) ? out[where]! ^ (1 << rng.below(8)) : rng.below(256);
  }
  return out;
}

/**
 * analyzeCaptureFile with the registry the engine uses (every protocol) on mutated copies of the RLPx and discv5
 * sample captures, with their key logs and node keys or without: resolves (or refuses a file in neither format, as
 * documented); every record is JSON-safe and passes through display filters; no carried decoder threw; the report
 * counts what it delivered; a second read with the same key store gives the same records.
 */
export function captureAnalysisAllTarget(): FuzzTarget<FullAnalysisInput> {
  let samples: (SampleCapture & { numberFields: NumberField[] })[] = [];
  let donors: Uint8Array[] = [];
  let dir = '';
  let filters: CompiledFilter[] = [];
  let written = 0;
  return {
    name: 'capture-analysis-all',
    weight: 1,
    batchSize: 5,
    prepare(_seed, scratchDir) {
      samples = sampleCapturesWithKeys().map((s) => ({
        ...s,
        numberFields: s.file[0] === 0x0a ? pcapngNumberFields(s.file) : pcapNumberFields(s.file),
      }));
      donors = samples.map((s) => s.file);
      dir = mkdtempSync(join(scratchDir, 'full-analysis-'));
      filters = FILTERS.map((f) => compileFilter(f));
    },
    generate(rng) {
      const index = rng.below(samples.length);
      const sample = samples[index]!;
      const roll = rng.below(100);
      const file =
        roll < 5
          ? sample.file
          : roll < 55
            ? damagePacket(rng, sample.file)
            : mutate(rng, sample.file, { numberFields: sample.numberFields, donors, maxLength: 1 << 18 });
      return { sample: index, file, withKeys: rng.chance(0.85), twice: rng.chance(0.15) };
    },
    async execute(input) {
      const sample = samples[input.sample]!;
      const path = join(dir, `capture-${written++}.pcap`);
      writeFileSync(path, input.file);
      const keys = input.withKeys ? keyStoreWith(sample.keyLog, sample.nodeKeys) : keyStoreWith(undefined);
      const read = async (): Promise<string[] | null> => {
        const texts: string[] = [];
        try {
          const report = await analyzeCaptureFile(
            path,
            { registry: defaultRegistry(), keys },
            {
              message(m) {
                const record = messageRecord(m);
                const unsafe = jsonProblem(record);
                check(unsafe === null, () => `message record is not JSON-safe: ${unsafe}`);
                const failed = record.notes.find((n) => DECODER_FAILED.has(n.kind));
                check(
                  failed === undefined,
                  () => `a carried decoder threw: ${failed!.text.replace(/\d+/g, 'N')}`,
                  failed?.text,
                );
                for (const filter of filters) filter.test(record);
                texts.push(JSON.stringify(record));
              },
              streamNote(_conversation, _dir, note) {
                check(
                  !DECODER_FAILED.has(note.kind),
                  () => `a carried decoder threw: ${note.text.replace(/\d+/g, 'N')}`,
                );
              },
            },
          );
          check(
            report.messages === texts.length,
            `report counts ${report.messages} messages, ${texts.length} were delivered`,
          );
          return texts;
        } catch (e) {
          if (e instanceof Error && e.message.includes(': not a pcap or pcapng capture (')) return null;
          throw e;
        }
      };
      try {
        const first = await read();
        if (first && input.twice) {
          const second = await read();
          const differs = first.findIndex((t, i) => t !== second?.[i]);
          check(
            differs < 0 && second?.length === first.length,
            'a second read with the same key store gives other records',
            () => `${sample.name} record ${differs}`,
          );
        }
      } finally {
        rmSync(path, { force: true });
      }
    },
    dispose() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
