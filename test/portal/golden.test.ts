/**
 * The golden baseline of the Portal sample, as test/samples/golden.test.ts keeps them for the other samples:
 * `peerscope inspect samples/discv5/portal.pcap --node-key A --node-key B --json` through the built CLI must print
 * exactly the recorded lines. `npx tsx samples/discv5/record-portal.ts` records capture and golden together; after
 * an intended change of the output, `npx tsx samples/discv5/record-portal.ts --golden-only`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PORTAL_GOLDEN, portalInspectArgs } from '../../samples/discv5/record-portal';
import { jsonLines, runCliOk } from '../cli/run-cli';

describe('samples/discv5/portal.pcap golden', () => {
  it('inspect --node-key A --node-key B --json prints exactly the golden lines', async () => {
    const { stdout } = await runCliOk(portalInspectArgs());
    const golden = readFileSync(PORTAL_GOLDEN, 'utf8');
    const actual = stdout.split('\n');
    const expected = golden.split('\n');
    // The first differing line says more than a diff of a hundred long lines.
    const first = expected.findIndex((line, i) => actual[i] !== line);
    expect(first === -1 ? null : { line: first + 1, actual: actual[first], expected: expected[first] }).toBeNull();
    expect(stdout).toBe(golden);
  });

  it('decodes the Portal and uTP messages only with the node keys', async () => {
    const args = portalInspectArgs().filter((a, i, all) => a !== '--node-key' && all[i - 1] !== '--node-key');
    const { stdout } = await runCliOk(args);
    // Without keys nothing unmasks the headers, so discv5 does not even claim the flow.
    expect(jsonLines(stdout)).toEqual([]);
    const golden = jsonLines<{ protocol: string }>(readFileSync(PORTAL_GOLDEN, 'utf8'));
    expect(new Set(golden.map((r) => r.protocol))).toEqual(new Set(['discv5', 'portal', 'utp']));
  });
});
