import { describe, expect, it } from 'vitest';
import type { FieldNode } from '../../src-main/api/peerscope-api';
import { copyValueText, fieldRangeText, fieldSummary, valueText } from '../../src-renderer/model/field-text';

describe('field texts of the tree', () => {
  it('shows the display when there is one, else the value, else the size of a list', () => {
    expect(fieldSummary({ name: 'method_id', shape: 'leaf', value: 2, display: 'GET_STATUS (2)' })).toBe(
      'GET_STATUS (2)',
    );
    expect(fieldSummary({ name: 'root', shape: 'leaf', value: '0xabcd' })).toBe('0xabcd');
    const list: FieldNode = {
      name: 'headers',
      shape: 'list',
      children: [
        { name: 'length', shape: 'leaf', value: 2, encoding: true },
        { name: '0', shape: 'leaf', value: 1 },
      ],
    };
    expect(fieldSummary(list)).toBe('[1 item]');
    expect(fieldSummary({ name: 'body', shape: 'struct', children: [] })).toBe('');
  });

  it('quotes text that would read wrongly bare: blanks at an end, control characters, nothing at all', () => {
    expect(valueText(' ')).toBe('" "');
    expect(valueText('\n')).toBe('"\\n"');
    expect(valueText('')).toBe('""');
    expect(valueText('EWP')).toBe('EWP');
    expect(valueText({ $numberLong: '5' })).toBe('{"$numberLong":"5"}');
  });

  it('copies a leaf`s raw value and a container as the JSON of its spec fields', () => {
    const header: FieldNode = {
      name: 'header',
      shape: 'struct',
      children: [
        { name: 'length', shape: 'leaf', value: 28, encoding: true },
        { name: 'id', shape: 'leaf', value: 2, display: 'int32 2' },
        { name: 'tags', shape: 'list', children: [{ name: '0', shape: 'leaf', value: 'a' }] },
      ],
    };
    expect(copyValueText(header)).toBe('{"id":2,"tags":["a"]}');
    expect(copyValueText(header.children![1]!)).toBe('2');
  });

  it('says where a field`s bytes are, or that it has none', () => {
    expect(fieldRangeText({ name: 'id', shape: 'leaf', start: 35, end: 43 }, 'message')).toBe(
      'bytes 35–43 (8 bytes) of message',
    );
    expect(fieldRangeText({ name: 'latency', shape: 'leaf', generated: true }, 'message')).toMatch(/takes no bytes/);
  });
});
