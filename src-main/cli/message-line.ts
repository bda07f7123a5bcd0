import type { MessageRecord } from '../../decoders/core/message';
import { infoText } from '../service/info-text';

/** One message as a line of text, as tshark prints a packet: number, time, endpoints, protocol, message, and
 * the Info column the app's message list shows. */
export function messageLine(r: MessageRecord, firstTime: number): string {
  const time = (r.time - firstTime).toFixed(6).padStart(11);
  const id = r.requestId === null ? '' : ` id=${r.requestId}`;
  const pair = pairText(r);
  const problems = r.notes.filter((n) => n.severity !== 'info');
  const flag = problems.length ? `  [${problems.map((n) => n.kind).join(', ')}]` : '';
  return `${String(r.index).padStart(6)} ${time} ${r.src} → ${r.dst} ${r.protocol} ${r.message}${id}${pair}  ${infoText(r.fields)}${flag}`;
}

function pairText(r: MessageRecord): string {
  if (!r.pair) return '';
  const partner = r.pair.index === null ? '' : ` #${r.pair.index}`;
  const latency = r.pair.latencyMs === null ? '' : ` ${r.pair.latencyMs.toFixed(3)}ms`;
  return ` (${r.pair.status}${partner}${latency})`;
}
