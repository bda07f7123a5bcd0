import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import type { MessageRecord } from '../../decoders/core/message';
import { runCliOk, jsonLines } from '../cli/run-cli';
import { analyzeRecording, keysFromFile, type AnalyzedCapture, type InteropRole } from './support/interop-session';
import { FLOW_CONTROL, LES_EXCHANGE } from './support/les-exchange';
import { LES_CLIENT_ID, recordLesSession, type RecordedLesSession } from './support/les-session';
import { expectEveryRequestAnswered, expectShownAsSent, noteKinds, sentFrom } from './support/sent-check';

/**
 * A real LES exchange between Peerscope's endpoint (light client) and @ethereumjs/devp2p 6.1.3 (server, driven by
 * the test with mainnet data) on loopback, in both handshake roles, recorded by tcpdump while it runs. The capture
 * is then read back through the whole engine with the key log Peerscope's endpoint wrote, and through the built CLI.
 */
const dir = mkdtempSync(join(tmpdir(), 'peerscope-les-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const requests = LES_EXCHANGE.filter((s) => s.from === 'client').length;

/** N in MaxCost = BaseCost + ReqCost · N: the headers asked for, or the items listed. */
function itemsAsked(r: MessageRecord): number {
  if (r.message === 'GetBlockHeaders') return r.fields.maxHeaders as number;
  const listed = r.fields.hashes ?? r.fields.requests ?? r.fields.transactions;
  return (listed as unknown[]).length;
}

describe.each<InteropRole>(['we-initiate', 'they-initiate'])('LES with ethereumjs (%s)', (role) => {
  let session: RecordedLesSession;
  let analyzed: AnalyzedCapture;
  beforeAll(async () => {
    session = await recordLesSession(role, dir);
    analyzed = await analyzeRecording(session.capture, keysFromFile(session.keyLog));
  }, 60_000);

  it('recorded the whole connection: nothing dropped, no gap, the key-log line written', () => {
    expect(session.tcpdumpStatistics).toMatch(/^0 packets dropped by kernel$/m);
    expect(readFileSync(session.keyLog, 'utf8')).toMatch(/^RLPX 04[0-9a-f]{128}( [0-9a-f]{64}){4}$/m);
    expect(analyzed.report.tcp).toHaveLength(1);
    expect(analyzed.report.tcp[0]!.gaps).toBe(0);
  });

  it('shows every message each side sent, in order, with the bytes and values sent', () => {
    expectShownAsSent(analyzed, session.sent, 'peerscope', session.addresses.peerscope);
    expectShownAsSent(analyzed, session.sent, 'ethereumjs', session.addresses.ethereumjs);
    const hello = sentFrom(analyzed, session.addresses.peerscope).find((s) => s.record.message === 'Hello')!;
    expect(hello.record.fields).toMatchObject({ clientId: LES_CLIENT_ID, nodeId: toHex(session.nodeIds.peerscope) });
    const theirHello = sentFrom(analyzed, session.addresses.ethereumjs).find((s) => s.record.message === 'Hello')!;
    expect(theirHello.record.fields).toMatchObject({
      clientId: 'ethereumjs-interop',
      capabilities: [{ name: 'les', version: 4 }],
      nodeId: toHex(session.nodeIds.ethereumjs),
    });
    const disconnect = analyzed.records.find((r) => r.message === 'Disconnect')!;
    expect(disconnect.fields.reason).toBe(session.disconnect.reason);
  });

  it('pairs every request with its reply, with the latency', () => {
    expect(expectEveryRequestAnswered(analyzed.records, 'les')).toBe(requests);
  });

  it('follows the client’s flow control from the server’s Status: MaxCost per request, BLE after each reply', () => {
    const les = analyzed.records.filter((r) => r.protocol === 'les' && r.requestId !== null);
    for (const r of les.filter((m) => m.src === session.addresses.peerscope)) {
      const [base, perItem] = FLOW_CONTROL.costs.get(r.code!)!;
      expect(r.fields.maxCost, `${r.message} ${r.requestId}`).toBe(base + perItem * itemsAsked(r));
    }
    // One request at a time: nothing else is in flight when a reply comes, so the estimate is its BV.
    for (const r of les.filter((m) => m.src === session.addresses.ethereumjs)) expect(r.fields.BLE).toBe(r.fields.BV);
  });

  it('raises no note but the ones ethereumjs’s own Disconnect earns', () => {
    expect(noteKinds(analyzed.records)).toEqual(
      session.disconnect.by === 'ethereumjs'
        ? ['Disconnect:p2p.disconnect.bare', 'Disconnect:rlpx.snappy.missing']
        : [],
    );
  });

  it('prints the same records through the built CLI: inspect --keylog --json', async () => {
    const { stdout } = await runCliOk(['inspect', session.capture, '--keylog', session.keyLog, '--json']);
    expect(jsonLines(stdout)).toEqual(JSON.parse(JSON.stringify(analyzed.records)));
  });
});
