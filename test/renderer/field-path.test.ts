import { describe, expect, it } from 'vitest';
import type { FieldNode } from '../../src-main/api/peerscope-api';
import {
  deepestFieldAt,
  fieldAtPath,
  isWithinEncoding,
  namesAlong,
  pathOfNames,
  sourceOf,
} from '../../src-renderer/model/field-path';
import { allExpansionKeys, ancestorKeys, visibleFields } from '../../src-renderer/model/visible-fields';

/** A message of 30 bytes: a header (with an encoding length prefix), a generated field, and a payload decrypted into
 * its own byte source whose fields refer to that source through their parent. */
const tree: FieldNode = {
  name: 'proto',
  shape: 'struct',
  start: 0,
  end: 30,
  children: [
    {
      name: 'header',
      shape: 'struct',
      start: 0,
      end: 10,
      children: [
        { name: 'length', shape: 'leaf', value: 6, start: 0, end: 4, encoding: true },
        { name: 'id', shape: 'leaf', value: 7, start: 4, end: 10 },
      ],
    },
    { name: 'latency', shape: 'leaf', value: 1.5, generated: true },
    {
      name: 'payload',
      shape: 'struct',
      source: 'decrypted',
      start: 0,
      end: 8,
      children: [
        { name: 'code', shape: 'leaf', value: 1, start: 0, end: 1 },
        {
          name: 'items',
          shape: 'list',
          start: 1,
          end: 8,
          children: [{ name: '0', shape: 'leaf', value: 'x', start: 2, end: 8 }],
        },
      ],
    },
    { name: 'mac', shape: 'leaf', value: '0x00', start: 14, end: 30 },
  ],
};

describe('fields by path', () => {
  it('walks child indices from the root and names the way by spec names', () => {
    expect(fieldAtPath(tree, [0, 1])?.name).toBe('id');
    expect(fieldAtPath(tree, [0, 5])).toBeUndefined();
    expect(namesAlong(tree, [2, 1, 0])).toEqual(['payload', 'items', '0']);
    expect(pathOfNames(tree, 'payload.items.0')).toEqual([2, 1, 0]);
    expect(pathOfNames(tree, 'payload.nothing')).toBeNull();
  });

  it('takes the byte source of the nearest ancestor that names one, else the message bytes', () => {
    expect(sourceOf(tree, [0, 1], 'frame')).toBe('frame');
    expect(sourceOf(tree, [2], 'frame')).toBe('decrypted');
    expect(sourceOf(tree, [2, 1, 0], 'frame')).toBe('decrypted');
  });

  it('knows fields inside encoding details', () => {
    expect(isWithinEncoding(tree, [0, 0])).toBe(true);
    expect(isWithinEncoding(tree, [0, 1])).toBe(false);
  });
});

describe('the deepest field at a byte (a click in the hex pane)', () => {
  it('picks the innermost field covering the byte in the message source', () => {
    expect(deepestFieldAt(tree, 2, 'frame', 'frame')).toEqual([0, 0]);
    expect(deepestFieldAt(tree, 9, 'frame', 'frame')).toEqual([0, 1]);
    expect(deepestFieldAt(tree, 20, 'frame', 'frame')).toEqual([3]);
  });

  it('falls back to the enclosing field where no child covers the byte', () => {
    expect(deepestFieldAt(tree, 12, 'frame', 'frame')).toEqual([]);
  });

  it('matches fields of another byte source only in that source, inherited from their parent', () => {
    expect(deepestFieldAt(tree, 5, 'decrypted', 'frame')).toEqual([2, 1, 0]);
    expect(deepestFieldAt(tree, 1, 'decrypted', 'frame')).toEqual([2, 1]);
    expect(deepestFieldAt(tree, 0, 'decrypted', 'frame')).toEqual([2, 0]);
    // byte 5 of the frame is the header id, not the payload's list item at 5 of the decrypted source
    expect(deepestFieldAt(tree, 5, 'frame', 'frame')).toEqual([0, 1]);
  });

  it('finds nothing past the bytes any field covers', () => {
    expect(deepestFieldAt(tree, 40, 'frame', 'frame')).toBeNull();
    expect(deepestFieldAt(tree, 0, 'decompressed', 'frame')).toBeNull();
  });
});

describe('the visible lines of the tree', () => {
  it('shows children only under expanded fields, the root always', () => {
    const closed = visibleFields(tree, new Set());
    expect(closed.map((l) => l.key)).toEqual(['']);
    const open = visibleFields(tree, new Set(['', 'header']));
    expect(open.map((l) => [l.key, l.depth])).toEqual([
      ['', 0],
      ['header', 1],
      ['header.length', 2],
      ['header.id', 2],
      ['latency', 1],
      ['payload', 1],
      ['mac', 1],
    ]);
    expect(open.find((l) => l.key === 'payload')).toMatchObject({ expandable: true, expanded: false });
  });

  it('expands everything, or everything below one field', () => {
    expect(allExpansionKeys(tree)).toEqual(['', 'header', 'payload', 'payload.items']);
    expect(allExpansionKeys(tree, [2])).toEqual(['payload', 'payload.items']);
  });

  it('opens the ancestors of a field selected from elsewhere', () => {
    expect(ancestorKeys(tree, [2, 1, 0])).toEqual(['', 'payload', 'payload.items']);
    expect(ancestorKeys(tree, [])).toEqual([]);
  });
});
