/**
 * A user's "decode as" rule, as Wireshark's `-d tcp.port==9000,http`: `tcp.port==9000:eth2rpc` (a comma works
 * too). The rule beats the heuristics for every matching connection.
 */
export interface DecodeAsRule {
  field: (typeof FIELDS)[number];
  value: number;
  protocol: string;
  source: string;
}

export class DecodeAsError extends Error {
  constructor(
    readonly rule: string,
    readonly position: number,
    reason: string,
  ) {
    super(`--decode-as ${rule}: ${reason}\n  ${rule}\n  ${' '.repeat(position)}^`);
    this.name = 'DecodeAsError';
  }
}

const FIELDS = [
  'tcp.port',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.stream',
  'udp.port',
  'udp.srcport',
  'udp.dstport',
  'udp.stream',
] as const;

export function parseDecodeAs(rule: string, protocols: readonly string[]): DecodeAsRule {
  const match = /^\s*([a-z.]+)\s*==\s*(\w+)\s*[:,]\s*([\w-]+)\s*$/i.exec(rule);
  if (!match) throw new DecodeAsError(rule, 0, 'expected FIELD==VALUE:PROTOCOL, e.g. tcp.port==9000:eth2rpc');
  const [, field, value, protocol] = match as unknown as [string, string, string, string];
  if (!(FIELDS as readonly string[]).includes(field.toLowerCase())) {
    throw new DecodeAsError(rule, rule.indexOf(field), `unknown field ${field}; use one of ${FIELDS.join(', ')}`);
  }
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 0xffffffff) {
    throw new DecodeAsError(rule, rule.indexOf(value, rule.indexOf('==')), `${value} is not a port or stream number`);
  }
  if (!protocols.includes(protocol.toLowerCase())) {
    throw new DecodeAsError(
      rule,
      rule.lastIndexOf(protocol),
      `unknown protocol ${protocol}; known: ${protocols.join(', ')}`,
    );
  }
  return {
    field: field.toLowerCase() as DecodeAsRule['field'],
    value: number,
    protocol: protocol.toLowerCase(),
    source: rule,
  };
}

/** The protocol the first matching rule names for this connection or flow, if any. */
export function decodeAsFor(
  rules: readonly DecodeAsRule[],
  flow: { id: number; a: { port: number }; b: { port: number } },
  transport: 'tcp' | 'udp',
): string | undefined {
  for (const r of rules) {
    const [ruleTransport, what] = r.field.split('.') as ['tcp' | 'udp', string];
    if (ruleTransport !== transport) continue;
    const hit =
      what === 'stream'
        ? flow.id === r.value
        : what === 'srcport'
          ? flow.a.port === r.value
          : what === 'dstport'
            ? flow.b.port === r.value
            : flow.a.port === r.value || flow.b.port === r.value;
    if (hit) return r.protocol;
  }
  return undefined;
}
