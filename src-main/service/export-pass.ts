import { closeSync, openSync, writeSync } from 'node:fs';
import type { PairInfo } from '../../decoders/core/pairing';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import { analyzeCaptureFile } from '../engine/analyze-capture';
import { parseDecodeAs } from '../engine/decode-as';
import { messageRecord } from '../engine/message-analysis';
import { keyStoreOf } from './capture-pass';
import { PAIR_STATUSES, type ExportFinished, type ExportJob, type PairColumns } from './load-protocol';

/** Lines are written in chunks of about this size. */
const WRITE_CHUNK = 1 << 20;

export function pairFromColumns(pairs: PairColumns, index: number): PairInfo | null {
  const status = PAIR_STATUSES[pairs.status[index] ?? 0] ?? null;
  if (status === null) return null;
  const partner = pairs.partner[index]!;
  const latency = pairs.latency[index]!;
  return { status, index: partner < 0 ? null : partner, latencyMs: Number.isNaN(latency) ? null : latency };
}

/**
 * The JSON Lines export: decodes the whole capture again, as `inspect`'s second pass does, and writes the
 * `inspect --json` line of every message in the view (with the final pairing the service holds), in index order.
 */
export async function runExportPass(
  job: ExportJob,
  registry: ProtocolRegistry,
  signal: AbortSignal,
): Promise<ExportFinished> {
  const { keys } = keyStoreOf(job.keys);
  const decodeAs = job.decodeAs.map((r) => parseDecodeAs(r, registry.names()));
  const fd = openSync(job.outputPath, 'w');
  let pending: string[] = [];
  let size = 0;
  let lines = 0;
  const drain = () => {
    if (pending.length === 0) return;
    writeSync(fd, pending.join('\n') + '\n');
    pending = [];
    size = 0;
  };
  try {
    await analyzeCaptureFile(
      job.path,
      { registry, decodeAs, keys, signal },
      {
        message: (m) => {
          if (!job.wanted[m.index]) return;
          const line = JSON.stringify(messageRecord(m, pairFromColumns(job.pairs, m.index)));
          pending.push(line);
          size += line.length;
          lines++;
          if (size > WRITE_CHUNK) drain();
        },
      },
    );
    drain();
  } finally {
    closeSync(fd);
  }
  return { type: 'exported', lines };
}
