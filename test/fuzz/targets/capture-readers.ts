import { Readable } from 'node:stream';
import { PcapngParser } from '../../../decoders/net/pcapng';
import type { CaptureRecord } from '../../../decoders/net/types';
import { readCaptureStream, type CaptureHandlers } from '../../../src-main/capture/read-capture';
import { mutate, randomChunking, type NumberField } from '../mutators';
import { Random } from '../random';
import { sampleCaptures } from '../seeds/public-vectors';
import { pcapFile, pcapngFile, pcapngNumberFields, pcapNumberFields, seedFrameSequences } from '../seeds/captures';
import { eth2rpcSeedMessages, hobbitsSeedMessages } from '../seeds/protocol-messages';
import { check, hex, sameBytes, type FuzzTarget } from '../target';

/** A capture file and how it is cut into the chunks a stream delivers. */
export interface ChunkedFile {
  file: Uint8Array;
  chunks: number[];
}

/** What a reader reported, in order, as comparable text: records (with a digest of their bytes), secrets, names, damage. */
interface ReaderTrace {
  events: string[];
}

function recordLine(file: Uint8Array, rec: CaptureRecord): string {
  const inFile = file.subarray(rec.fileOffset, rec.fileOffset + rec.data.length);
  check(
    rec.fileOffset >= 0 && rec.fileOffset + rec.data.length <= file.length && sameBytes(inFile, rec.data),
    () => `frame ${rec.frame}: its data is not the file's bytes at its fileOffset ${rec.fileOffset}`,
  );
  return `record ${rec.frame} link ${rec.linkType} if ${rec.interfaceId} at ${rec.fileOffset} len ${rec.data.length}/${rec.originalLength} t ${rec.time} ${rec.comment ?? ''}`;
}

function tracingHandlers(file: Uint8Array, trace: ReaderTrace): CaptureHandlers {
  return {
    record: (rec) => void trace.events.push(recordLine(file, rec)),
    secrets: (type, data, offset) => void trace.events.push(`secrets ${type} at ${offset}: ${hex(data)}`),
    names: (record) => void trace.events.push(`names ${record.address} ${record.names.join(',')}`),
    damage: (problem) => void trace.events.push(`damage at ${problem.offset}: ${problem.reason}`),
  };
}

/** Where two traces first differ, for the finding's text. */
function firstDifference(a: readonly string[], b: readonly string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `event ${i}: ${a[i] ?? '(none)'} / ${b[i] ?? '(none)'}`;
  }
  return 'none';
}

interface CaptureSeed {
  file: Uint8Array;
  numberFields: NumberField[];
}

/** pcap and pcapng files of every link type, conversations of both protocols, samples/ when present. */
function captureSeeds(seed: number, kinds: 'pcap' | 'pcapng' | 'both'): CaptureSeed[] {
  const rng = new Random(seed, 0xca9);
  const messages = [...hobbitsSeedMessages(rng), ...eth2rpcSeedMessages(rng)].filter((m) => m.length < 700);
  const sequences = seedFrameSequences(rng, messages);
  const keyLog = `# fuzz\nRLPX ${'ab'.repeat(32)} ${'01'.repeat(32)} ${'02'.repeat(32)}\nbroken line\n`;
  const files: Uint8Array[] = [];
  for (const frames of sequences) {
    if (kinds !== 'pcapng') files.push(pcapFile(rng, frames));
    if (kinds !== 'pcap') files.push(pcapngFile(rng, frames, rng.chance(0.3) ? keyLog : undefined));
  }
  if (kinds !== 'pcap')
    files.push(
      pcapngFile(
        rng,
        sequences.flatMap((s) => s.slice(0, 3)),
        keyLog,
      ),
    );
  files.push(...sampleCaptures().filter((f) => kinds === 'both' || (kinds === 'pcapng') === (f[0] === 0x0a)));
  return files.map((file) => ({
    file,
    numberFields: file[0] === 0x0a ? pcapngNumberFields(file) : pcapNumberFields(file),
  }));
}

function generateChunkedFile(rng: Random, seeds: readonly CaptureSeed[], donors: readonly Uint8Array[]): ChunkedFile {
  const seed = rng.pick(seeds);
  const file = rng.chance(0.03)
    ? rng.bytes(rng.smallish(200))
    : rng.chance(0.05)
      ? seed.file
      : mutate(rng, seed.file, { numberFields: seed.numberFields, donors, maxLength: 1 << 17 });
  return { file, chunks: randomChunking(rng, file.length) };
}

