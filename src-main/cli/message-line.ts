import type { JsonValue } from '../../decoders/core/json';
import type { MessageRecord } from '../../decoders/core/message';

/** One message as a line of text, as tshark prints a packet: number, time, endpoints, protocol, message, info. */
export function messageLine(r: MessageRecord, firstTime: number): string {
  const time = (r.time - firstTime).toFixed(6).padStart(11);
  const id = r.requestId === null ? '' : ` id=${r.requestId}`;
  const pair = pairText(r);
  const problems = r.notes.filter((n) => n.severity !== 'info');
  const flag = problems.length ? `  [${problems.map((n) => n.kind).join(', ')}]` : '';
  return `${String(r.index).padStart(6)} ${time} ${r.src} → ${r.dst} ${r.protocol} ${r.message}${id}${pair}  ${info(r.fields)}${flag}`;
}

function pairText(r: MessageRecord): string {
  if (!r.pair) return '';
  const partner = r.pair.index === null ? '' : ` #${r.pair.index}`;
  const latency = r.pair.latencyMs === null ? '' : ` ${r.pair.latencyMs.toFixed(3)}ms`;
  return ` (${r.pair.status}${partner}${latency})`;
}

/** A short rendering of the message's leaf fields, like a tshark Info column. */
function info(fields: Record<string, JsonValue>, limit = 100): string {
  const parts: string[] = [];
  let length = 0;
  const walk = (value: JsonValue, path: string): boolean => {
    if (length > limit) return false;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) if (!walk(v, k)) return false;
      return true;
    }
    if (Array.isArray(value)) {
      parts.push(`${path}=[${value.length}]`);
      length += path.length + 4;
      return true;
    }
    const text = typeof value === 'string' && value.length > 18 ? `${value.slice(0, 16)}…` : String(value);
    parts.push(`${path}=${text}`);
    length += path.length + text.length + 2;
    return true;
  };
  walk(fields, '');
  const out = parts.join(' ');
  return out.length > limit ? `${out.slice(0, limit)}…` : out;
}
