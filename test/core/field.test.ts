import { describe, expect, it } from 'vitest';
import {
  addNote,
  collectNotes,
  fieldAt,
  fieldByPath,
  fieldsJson,
  hexLeaf,
  shiftRanges,
  type Field,
} from '../../decoders/core/field';

const tree: Field = {
  name: 'HELLO',
  shape: 'struct',
  start: 0,
  end: 20,
  children: [
    { name: 'length', shape: 'leaf', value: 20, start: 0, end: 4, encoding: true },
    {
      name: 'header',
      shape: 'struct',
      start: 4,
      end: 12,
      children: [
        { name: 'id', shape: 'leaf', value: 7, start: 4, end: 8 },
        {
          name: 'tags',
          shape: 'list',
          start: 8,
          end: 12,
          children: [{ name: '0', shape: 'leaf', value: '0x0102', start: 10, end: 12 }],
        },
      ],
    },
    { name: 'latency', shape: 'leaf', value: 1.5, generated: true },
    { name: 'plain', shape: 'leaf', value: 'x', start: 0, end: 4, source: 'decrypted' },
  ],
};

describe('Field tree', () => {
  it('builds the fields JSON from spec fields only, lists as arrays', () => {
    expect(fieldsJson(tree)).toEqual({ header: { id: 7, tags: ['0x0102'] }, latency: 1.5, plain: 'x' });
  });

  it('finds the deepest field under a byte, per byte source', () => {
    expect(fieldAt(tree, 11)?.path).toBe('header.tags.0');
    expect(fieldAt(tree, 5)?.path).toBe('header.id');
    expect(fieldAt(tree, 2)?.path).toBe('length');
    expect(fieldAt(tree, 2, 'decrypted')?.path).toBe('plain');
    expect(fieldAt(tree, 30)).toBeNull();
  });

  it('collects notes with the dotted path of their field', () => {
    const copy = structuredClone(tree);
    addNote(fieldByPath(copy, 'header.tags.0')!, 'warning', 'x.kind', 'odd tag');
    addNote(copy, 'info', 'y.kind', 'about the message');
    expect(collectNotes(copy)).toEqual([
      { severity: 'info', kind: 'y.kind', text: 'about the message', field: null },
      { severity: 'warning', kind: 'x.kind', text: 'odd tag', field: 'header.tags.0' },
    ]);
  });

  it('moves every range of a tree by an offset, leaving generated fields without one', () => {
    const copy = structuredClone(tree);
    copy.children!.push(hexLeaf('lazy', Uint8Array.of(1, 2, 3), 1, 3));
    expect(shiftRanges(copy, 100)).toBe(copy);
    const ranges = (f: Field): unknown[] => [[f.name, f.start, f.end], ...(f.children ?? []).flatMap(ranges)];
    expect(ranges(copy)).toEqual([
      ['HELLO', 100, 120],
      ['length', 100, 104],
      ['header', 104, 112],
      ['id', 104, 108],
      ['tags', 108, 112],
      ['0', 110, 112],
      ['latency', undefined, undefined],
      ['plain', 100, 104],
      ['lazy', 101, 103],
    ]);
    // The lazy leaf still reads its own bytes, wherever its range now points.
    expect(fieldByPath(copy, 'lazy')!.value).toBe('0x0203');
    expect(ranges(shiftRanges(copy, -100))[1]).toEqual(['length', 0, 4]);
  });
});
