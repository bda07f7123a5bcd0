import type { MessageRecord } from '../../decoders/core/message';
import type { KeyStore } from '../../decoders/core/keys';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import { compileFilter, filterFieldNames, FilterSyntaxError, type CompiledFilter } from '../analysis/filter';
import { UsageError } from './codec-commands';
import { analyzeCaptureFile, type CaptureReport } from '../engine/analyze-capture';
import type { DecodeAsRule } from '../engine/decode-as';
import { messageRecord } from '../engine/message-analysis';
import { FinalPairs } from './final-pairs';
import { messageLine } from './message-line';
import { streamRows, streamsText } from './streams';
import { SummaryCounter, summaryText } from './summary';

export interface InspectOptions {
  file: string;
  /** What the capture is called in messages and the summary; `file` unless given. */
  name?: string;
  json: boolean;
  summary: boolean;
  streams: boolean;
  filter?: string;
  decodeAs: DecodeAsRule[];
  keys: KeyStore;
  registry: ProtocolRegistry;
  out: (line: string) => void;
  warn: (line: string) => void;
}

/** `peerscope inspect`: messages (two passes, so every request already shows its response), totals or streams. */
export async function inspect(o: InspectOptions): Promise<void> {
  const name = o.name ?? o.file;
  const engine = { registry: o.registry, decodeAs: o.decodeAs, keys: o.keys, name };
  const damage = (p: { offset: number; reason: string }) =>
    o.warn(`warning: ${name}: damaged at file offset ${p.offset}: ${p.reason}`);
  if (o.summary) {
    const counter = new SummaryCounter();
    const report = await analyzeCaptureFile(o.file, engine, { ...counter.handlers, damage });
    counter.finish(report);
    const totals = counter.json(report, name);
    o.out(o.json ? JSON.stringify(totals) : summaryText(totals));
    return;
  }
  if (o.streams) {
    const report = await analyzeCaptureFile(o.file, engine, { damage });
    const rows = streamRows(report.tcp, report.udp);
    if (o.json) for (const r of rows) o.out(JSON.stringify(r));
    else o.out(streamsText(rows, report.tcp, report.udp));
    return;
  }
  const filter = o.filter === undefined ? null : compileUserFilter(o.filter, o.registry);
  // Pass 1: final pairing of every message.
  const pairs = new FinalPairs();
  const first = await analyzeCaptureFile(o.file, engine, {
    message: (m) => pairs.set(m.index, m.pair),
    pairUpdate: (index, pair) => pairs.set(index, pair),
    damage,
  });
  // Pass 2: decode again and print with the final pairing.
  let firstTime: number | null = null;
  const print = (record: MessageRecord) => {
    if (filter && !filter.test(record)) return;
    firstTime ??= record.time;
    o.out(o.json ? JSON.stringify(record) : messageLine(record, firstTime));
  };
  await analyzeCaptureFile(o.file, engine, { message: (m) => print(messageRecord(m, pairs.get(m.index))) });
  reportLeftovers(first, o);
}

function reportLeftovers(report: CaptureReport, o: InspectOptions): void {
  if (report.undecodedConnections > 0 && !o.json) {
    o.warn(
      `${report.undecodedConnections} TCP connection(s) matched no protocol (try --decode-as tcp.port==PORT:PROTOCOL)`,
    );
  }
}

/** Compiles `--filter`; a bad filter is shown with a caret under the position of the problem. */
export function compileUserFilter(source: string, registry: ProtocolRegistry): CompiledFilter {
  const known = new Set(filterFieldNames(registry.declarations()));
  try {
    return compileFilter(source, { knownFields: known });
  } catch (e) {
    if (!(e instanceof FilterSyntaxError)) throw e;
    const caret = ' '.repeat(e.position) + '^'.repeat(Math.max(1, e.length));
    throw new UsageError(`bad filter: ${e.message}\n  ${source}\n  ${caret}`);
  }
}
