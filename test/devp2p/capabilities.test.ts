import { describe, expect, it } from 'vitest';
import { capabilityLengths, capabilityOfCode, negotiateCapabilities } from '../../decoders/devp2p/capabilities';
import type { Capability } from '../../decoders/devp2p/capability';

const known = capabilityLengths();
const caps = (...list: [string, number][]) => list.map(([name, version]) => ({ name, version }));

describe('capability negotiation (rlpx.md §7)', () => {
  it('gives the spec example: eth/68, les/4, snap/1 take 0x10–0x20, 0x21–0x38, 0x39–0x40', () => {
    const both = caps(['snap', 1], ['les', 4], ['eth', 68]);
    const table = negotiateCapabilities(both, both, known);
    expect(table.map((c) => [c.name, c.offset, c.offset! + c.length! - 1])).toEqual([
      ['eth', 0x10, 0x20],
      ['les', 0x21, 0x38],
      ['snap', 0x39, 0x40],
    ]);
  });

  it('keeps only capabilities both sides announce with the same version, and the highest such version', () => {
    const ours = caps(['eth', 66], ['eth', 67], ['eth', 68], ['les', 4], ['ress', 1]);
    const theirs = caps(['eth', 67], ['eth', 66], ['les', 3], ['ress', 1]);
    const table = negotiateCapabilities(ours, theirs, known);
    expect(table.map((c) => `${c.name}/${c.version}@${c.offset}`)).toEqual(['eth/67@16', 'ress/1@33']);
  });

  it('sorts names byte-wise whatever order the Hellos list them in', () => {
    const a = caps(['snap', 1], ['eth', 68], ['les', 4]);
    const b = caps(['les', 4], ['snap', 1], ['eth', 68]);
    expect(negotiateCapabilities(a, b, known).map((c) => c.name)).toEqual(['eth', 'les', 'snap']);
    expect(negotiateCapabilities(b, a, known)).toEqual(negotiateCapabilities(a, b, known));
  });

  it("uses a registered capability's own length before the well-known table", () => {
    const les = { capability: 'les', length: (v: number) => (v === 4 ? 23 : undefined) } as unknown as Capability;
    const both = caps(['les', 4], ['snap', 1]);
    expect(negotiateCapabilities(both, both, capabilityLengths([les])).map((c) => c.offset)).toEqual([0x10, 0x10 + 23]);
  });

  it('loses the offsets after a capability of unknown length, and says so for their ids', () => {
    const both = caps(['aaa', 1], ['eth', 68]);
    const table = negotiateCapabilities(both, both, known);
    expect(table).toEqual([
      { name: 'aaa', version: 1, offset: 0x10, length: undefined },
      { name: 'eth', version: 68, offset: null, length: 17 },
    ]);
    expect(capabilityOfCode(table, 0x10)).toMatchObject({
      kind: 'unassigned',
      reason: expect.stringContaining('length is unknown'),
    });
  });

  it('maps wire ids to capability-relative codes and flags ids beyond the last range', () => {
    const both = caps(['eth', 68], ['les', 4]);
    const table = negotiateCapabilities(both, both, known);
    expect(capabilityOfCode(table, 0x10)).toMatchObject({ kind: 'capability', code: 0, capability: { name: 'eth' } });
    expect(capabilityOfCode(table, 0x20)).toMatchObject({ kind: 'capability', code: 16, capability: { name: 'eth' } });
    expect(capabilityOfCode(table, 0x21)).toMatchObject({ kind: 'capability', code: 0, capability: { name: 'les' } });
    expect(capabilityOfCode(table, 0x38)).toMatchObject({ kind: 'capability', code: 23, capability: { name: 'les' } });
    expect(capabilityOfCode(table, 0x39)).toMatchObject({ kind: 'unassigned' });
  });
});
