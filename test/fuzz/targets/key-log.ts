import { KeyStore } from '../../../decoders/core/keys';
import type { Random } from '../random';
import { check, type FuzzTarget } from '../target';

export interface KeyLogInput {
  text: string;
}

const LABELS = ['RLPX', 'rlpx', 'DISCV5', 'CLIENT_RANDOM', 'X', 'ß', 'İ', '#', ''];
const SEPARATORS = [' ', '  ', '\t', '\u00a0', '\u2003', '\r', ''];
const LINE_ENDS = ['\n', '\r\n', '\r', '\n\n', '\u2028', ''];

function hexToken(rng: Random): string {
  const length = rng.pick([0, 1, 2, 31, 32, 64, 65, 200]);
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdefABCDEF'[rng.below(22)];
  return rng.chance(0.05) ? `0x${out}` : rng.chance(0.05) ? `${out}g` : out;
}

function keyLogText(rng: Random): string {
  let text = '';
  for (let lines = rng.smallish(12); lines > 0; lines--) {
    if (rng.chance(0.1)) {
      text += Array.from({ length: rng.smallish(30) }, () => String.fromCodePoint(rng.below(0x30000))).join('');
    } else {
      const tokens = [rng.pick(LABELS), ...Array.from({ length: rng.smallish(6) }, () => hexToken(rng))];
      text += tokens.join(rng.pick(SEPARATORS));
      if (rng.chance(0.15)) text += ` # ${hexToken(rng)}`;
    }
    text += rng.pick(LINE_ENDS);
  }
  return text;
}

/**
 * KeyStore.addKeyLog on key-log-shaped and random text: it never throws, reports at most one problem per line, and
 * every line it took can be looked up again by its label and key.
 */
export function keyLogTarget(): FuzzTarget<KeyLogInput> {
  return {
    name: 'key-log',
    weight: 3,
    batchSize: 1000,
    prepare() {},
    generate: (rng) => ({ text: keyLogText(rng) }),
    execute(input) {
      const store = new KeyStore();
      const problems = store.addKeyLog(input.text, 'fuzz.log');
      const lines = input.text.split(/\r?\n/);
      check(problems.length <= lines.length, `${problems.length} problems for ${lines.length} lines`);
      check(store.version === 1, `version is ${store.version} after one key log`);
      const refused = new Set(problems.map((p) => p.source));
      lines.forEach((raw, i) => {
        const line = raw.replace(/#.*/, '').trim();
        if (!line || refused.has(`fuzz.log:${i + 1}`)) return;
        const [label, key] = line.split(/\s+/) as [string, string];
        const entry = store.lookup(label.toUpperCase(), key);
        check(entry !== undefined, () => `line ${i + 1} was taken but cannot be looked up`);
        check(
          entry.values.every((v) => /^[0-9a-f]+$/.test(v)),
          () => `line ${i + 1}: values are not lowercase hex`,
        );
      });
    },
  };
}
