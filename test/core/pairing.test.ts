import { describe, expect, it } from 'vitest';
import { restBytes } from '../../decoders/core/codec';
import { declareProtocol } from '../../decoders/core/declaration';
import { PairingTracker, type PairingInput } from '../../decoders/core/pairing';

const rpc = declareProtocol({
  name: 'rpc',
  title: 'test',
  spec: '',
  messages: [
    { name: 'Hello', code: 0, summary: '', body: restBytes, answeredBy: ['Hello'] },
    { name: 'Get', code: 1, summary: '', body: restBytes, answeredBy: ['Got'] },
    { name: 'Got', code: 2, summary: '', body: restBytes },
    { name: 'Other', code: 3, summary: '', body: restBytes, answeredBy: ['Reply'] },
    { name: 'Reply', code: 4, summary: '', body: restBytes },
    { name: 'Ping', code: 5, summary: '', body: restBytes, answeredBy: ['Pong'] },
    { name: 'Pong', code: 6, summary: '', body: restBytes },
    { name: 'Note', code: 7, summary: '', body: restBytes },
  ],
});

let index = 0;
function msg(message: string, direction: 0 | 1, requestId: string | null, time = index): PairingInput {
  return { index: index++, conversation: 'tcp:0', direction, time, protocol: rpc, message, requestId };
}

describe('PairingTracker', () => {
  it('matches a response to the request with its id sent the other way, with the latency', () => {
    const t = new PairingTracker();
    index = 0;
    expect(t.observe(msg('Get', 0, '7', 1)).pair).toEqual({ status: 'unanswered', index: null, latencyMs: null });
    const r = t.observe(msg('Got', 1, '7', 1.25));
    expect(r.pair).toEqual({ status: 'matched', index: 0, latencyMs: 250 });
    expect(r.requestUpdate).toEqual({ index: 0, pair: { status: 'matched', index: 1, latencyMs: 250 } });
  });

  it('pairs out of order and keeps each side’s ids apart', () => {
    const t = new PairingTracker();
    index = 0;
    t.observe(msg('Get', 0, '1'));
    t.observe(msg('Get', 0, '2'));
    t.observe(msg('Get', 1, '1')); // the other side's own request 1
    expect(t.observe(msg('Got', 1, '2')).pair).toMatchObject({ status: 'matched', index: 1 });
    expect(t.observe(msg('Got', 0, '1')).pair).toMatchObject({ status: 'matched', index: 2 });
    expect(t.observe(msg('Got', 1, '1')).pair).toMatchObject({ status: 'matched', index: 0 });
    expect([...t.unanswered()]).toEqual([]);
  });

  it('reads a message that is both request and response (Hello) by what is pending', () => {
    const t = new PairingTracker();
    index = 0;
    expect(t.observe(msg('Hello', 0, '1')).pair!.status).toBe('unanswered');
    expect(t.observe(msg('Hello', 1, '1')).pair).toMatchObject({ status: 'matched', index: 0 });
    expect(t.observe(msg('Hello', 1, '1')).pair!.status).toBe('unanswered');
  });

  it('flags a duplicate id in flight, an orphan response and a wrong response type', () => {
    const t = new PairingTracker();
    index = 0;
    t.observe(msg('Get', 0, '1'));
    const dup = t.observe(msg('Get', 0, '1'));
    expect(dup.pair).toMatchObject({ status: 'duplicate', index: 0 });
    expect(dup.problem!.kind).toBe('pair.duplicate');
    expect(t.observe(msg('Got', 1, '9')).problem!.kind).toBe('pair.orphan');
    t.observe(msg('Other', 0, '5'));
    const wrong = t.observe(msg('Got', 1, '5'));
    expect(wrong.pair!.status).toBe('mismatch');
    expect(wrong.requestUpdate!.pair.status).toBe('mismatch');
    expect(wrong.problem!.text).toMatch(/Got answers Other \(#\d+\), which expects Reply/);
  });

  it('pairs id-less requests first in, first out, per message type', () => {
    const t = new PairingTracker();
    index = 0;
    t.observe(msg('Ping', 0, null));
    t.observe(msg('Ping', 0, null));
    expect(t.observe(msg('Pong', 1, null)).pair).toMatchObject({ status: 'matched', index: 0 });
    expect(t.observe(msg('Pong', 1, null)).pair).toMatchObject({ status: 'matched', index: 1 });
    expect(t.observe(msg('Pong', 1, null)).pair!.status).toBe('orphan');
  });

  it('gives no pairing to messages that are neither requests nor responses', () => {
    expect(new PairingTracker().observe(msg('Note', 0, null)).pair).toBeNull();
  });

  it('finds the pending request a response would answer', () => {
    const t = new PairingTracker();
    index = 0;
    t.observe(msg('Get', 0, '3'));
    expect(t.pendingRequest('tcp:0', 'rpc', 1, '3')).toMatchObject({ message: 'Get', index: 0 });
    expect(t.pendingRequest('tcp:0', 'rpc', 0, '3')).toBeUndefined();
  });
});

describe('PairingTracker with responses in several messages', () => {
  it('keeps the request open until every part arrived, matching each part and pointing the request at the first', () => {
    const t = new PairingTracker();
    index = 0;
    t.observe(msg('Get', 0, '1', 0));
    const first = t.observe({ ...msg('Got', 1, '1', 0.1), responseParts: 3 });
    expect(first.pair).toMatchObject({ status: 'matched', index: 0 });
    expect(first.requestUpdate).toMatchObject({ index: 0, pair: { index: 1 } });
    const second = t.observe({ ...msg('Got', 1, '1', 0.2), responseParts: 3 });
    expect(second.pair).toMatchObject({ status: 'matched', index: 0 });
    expect(second.requestUpdate).toBeUndefined();
    t.observe({ ...msg('Got', 1, '1', 0.3), responseParts: 3 });
    expect([...t.unanswered()]).toEqual([]);
    expect(t.observe({ ...msg('Got', 1, '1'), responseParts: 3 }).pair!.status).toBe('orphan');
  });
});
