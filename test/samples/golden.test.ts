/**
 * Golden baselines, as Wireshark keeps them for its dissectors: `inspect --json` of each sample must equal the
 * recorded output exactly (the capture is fixed, so nothing is masked). `npm run samples` rewrites captures and
 * goldens together; after an intended change of the output, `npx tsx samples/make-samples.ts --goldens-only`.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, SAMPLES } from '../../samples/recording/sample-list';
import { runCliOk } from '../cli/run-cli';

describe.each(SAMPLES)('$name golden', (sample) => {
  it('inspect --json prints exactly the golden lines', async () => {
    const { stdout } = await runCliOk(['inspect', relative(REPOSITORY_ROOT, sample.capture), '--json']);
    const golden = readFileSync(sample.golden, 'utf8');
    const actual = stdout.split('\n');
    const expected = golden.split('\n');
    // The first differing line says more than a diff of a hundred long lines.
    const first = expected.findIndex((line, i) => actual[i] !== line);
    expect(first === -1 ? null : { line: first + 1, actual: actual[first], expected: expected[first] }).toBeNull();
    expect(actual.length).toBe(expected.length);
    expect(stdout).toBe(golden);
  });
});