function chunksOf(input: ChunkedFile): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const size of input.chunks) {
    out.push(input.file.subarray(at, at + size));
    at += size;
  }
  return out;
}

/** Errors readCaptureStream documents: the input is in neither format. */
const NOT_A_CAPTURE = /: not a pcap or pcapng capture \(/;

async function readThroughStream(input: ChunkedFile, chunks: readonly Uint8Array[]): Promise<ReaderTrace> {
  const trace: ReaderTrace = { events: [] };
  const stream = Readable.from(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
  try {
    const info = await readCaptureStream(stream, tracingHandlers(input.file, trace), { name: 'fuzz' });
    const records = trace.events.filter((e) => e.startsWith('record ')).length;
    check(info.frames === records, `readCaptureStream counts ${info.frames} frames, reported ${records}`);
    check(
      info.damaged === trace.events.some((e) => e.startsWith('damage ')),
      'damaged flag disagrees with the damage reported',
    );
    trace.events.push(`format ${info.format}`);
  } catch (e) {
    if (!(e instanceof Error && NOT_A_CAPTURE.test(e.message))) throw e;
    trace.events.push('not a capture');
  }
  return trace;
}

/**
 * readCaptureStream (pcap through pcap-parser, pcapng through the push parser) on whole mutated files from a
 * Readable: every record's bytes are the file's bytes at its offset, and the same file read in one chunk or in
 * many reports the same records, secrets, names and damage.
 */
export function pcapReaderTarget(): FuzzTarget<ChunkedFile> {
  let seeds: CaptureSeed[] = [];
  let donors: Uint8Array[] = [];
  return {
    name: 'pcap-reader',
    weight: 7,
    batchSize: 100,
    prepare(seed) {
      seeds = captureSeeds(seed, 'both').filter((s, i) => s.file[0] !== 0x0a || i % 3 === 0);
      donors = seeds.map((s) => s.file);
    },
    generate: (rng) => generateChunkedFile(rng, seeds, donors),
    async execute(input) {
      const chunked = await readThroughStream(input, chunksOf(input));
      const whole = await readThroughStream(input, input.file.length > 0 ? [input.file] : []);
      check(
        chunked.events.join('\n') === whole.events.join('\n'),
        () => `chunked and whole reads differ at ${firstDifference(chunked.events, whole.events)}`,
      );
    },
  };
}

function parsePcapng(file: Uint8Array, chunks: readonly Uint8Array[]): ReaderTrace {
  const trace: ReaderTrace = { events: [] };
  const handlers = tracingHandlers(file, trace);
  const parser = new PcapngParser({
    record: handlers.record,
    secrets: handlers.secrets!,
    names: handlers.names!,
    damage: handlers.damage,
  });
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  const records = trace.events.filter((e) => e.startsWith('record ')).length;
  check(parser.frames === records, `parser counts ${parser.frames} frames, reported ${records}`);
  const damage = trace.events.filter((e) => e.startsWith('damage ')).length;
  check(
    damage <= 1 && parser.damaged === (damage === 1),
    `damage reported ${damage} times, damaged is ${parser.damaged}`,
  );
  return trace;
}

/**
 * The pcapng push parser fed mutated files in random chunks (single bytes to whole files): the same records,
 * secrets, names and damage as one push, each record's bytes where its offset says, damage reported at most once.
 */
export function pcapngParserTarget(): FuzzTarget<ChunkedFile> {
  let seeds: CaptureSeed[] = [];
  let donors: Uint8Array[] = [];
  return {
    name: 'pcapng-parser',
    weight: 9,
    batchSize: 200,
    prepare(seed) {
      seeds = captureSeeds(seed, 'pcapng');
      donors = seeds.map((s) => s.file);
    },
    generate: (rng) => generateChunkedFile(rng, seeds, donors),
    execute(input) {
      const chunked = parsePcapng(input.file, chunksOf(input));
      const whole = parsePcapng(input.file, [input.file]);
      check(
        chunked.events.join('\n') === whole.events.join('\n'),
        () => `chunked and whole parses differ at ${firstDifference(chunked.events, whole.events)}`,
      );
    },
  };
}
