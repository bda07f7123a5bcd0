/**
 * Hobbits decode speed: messages/s and MB/s for a HELLO (≈ 140 bytes) and a BLOCK_BODIES of ≈ 100 KB, through
 * decodeMessage alone and through the connection dissector (framing a stream cut into 1448-byte segments).
 *
 * Node 20 cannot run TypeScript itself and neither vite-node nor tsx is installed, so bundle first (inside the
 * repository, so that `bson` and `@chainsafe/ssz` resolve from node_modules):
 *
 *   npx esbuild test/hobbits/decode-speed.bench.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=out/bench/hobbits-decode-speed.mjs && node out/bench/hobbits-decode-speed.mjs [--seconds 3]
 */
import { KeyStore } from '../../decoders/core/keys';
import fc from 'fast-check';
import type { ConnectionHost } from '../../decoders/core/dissector';
import { hobbits } from '../../decoders/hobbits';
import { RPC_BODY_TYPES } from '../../decoders/hobbits/rpc-bodies';
import { busyBlock } from './fixtures/beacon-values';
import { rpcMessage } from './fixtures/wire-messages';

const SEGMENT = 1448;
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 3;

/** Blocks with attestations and deposits until the message reaches about 100 KB. */
function blockBodies(targetBytes: number): Uint8Array {
  const bodies: unknown[] = [];
  let message = rpcMessage('BLOCK_BODIES', 1, { bodies });
  for (let seed = 1; message.length < targetBytes; seed++) {
    bodies.push(...fc.sample(busyBlock, { numRuns: 1, seed }));
    message = rpcMessage('BLOCK_BODIES', 1, { bodies });
  }
  return message;
}

/** Runs `work` (which handles `bytesPerRun` bytes in `messagesPerRun` messages) for the set time. */
function measure(name: string, messagesPerRun: number, bytesPerRun: number, work: () => void): void {
  for (let i = 0; i < 20; i++) work(); // warm-up
  let runs = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    work();
    runs++;
  }
  const elapsed = (performance.now() - start) / 1000;
  const perSecond = (runs * messagesPerRun) / elapsed;
  const mbPerSecond = (runs * bytesPerRun) / elapsed / 1e6;
  console.log(
    `${name.padEnd(44)} ${perSecond.toFixed(0).padStart(9)} msg/s ${mbPerSecond.toFixed(1).padStart(8)} MB/s`,
  );
}

/** A stream of `count` copies of `message`, fed to a fresh dissector in MSS-sized segments. */
function throughDissector(message: Uint8Array, count: number): () => void {
  const stream = new Uint8Array(message.length * count);
  for (let i = 0; i < count; i++) stream.set(message, i * message.length);
  const at = { frame: 1, time: 0 };
  return () => {
    let emitted = 0;
    const host: ConnectionHost = {
      emit: () => void emitted++,
      pendingRequest: () => undefined,
      keys: new KeyStore(),
      cancelRequests: () => {},
      streamNote: () => undefined,
    };
    const connection = hobbits.open(host);
    for (let offset = 0; offset < stream.length; offset += SEGMENT)
      connection.data(0, stream.subarray(offset, offset + SEGMENT), at);
    if (emitted !== count) throw new Error(`framed ${emitted} of ${count} messages`);
  };
}

const hello = rpcMessage('HELLO', 7, {
  ...RPC_BODY_TYPES.HELLO.defaultValue(),
  network_id: 1,
  chain_id: 1,
  best_slot: 123_456n,
  latest_finalized_epoch: 1929n,
});
const bodies = blockBodies(100_000);
console.log(`HELLO: ${hello.length} bytes; BLOCK_BODIES: ${bodies.length} bytes; ${seconds} s per line`);
measure('decodeMessage HELLO', 1, hello.length, () => hobbits.decodeMessage(hello));
measure('decodeMessage BLOCK_BODIES (~100 KB)', 1, bodies.length, () => hobbits.decodeMessage(bodies));
measure('dissector, 1000 HELLO in 1448-byte segments', 1000, hello.length * 1000, throughDissector(hello, 1000));
measure('dissector, 20 BLOCK_BODIES in 1448-byte segments', 20, bodies.length * 20, throughDissector(bodies, 20));
