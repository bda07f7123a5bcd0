import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src-main/analysis/filter';
import {
  keyMaterialFromText,
  isCaptureFile,
  mergeKeyMaterial,
  parseNodeKeys,
} from '../../src-renderer/model/dropped-files';
import { applyCompletion, splitAtProblem } from '../../src-renderer/model/filter-completion';
import { binLabel, histogramSeries } from '../../src-renderer/model/latency-bins';
import { rowAfterKey } from '../../src-renderer/model/list-navigation';
import { pairLink, pairText } from '../../src-renderer/model/pair-text';
import { formatBytes, formatCount, formatLatency } from '../../src-renderer/model/quantity-format';
import { loadRecentFilters, rememberFilter, saveRecentFilters } from '../../src-renderer/model/recent-filters';
import { clampSplit, storedFraction } from '../../src-renderer/model/split-size';
import { conversationFilter, messageTypeFilter, peerFilter } from '../../src-renderer/model/view-filters';

const KEY = 'aa'.repeat(32);

describe('dropped and chosen files', () => {
  it('tells captures from key files by their first bytes, else by name', () => {
    expect(['a.pcap', 'B.PCAPNG', 'c.cap', 'x.pcap.gz'].every((n) => isCaptureFile(n))).toBe(true);
    expect(['a.keylog', 'node.key', 'pcap.txt'].some((n) => isCaptureFile(n))).toBe(false);
    expect(isCaptureFile('dump.bin', Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1))).toBe(true);
    expect(isCaptureFile('dump', Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a))).toBe(true);
    expect(isCaptureFile('a.keylog', new TextEncoder().encode('RLPX'))).toBe(false);
  });

  it('reads a file of 32-byte hex keys as node keys, anything else as a key log', () => {
    expect(keyMaterialFromText('node-a.key', `${KEY}\n`)).toEqual({ nodeKeys: [KEY] });
    expect(keyMaterialFromText('n.key', `# comment\n0x${KEY}\n\n${KEY}`)).toEqual({ nodeKeys: [`0x${KEY}`, KEY] });
    const log = `# Peerscope RLPx key log\nRLPX ${KEY} ${KEY}\n`;
    expect(keyMaterialFromText('s.keylog', log)).toEqual({ keylogText: log, keylogName: 's.keylog' });
  });

  it('merges several key files into one load', () => {
    expect(
      mergeKeyMaterial([
        { keylogText: 'RLPX a', keylogName: 'a.keylog' },
        { nodeKeys: [KEY] },
        { keylogText: 'RLPX b\n', keylogName: 'b.keylog' },
      ]),
    ).toEqual({ keylogText: 'RLPX a\nRLPX b\n', keylogName: 'a.keylog, b.keylog', nodeKeys: [KEY] });
    expect(mergeKeyMaterial([])).toEqual({});
  });

  it('reports pasted node key lines that are no key', () => {
    expect(parseNodeKeys(`${KEY}\nnope\n\n0x12`)).toEqual({ keys: [KEY], badLines: [2, 4] });
  });
});

describe('the filter bar', () => {
  it('puts a completion in place of the word it replaces and the caret after it', () => {
    expect(applyCompletion('hob && x', { from: 0, to: 3, options: [] }, 'hobbits')).toEqual({
      text: 'hobbits && x',
      cursor: 7,
    });
    expect(applyCompletion('pair ', { from: 5, to: 5, options: [] }, '==')).toEqual({ text: 'pair ==', cursor: 7 });
  });

  it('splits the text around a problem, a problem at the end underlining a space', () => {
    expect(splitAtProblem('a == pear', 5, 4)).toEqual({ before: 'a == ', problem: 'pear', after: '' });
    expect(splitAtProblem('a ==', 4, 0)).toEqual({ before: 'a ==', problem: ' ', after: '' });
  });

  it('remembers applied filters, newest first, without repeats or empty ones', () => {
    let list = rememberFilter([], 'a');
    list = rememberFilter(list, 'b');
    list = rememberFilter(list, ' a ');
    list = rememberFilter(list, '  ');
    expect(list).toEqual(['a', 'b']);
    expect(rememberFilter(['1', '2', '3'], '4', 3)).toEqual(['4', '1', '2']);
  });

  it('keeps recent filters in storage and survives a damaged entry', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    saveRecentFilters(storage, ['x', 'y']);
    expect(loadRecentFilters(storage)).toEqual(['x', 'y']);
    store.set('peerscope.recentFilters', '{oops');
    expect(loadRecentFilters(storage)).toEqual([]);
  });
});

