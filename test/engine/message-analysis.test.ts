import { describe, expect, it } from 'vitest';
import { restBytes } from '../../decoders/core/codec';
import { declareProtocol } from '../../decoders/core/declaration';
import type { CarriedProtocol, TcpProtocol } from '../../decoders/core/dissector';
import { KeyStore } from '../../decoders/core/keys';
import type { DecodedMessage } from '../../decoders/core/message';
import { ProtocolRegistry } from '../../decoders/core/registry';
import { MessageAnalysis, messageRecord, type AnalyzedMessage } from '../../src-main/engine/message-analysis';

function codec(name: string, messages: { name: string; answeredBy?: string[] }[]) {
  return {
    declaration: declareProtocol({
      name,
      title: name,
      spec: '',
      messages: messages.map((m, code) => ({ ...m, code, summary: '', body: restBytes })),
    }),
    decodeMessage: () => {
      throw new Error('unused');
    },
    encodeMessage: () => new Uint8Array(0),
  };
}

/** A carrier (as RLPx) whose connection emits messages of a carried protocol (as LES). */
const carried: CarriedProtocol = {
  transport: 'carried',
  ...codec('inner', [{ name: 'Get', answeredBy: ['Got'] }, { name: 'Got' }]),
};
const carrier: TcpProtocol = {
  transport: 'tcp',
  ...codec('outer', [{ name: 'Hello' }]),
  detect: () => 'yes',
  open: () => ({ data() {}, gap() {}, end() {} }),
};

function message(protocol: string, name: string, requestId: string | null): DecodedMessage {
  return {
    protocol,
    message: name,
    code: null,
    requestId,
    tree: { name, shape: 'struct', children: [] },
    bytes: new Uint8Array(1),
  };
}

describe('MessageAnalysis', () => {
  const conversation = { stream: 'tcp:0', endpoints: ['a:1', 'b:2'] as const };

  it('pairs a carried protocol’s messages by that protocol’s declaration', () => {
    const seen: AnalyzedMessage[] = [];
    const updates: number[] = [];
    const analysis = new MessageAnalysis(
      { message: (m) => seen.push(m), pairUpdate: (i) => updates.push(i), streamNote: () => {} },
      new ProtocolRegistry().register(carrier).register(carried),
      new KeyStore(),
    );
    const host = analysis.host(conversation, carrier);
    host.emit(0, message('outer', 'Hello', null), { frame: 1, time: 1 });
    host.emit(0, message('inner', 'Get', '9'), { frame: 2, time: 2 });
    host.emit(1, message('inner', 'Got', '9'), { frame: 3, time: 2.5 });
    expect(seen.map((m) => m.pair?.status ?? null)).toEqual([null, 'unanswered', 'matched']);
    expect(updates).toEqual([1]);
    expect(messageRecord(seen[2]!).pair).toEqual({ status: 'matched', index: 1, latencyMs: 500 });
  });

  it('attaches a stream note to the next message of its direction, and reports the rest at the end', () => {
    const seen: AnalyzedMessage[] = [];
    const leftovers: string[] = [];
    const analysis = new MessageAnalysis(
      {
        message: (m) => seen.push(m),
        pairUpdate: () => {},
        streamNote: (_c, dir, note) => leftovers.push(`${dir}:${note.kind}`),
      },
      new ProtocolRegistry().register(carrier),
      new KeyStore(),
    );
    const host = analysis.host(conversation, carrier);
    const at = { frame: 1, time: 1 };
    host.streamNote(0, { severity: 'warning', kind: 'skipped', text: '3 bytes skipped', field: null }, at);
    host.streamNote(1, { severity: 'info', kind: 'tail', text: 'ends mid-message', field: null }, at);
    host.emit(0, message('outer', 'Hello', null), at);
    analysis.finish();
    expect(messageRecord(seen[0]!).notes).toEqual([
      { severity: 'warning', kind: 'skipped', text: '3 bytes skipped', field: null },
    ]);
    expect(leftovers).toEqual(['1:tail']);
  });

  it('adds a pair.unanswered warning to a request that was never answered', () => {
    const seen: AnalyzedMessage[] = [];
    const analysis = new MessageAnalysis(
      { message: (m) => seen.push(m), pairUpdate: () => {}, streamNote: () => {} },
      new ProtocolRegistry().register(carried),
      new KeyStore(),
    );
    analysis.host(conversation, carried).emit(0, message('inner', 'Get', '1'), { frame: 1, time: 1 });
    expect(analysis.unanswered()).toEqual([{ index: 0, message: 'Get' }]);
    expect(messageRecord(seen[0]!).notes.map((n) => n.kind)).toEqual(['pair.unanswered']);
  });
});
