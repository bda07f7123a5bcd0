import { describe, expect, it } from 'vitest';
import { completeFilter } from '../../../src-main/analysis/filter';
import { KNOWN_FIELDS } from './records';

const NAMES = [...KNOWN_FIELDS];

/** Completes at the `|` in `marked`. */
function complete(marked: string) {
  const cursor = marked.indexOf('|');
  return completeFilter(marked.replace('|', ''), cursor, NAMES);
}

describe('completeFilter', () => {
  it('offers first segments of every field at the start', () => {
    const { from, to, options } = complete('|');
    expect([from, to]).toEqual([0, 0]);
    expect(options).toEqual(expect.arrayContaining(['frame', 'hobbits', 'eth2rpc', 'ip', 'tcp', 'note', 'pair']));
    expect(options).not.toContain('hobbits.header');
  });

  it('completes a protocol name from its first letters', () => {
    expect(complete('hob|')).toEqual({ from: 0, to: 3, options: ['hobbits'] });
  });

  it('offers the next segment after a dot, one segment at a time', () => {
    expect(complete('hobbits.he|').options).toEqual(['hobbits.header', 'hobbits.hello']);
    expect(complete('hobbits.header.|').options).toEqual(['hobbits.header.id', 'hobbits.header.method_id']);
    expect(complete('hobbits|').options).toContain('hobbits.get_block_headers');
  });

  it('matches what is typed ignoring case', () => {
    expect(complete('PAIR.ST|').options).toEqual(['pair.status']);
  });

  it('replaces the whole word around the cursor', () => {
    expect(complete('fr|me == 1')).toEqual({ from: 0, to: 4, options: ['frame'] });
  });

  it('offers fields after (, !, not and logical operators', () => {
    expect(complete('(hobbits.he|').options).toEqual(['hobbits.header', 'hobbits.hello']);
    expect(complete('!fra|')).toEqual({ from: 1, to: 4, options: ['frame'] });
    expect(complete('frame == 1 && not pai|').options).toEqual(['pair']);
    expect(complete('!|').options).toContain('hobbits');
  });

  it('offers operators after a field', () => {
    const { from, options } = complete('frame |');
    expect(from).toBe(6);
    expect(options).toEqual(['==', '!=', '<', '<=', '>', '>=', 'contains', 'matches', 'in', '&&', '||']);
    expect(complete('frame c|').options).toEqual(['contains']);
    expect(complete('frame =|')).toEqual({ from: 6, to: 7, options: ['==', '==='] });
    expect(complete('frame g|').options).toEqual(['gt', 'ge']);
  });

  it('offers the values of enumerated fields after an operator and in sets', () => {
    expect(complete('pair == |').options).toEqual(['matched', 'unanswered', 'orphan', 'duplicate', 'mismatch']);
    expect(complete('pair.status == un|')).toEqual({ from: 15, to: 17, options: ['unanswered'] });
    expect(complete('note.severity in {error w|').options).toEqual(['warning']);
    expect(complete('protocol == |').options).toEqual(['eth2rpc', 'hobbits', 'portal']);
    expect(complete('frame == |').options).toEqual([]);
  });

  it('offers logical operators after a complete test', () => {
    expect(complete('frame == 1 |').options).toEqual(['&&', '||']);
    expect(complete('frame == 1 a|').options).toEqual(['and']);
    expect(complete('(hobbits) |').options).toEqual(['&&', '||']);
    expect(complete('code in {1 2} |').options).toEqual(['&&', '||']);
  });

  it('offers nothing inside a string or after a broken token', () => {
    expect(complete('message == "HE|').options).toEqual([]);
    expect(complete('frame # |').options).toEqual([]);
    expect(complete('frame == 1 2 |').options).toEqual([]);
  });

  it('clamps a cursor outside the filter', () => {
    expect(completeFilter('hob', 99, NAMES)).toEqual({ from: 0, to: 3, options: ['hobbits'] });
    expect(completeFilter('hob', -5, NAMES).from).toBe(0);
  });
});