describe('filters built by the views compile in the filter language', () => {
  it.each([
    conversationFilter('tcp:3'),
    peerFilter('127.0.0.1:34915'),
    peerFilter('[::1]:30303'),
    peerFilter('10.0.0.1'),
    messageTypeFilter('hobbits', 'GET_STATUS'),
  ])('%s', (text) => {
    expect(() => compileFilter(text)).not.toThrow();
  });

  it('selects what they say', () => {
    const record = {
      index: 0,
      frame: 1,
      time: 0,
      stream: 'tcp:3',
      src: '127.0.0.1:50282',
      dst: '127.0.0.1:34915',
      protocol: 'hobbits',
      message: 'GET_STATUS',
      code: 2,
      requestId: '2',
      pair: null,
      fields: {},
      notes: [],
    };
    expect(compileFilter(conversationFilter('tcp:3')).test(record)).toBe(true);
    expect(compileFilter(conversationFilter('tcp:4')).test(record)).toBe(false);
    expect(compileFilter(peerFilter('127.0.0.1:34915')).test(record)).toBe(true);
    expect(compileFilter(peerFilter('127.0.0.1:1')).test(record)).toBe(false);
    expect(compileFilter(messageTypeFilter('hobbits', 'GET_STATUS')).test(record)).toBe(true);
    expect(compileFilter(messageTypeFilter('eth2rpc', 'GET_STATUS')).test(record)).toBe(false);
  });
});

describe('texts of the list and panels', () => {
  it('writes the Pair column with the partner and the response time', () => {
    expect(pairText({ status: 'matched', index: 3, latencyMs: 30.044 })).toBe('matched #3 · 30.04 ms');
    expect(pairText({ status: 'unanswered', index: null, latencyMs: null })).toBe('unanswered');
    expect(pairText({ status: 'duplicate', index: 2, latencyMs: null })).toBe('duplicate of #2');
    expect(pairText({ status: 'cancelled', index: 9, latencyMs: null })).toBe('cancelled by #9');
    expect(pairText(null)).toBe('');
  });

  it('leads from a request to its response and back', () => {
    expect(pairLink(9, { status: 'matched', index: 11, latencyMs: 5 })).toEqual({
      target: 11,
      label: 'Go to response',
    });
    expect(pairLink(11, { status: 'matched', index: 9, latencyMs: 5 })).toEqual({ target: 9, label: 'Go to request' });
    expect(pairLink(30, { status: 'unanswered', index: null, latencyMs: null })).toBeNull();
  });

  it('formats response times, sizes and counts', () => {
    expect(formatLatency(0.629)).toBe('0.629 ms');
    expect(formatLatency(55.575)).toBe('55.58 ms');
    expect(formatLatency(108.84)).toBe('108.8 ms');
    expect(formatLatency(1208)).toBe('1.208 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(37745)).toBe('37.7 kB');
    expect(formatBytes(1_200_000)).toBe('1.20 MB');
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('labels histogram bins and lays them out as chart series', () => {
    const bins = [
      { fromMs: 0, toMs: 10, count: 4 },
      { fromMs: 10, toMs: 20, count: 1 },
    ];
    expect(histogramSeries(bins)).toEqual([
      [0, 1],
      [4, 1],
    ]);
    expect(binLabel(bins[1]!)).toBe('10.00–20.00 ms');
  });
});

describe('keyboard navigation of the message list', () => {
  it('moves by one, by a page, and to the ends, within the rows', () => {
    expect(rowAfterKey('ArrowDown', 4, 100, 20)).toBe(5);
    expect(rowAfterKey('ArrowUp', 0, 100, 20)).toBe(0);
    expect(rowAfterKey('PageDown', 4, 100, 20)).toBe(23);
    expect(rowAfterKey('PageDown', 95, 100, 20)).toBe(99);
    expect(rowAfterKey('PageUp', 10, 100, 20)).toBe(0);
    expect(rowAfterKey('Home', 50, 100, 20)).toBe(0);
    expect(rowAfterKey('End', 50, 100, 20)).toBe(99);
    expect(rowAfterKey('x', 50, 100, 20)).toBeNull();
  });

  it('starts at the first row when nothing is selected, and does nothing in an empty list', () => {
    expect(rowAfterKey('ArrowDown', null, 100, 20)).toBe(0);
    expect(rowAfterKey('ArrowUp', null, 100, 20)).toBe(0);
    expect(rowAfterKey('ArrowDown', null, 0, 20)).toBeNull();
  });
});

describe('split panes', () => {
  it('keep both sides at least their minimum', () => {
    expect(clampSplit(10, 500, 60)).toBe(60);
    expect(clampSplit(480, 500, 60)).toBe(440);
    expect(clampSplit(200, 100, 60)).toBe(50);
  });

  it('read a stored fraction, or the fallback when it is missing or absurd', () => {
    expect(storedFraction('0.3', 0.5)).toBe(0.3);
    expect(storedFraction(null, 0.5)).toBe(0.5);
    expect(storedFraction('7', 0.5)).toBe(0.5);
  });
});
