import { describe, expect, it } from 'vitest';
import type { FieldNode } from '../../src-main/api/peerscope-api';
import { plainField } from '../../decoders/core/field';
import type { MessageRecord } from '../../decoders/core/message';
import { compileFilter } from '../../src-main/analysis/filter';
import { analyzeCaptureFile } from '../../src-main/engine/analyze-capture';
import { messageRecord, type AnalyzedMessage } from '../../src-main/engine/message-analysis';
import { defaultRegistry } from '../../src-main/engine/protocols';
import { applyAsFilterText, filterLiteral, quote } from '../../src-renderer/model/field-filter';
import type { FieldPath } from '../../src-renderer/model/field-path';

const leaf = (name: string, value: FieldNode['value'], extra: Partial<FieldNode> = {}): FieldNode => ({
  name,
  shape: 'leaf',
  value,
  ...extra,
});

const tree: FieldNode = {
  name: 'hobbits',
  shape: 'struct',
  children: [
    {
      name: 'header',
      shape: 'struct',
      children: [leaf('length', 28, { encoding: true }), leaf('id', { $numberLong: '7' }), leaf('Request ID', 5)],
    },
    leaf('framing', 'binary-v3', { generated: true }),
    leaf('root', '0x00ff'),
    leaf('agent', 'say "hi"\n'),
    { name: 'headers', shape: 'list', children: [leaf('0', 1)] },
  ],
};

describe('apply as filter', () => {
  it('writes protocol.path == value for a leaf, numbers and hex bare, text quoted', () => {
    expect(applyAsFilterText('hobbits', tree, [2])).toBe('hobbits.root == 0x00ff');
    expect(applyAsFilterText('hobbits', tree, [1])).toBe('hobbits.framing == "binary-v3"');
    expect(applyAsFilterText('hobbits', tree, [3])).toBe('hobbits.agent == "say \\"hi\\"\\n"');
    expect(applyAsFilterText('hobbits', tree, [4, 0])).toBe('hobbits.headers.0 == 1');
  });

  it('reads Extended JSON numbers as the number they wrap', () => {
    expect(applyAsFilterText('hobbits', tree, [0, 1])).toBe('hobbits.header.id == 7');
  });

  it('spells names as filter segments: lowercase, other characters as _', () => {
    expect(applyAsFilterText('hobbits', tree, [0, 2])).toBe('hobbits.header.request_id == 5');
  });

  it('tests presence for containers and the protocol for the root', () => {
    expect(applyAsFilterText('hobbits', tree, [0])).toBe('hobbits.header');
    expect(applyAsFilterText('hobbits', tree, [])).toBe('hobbits');
  });

  it('offers nothing for encoding details, which have no filter name, nor for a leaf without a value', () => {
    expect(applyAsFilterText('hobbits', tree, [0, 0])).toBeNull();
    expect(applyAsFilterText('hobbits', { ...tree, children: [leaf('cut', null)] }, [0])).toBeNull();
  });

  it('quotes control characters so that the filter lexer reads them back', () => {
    expect(quote('a\tb\u0001')).toBe('"a\\tb\\x01"');
    expect(filterLiteral(null)).toBeNull();
    expect(filterLiteral([1, 2])).toBeNull();
    expect(filterLiteral('12345678901234567890')).toBe('12345678901234567890');
  });
});

/** Every field path of a tree that is not an encoding detail, with its node. */
function specLeaves(root: FieldNode): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (field: FieldNode, path: number[]) => {
    if (field.encoding) return;
    if (field.shape === 'leaf' && path.length > 0 && field.value !== null) out.push(path);
    field.children?.forEach((child, i) => walk(child, [...path, i]));
  };
  walk(root, []);
  return out;
}

async function analyzedRecords(file: string): Promise<{ record: MessageRecord; root: FieldNode }[]> {
  const messages: AnalyzedMessage[] = [];
  const pairs = new Map<number, MessageRecord['pair']>();
  await analyzeCaptureFile(
    file,
    { registry: defaultRegistry() },
    {
      message: (m) => messages.push(m),
      pairUpdate: (index, pair) => pairs.set(index, pair),
    },
  );
  return messages.map((m) => ({
    record: messageRecord(m, pairs.get(m.index) ?? m.pair),
    root: plainField(m.decoded.tree) as FieldNode,
  }));
}

describe('apply as filter against the real filter language', () => {
  it.each(['samples/hobbits.pcap', 'samples/eth2rpc.pcapng'])(
    'builds, for every spec leaf of every message of %s, a filter that selects that message',
    async (file) => {
      let checked = 0;
      for (const { record, root } of await analyzedRecords(file)) {
        for (const path of specLeaves(root)) {
          const text = applyAsFilterText(record.protocol, root, path);
          expect(text, `leaf ${path.join('.')} of #${record.index}`).not.toBeNull();
          expect(compileFilter(text!).test(record), `${text} on #${record.index}`).toBe(true);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(200);
    },
  );
});
