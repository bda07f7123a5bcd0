/**
 * The raw-TCP eth2 RPC states no lengths, so a message of variable size ends where the next `ETH` header starts.
 * When that header has only partly arrived, it is still the start of the next message: the message before it must
 * not swallow it. Two situations where Peerscope lets it (these tests fail until it is fixed): the answer to a
 * variable-size request arrives while the next request's header is half sent (the request absorbs the partial
 * header and the next request is lost as skipped bytes), and a capture that stops inside a header.
 *
 * Cause: decoders/eth2rpc/message-boundary.ts `openBoundary` returns `bytes.length` in `boundary` and `end` mode
 * even when findHeader found a cut-short header (`need-more`). Returning `found.at` once the whole `ETH` prefix is
 * there (`found.at + PREFIX_LENGTH <= bytes.length`) keeps the partial header for the next message (`boundary`:
 * it waits for the rest; `end`: it is reported as `eth2rpc.stream.truncated`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import { errorResponse, request, response, unknownRequest } from '../../samples/recording/eth2rpc/outgoing';
import { concat, PcapWriter } from '../support/capture-writer';
import { LINK } from '../support/packet-builder';
import { TcpConversation } from '../support/tcp-conversation';
import { jsonLines, runCliOk } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'peerscope-eth2rpc-partial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes of the next header that arrive with the message before it: `ETH`, the id and a byte of method_id. */
const HALF_HEADER = 12;

const HELLO = {
  network_id: 2,
  chain_id: 1n,
  latest_finalized_root: new Uint8Array(32).fill(1),
  latest_finalized_epoch: 40n,
  best_root: new Uint8Array(32).fill(2),
  best_slot: 2570n,
};

function conversation(): TcpConversation {
  const conv = new TcpConversation({ client: { ip: '10.0.0.1', port: 40001 }, server: { ip: '10.0.0.2', port: 9000 } });
  conv.handshake();
  conv.send('client', request(1n, 'hello', HELLO).bytes).send('server', response(1n, 'hello', HELLO).bytes);
  return conv;
}

function capture(conv: TcpConversation, name: string): string {
  const writer = new PcapWriter({ linkType: LINK.ETHERNET });
  const path = join(dir, name);
  writeFileSync(path, concat([writer.header(), ...conv.frames(LINK.ETHERNET).map((f) => writer.record(f))]));
  return path;
}

async function clientMessages(path: string): Promise<{ message: string; requestId: string | null }[]> {
  const lines = jsonLines<MessageRecord>((await runCliOk(['inspect', path, '--json'])).stdout);
  return lines.filter((l) => l.src === '10.0.0.1:40001').map((l) => ({ message: l.message, requestId: l.requestId }));
}

describe('an eth2rpc header that has only partly arrived', () => {
  const unknown = unknownRequest(2n, 99, Uint8Array.of(7, 0, 0, 0, 1, 2, 3, 4)).bytes;
  const state = request(3n, 'beacon_chain_state', { hashes: [new Uint8Array(32).fill(9)] }).bytes;

  it('still starts the next request when the answer to the one before it arrives meanwhile', async () => {
    const conv = conversation();
    conv.send('client', concat([unknown, state.subarray(0, HALF_HEADER)]));
    conv.send('server', errorResponse(2n, 30, 'method not found: 99').bytes);
    conv.send('client', state.subarray(HALF_HEADER));
    conv.close();
    expect(await clientMessages(capture(conv, 'answered-meanwhile.pcap'))).toEqual([
      { message: 'hello', requestId: '1' },
      { message: 'unknown_method', requestId: '2' },
      { message: 'beacon_chain_state', requestId: '3' },
    ]);
  });

  it('is not taken into the message before it when the capture stops there', async () => {
    const conv = conversation();
    const status = request(2n, 'get_status', { sha: new Uint8Array(32), user_agent: Buffer.from('x'), timestamp: 1n });
    // The capture ends here: no FIN, the header of request 3 is cut after HALF_HEADER bytes.
    conv.send('client', concat([status.bytes, state.subarray(0, HALF_HEADER)]));
    const lines = jsonLines<MessageRecord>(
      (await runCliOk(['inspect', capture(conv, 'stopped.pcap'), '--json'])).stdout,
    );
    const sent = lines.find((l) => l.message === 'get_status')!;
    expect(sent.fields.body).toEqual({ sha: `0x${'00'.repeat(32)}`, user_agent: '0x78', timestamp: 1 });
    expect(sent.notes.filter((n) => n.severity === 'error')).toEqual([]);
  });
});
