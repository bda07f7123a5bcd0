import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { toHex } from '../../decoders/core/bytes';
import { jsonLines, runCliOk } from '../cli/run-cli';
import { analyzeRecording, keysFromFile, type AnalyzedCapture } from './support/interop-session';
import { MAINNET_CONTRACT } from './support/mainnet-chain';
import { RESS_EXCHANGE } from './support/ress-exchange';
import { recordRessSession, type RecordedRessSession } from './support/ress-session';
import { expectEveryRequestAnswered, expectShownAsSent, noteKinds, sentFrom } from './support/sent-check';

/**
 * ress/1 on real sockets: no independent ress peer exists in JavaScript, so two Peerscope endpoints speak it (a
 * stateless node asking a stateful one), recorded by tcpdump on loopback, then read back with the key log the
 * stateless endpoint wrote. Both ends being Peerscope's, this shows the transport and the decoding agree with
 * what was sent, not that Peerscope agrees with reth.
 */
const dir = mkdtempSync(join(tmpdir(), 'peerscope-ress-session-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a ress session between two Peerscope endpoints', () => {
  let session: RecordedRessSession;
  let analyzed: AnalyzedCapture;
  beforeAll(async () => {
    session = await recordRessSession(dir);
    analyzed = await analyzeRecording(session.capture, keysFromFile(session.keyLog));
  }, 60_000);

  it('recorded the whole connection: nothing dropped, no gap, the key-log line written', () => {
    expect(session.tcpdumpStatistics).toMatch(/^0 packets dropped by kernel$/m);
    expect(readFileSync(session.keyLog, 'utf8')).toMatch(/^RLPX 04[0-9a-f]{128}( [0-9a-f]{64}){4}$/m);
    expect(analyzed.report.tcp).toHaveLength(1);
    expect(analyzed.report.tcp[0]!.gaps).toBe(0);
  });

  it('shows every message each side sent, in order, with the bytes and values sent', () => {
    expectShownAsSent(analyzed, session.sent, 'stateless', session.addresses.stateless);
    expectShownAsSent(analyzed, session.sent, 'stateful', session.addresses.stateful);
  });

  it('routes ress past the ids of eth/68, which both Hellos announce beside it', () => {
    const nodeType = sentFrom(analyzed, session.addresses.stateless).find((s) => s.record.message === 'NodeType')!;
    expect(nodeType.record.fields).toEqual({ nodetype: 0, form: 'wire' });
    expect(analyzed.records.filter((r) => r.message === 'Hello').map((r) => r.fields.capabilities)).toEqual([
      [
        { name: 'eth', version: 68 },
        { name: 'ress', version: 1 },
      ],
      [
        { name: 'eth', version: 68 },
        { name: 'ress', version: 1 },
      ],
    ]);
  });

  it('pairs every request with its response, with the latency', () => {
    expect(expectEveryRequestAnswered(analyzed.records, 'ress')).toBe(
      RESS_EXCHANGE.filter((s) => s.from === 'stateless').length,
    );
  });

  it('checks the responses: bytecode against its hash, and flags the header that is not the one asked for', () => {
    expect(toHex(keccak_256(MAINNET_CONTRACT.code))).toBe(toHex(MAINNET_CONTRACT.codeHash));
    const deliberate = RESS_EXCHANGE.flatMap((s) => (s.notes ?? []).map((kind) => `${String(s.json.message)}:${kind}`));
    expect(deliberate).toEqual(['Headers:ress.header.mismatch']);
    expect(noteKinds(analyzed.records)).toEqual(deliberate);
    const mismatch = analyzed.records.find((r) => r.notes.length > 0)!;
    expect(mismatch).toMatchObject({ message: 'Headers', requestId: '5', notes: [{ severity: 'error' }] });
  });

  it('prints the same records through the built CLI: inspect --keylog --json', async () => {
    const { stdout } = await runCliOk(['inspect', session.capture, '--keylog', session.keyLog, '--json']);
    expect(jsonLines(stdout)).toEqual(JSON.parse(JSON.stringify(analyzed.records)));
  });
});
