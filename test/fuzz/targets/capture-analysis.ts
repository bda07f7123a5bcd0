import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyStore } from '../../../decoders/core/keys';
import { compileFilter, type CompiledFilter } from '../../../src-main/analysis/filter';
import { analyzeCaptureFile } from '../../../src-main/engine/analyze-capture';
import { parseDecodeAs } from '../../../src-main/engine/decode-as';
import { messageRecord } from '../../../src-main/engine/message-analysis';
import { mutate, type NumberField } from '../mutators';
import { Random } from '../random';
import { LINK } from '../../support/packet-builder';
import {
  conversationFrames,
  pcapFile,
  pcapngFile,
  pcapngNumberFields,
  pcapNumberFields,
  seedFrameSequences,
} from '../seeds/captures';
import { eth2rpcSeedMessages, hobbitsSeedMessages } from '../seeds/protocol-messages';
import { sampleCaptures } from '../seeds/public-vectors';
import { check, jsonProblem, type FuzzTarget } from '../target';
import { fuzzedRegistry } from './fuzzed-registry';

export interface AnalysisInput {
  file: Uint8Array;
  decodeAs: string[];
}

const DECODE_AS_RULES = [
  'tcp.port==9000:eth2rpc',
  'tcp.port==9000:hobbits',
  'tcp.stream==0:hobbits',
  'tcp.dstport==9000:eth2rpc',
  'udp.port==9000:hobbits',
];
const FILTERS = [
  'hobbits || eth2rpc',
  'pair == unanswered || note.severity == error',
  'tcp.port == 9000 && frame > 3',
  'hobbits.header.id in {1..5}',
];

/** Whole conversations of both protocols, in every link type, as pcap and pcapng files of a few kilobytes. */
function analysisSeeds(seed: number): { file: Uint8Array; numberFields: NumberField[] }[] {
  const rng = new Random(seed, 0xa7a);
  const hobbitsMessages = hobbitsSeedMessages(rng).filter((m) => m.length < 600);
  const eth2Messages = eth2rpcSeedMessages(rng).filter((m) => m.length < 600);
  const files: Uint8Array[] = [];
  for (const messages of [hobbitsMessages, eth2Messages]) {
    for (let i = 0; i < 8; i++) {
      const pick = () => Array.from({ length: 1 + rng.below(3) }, () => rng.pick(messages));
      const linkType = rng.pick([LINK.ETHERNET, LINK.LINUX_SLL2, LINK.RAW, LINK.NULL]);
      const frames = conversationFrames(
        rng,
        linkType,
        rng.chance(0.7) ? 4 : 6,
        pick(),
        pick(),
        rng.pick([9000, 30303]),
      );
      const keyLog = `RLPX ${'ab'.repeat(32)} ${'01'.repeat(32)}\n`;
      files.push(
        rng.chance(0.5) ? pcapFile(rng, frames) : pcapngFile(rng, frames, rng.chance(0.3) ? keyLog : undefined),
      );
    }
  }
  files.push(
    ...seedFrameSequences(rng, [...hobbitsMessages, ...eth2Messages])
      .slice(0, 6)
      .map((frames) => pcapFile(rng, frames)),
  );
  files.push(...sampleCaptures(256 * 1024));
  return files.map((file) => ({
    file,
    numberFields: file[0] === 0x0a ? pcapngNumberFields(file) : pcapNumberFields(file),
  }));
}

/**
 * analyzeCaptureFile, the whole pipeline, on small mutated captures written to a scratch directory: it resolves
 * (or refuses a file in neither format, as documented), every message record is JSON-safe and passes through
 * display filters, and the report counts the messages it delivered.
 */
export function captureAnalysisTarget(): FuzzTarget<AnalysisInput> {
  let seeds: { file: Uint8Array; numberFields: NumberField[] }[] = [];
  let donors: Uint8Array[] = [];
  let dir = '';
  let filters: CompiledFilter[] = [];
  let written = 0;
  return {
    name: 'capture-analysis',
    weight: 2,
    batchSize: 25,
    prepare(seed, scratchDir) {
      seeds = analysisSeeds(seed);
      donors = seeds.map((s) => s.file);
      dir = mkdtempSync(join(scratchDir, 'captures-'));
      filters = FILTERS.map((f) => compileFilter(f));
    },
    generate(rng) {
      const seed = rng.pick(seeds);
      const file = rng.chance(0.05)
        ? seed.file
        : mutate(rng, seed.file, { numberFields: seed.numberFields, donors, maxLength: 1 << 18 });
      const decodeAs = rng.chance(0.3) ? [rng.pick(DECODE_AS_RULES)] : [];
      return { file, decodeAs };
    },
    async execute(input) {
      const path = join(dir, `capture-${written++}.pcap`);
      writeFileSync(path, input.file);
      const registry = fuzzedRegistry();
      const decodeAs = input.decodeAs.map((rule) => parseDecodeAs(rule, registry.names()));
      let delivered = 0;
      try {
        const report = await analyzeCaptureFile(
          path,
          { registry, decodeAs, keys: new KeyStore() },
          {
            message(m) {
              delivered++;
              const record = messageRecord(m);
              const unsafe = jsonProblem(record);
              check(unsafe === null, () => `message record is not JSON-safe: ${unsafe}`);
              for (const filter of filters) filter.test(record);
            },
          },
        );
        check(report.messages === delivered, `report counts ${report.messages} messages, ${delivered} were delivered`);
      } catch (e) {
        if (!(e instanceof Error && e.message.includes(': not a pcap or pcapng capture ('))) throw e;
      } finally {
        rmSync(path, { force: true });
      }
    },
    dispose() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
