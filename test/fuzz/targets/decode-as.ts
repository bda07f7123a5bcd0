import { DecodeAsError, decodeAsFor, parseDecodeAs } from '../../../src-main/engine/decode-as';
import type { Random } from '../random';
import { check, type FuzzTarget } from '../target';

export interface DecodeAsInput {
  rule: string;
  protocols: string[];
  flow: { id: number; a: { port: number }; b: { port: number } };
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
  'TCP.PORT',
  'ip.addr',
  'tcp',
  '.',
  '',
];
const VALUES = [
  '9000',
  '0',
  '65535',
  '4294967295',
  '4294967296',
  '-1',
  '1e3',
  '0x10',
  '00009000',
  '9000.5',
  'abc',
  '',
  '_',
  '٣',
];
const PROTOCOLS = ['eth2rpc', 'hobbits', 'HOBBITS', 'les', 'eth2-rpc', '', 'x'];
const PIECES = ['==', '=', ':', ',', ' ', '\t', '\n', '::', '==='];

function ruleText(rng: Random): string {
  if (rng.chance(0.15)) {
    return Array.from({ length: rng.smallish(8) }, () =>
      rng.chance(0.7)
        ? rng.pick([...FIELDS, ...VALUES, ...PROTOCOLS, ...PIECES])
        : String.fromCodePoint(rng.below(0x3000)),
    ).join('');
  }
  const space = () => (rng.chance(0.2) ? rng.pick([' ', '  ', '\t']) : '');
  return [
    space(),
    rng.pick(FIELDS),
    space(),
    rng.pick(['==', '==', '=', '!=']),
    space(),
    rng.pick(VALUES),
    space(),
    rng.pick([':', ',', ';']),
    space(),
    rng.pick(PROTOCOLS),
    space(),
  ].join('');
}

/**
 * parseDecodeAs on rule-shaped and random text: only DecodeAsError escapes, its caret inside the rule; a rule it
 * accepts names a known field and protocol and an integer value, and matching it against a flow never throws.
 */
export function decodeAsTarget(): FuzzTarget<DecodeAsInput> {
  return {
    name: 'decode-as',
    weight: 3,
    batchSize: 1000,
    prepare() {},
    generate(rng) {
      return {
        rule: ruleText(rng),
        protocols: rng.chance(0.9) ? ['hobbits', 'eth2rpc'] : [],
        flow: {
          id: rng.smallish(10),
          a: { port: rng.pick([9000, 40000, 0]) },
          b: { port: rng.pick([9000, 30303, 65535]) },
        },
      };
    },
    execute(input) {
      let rule;
      try {
        rule = parseDecodeAs(input.rule, input.protocols);
      } catch (e) {
        if (!(e instanceof DecodeAsError)) throw e;
        check(e.position >= 0 && e.position <= input.rule.length, `caret at ${e.position}, outside the rule`);
        return;
      }
      check(input.protocols.includes(rule.protocol), `accepted unknown protocol ${rule.protocol}`);
      check(
        Number.isInteger(rule.value) && rule.value >= 0 && rule.value <= 0xffffffff,
        `accepted value ${rule.value}`,
      );
      const chosen = decodeAsFor([rule], input.flow, rule.field.startsWith('tcp') ? 'tcp' : 'udp');
      check(chosen === undefined || chosen === rule.protocol, `decodeAsFor chose ${chosen}`);
    },
  };
}
