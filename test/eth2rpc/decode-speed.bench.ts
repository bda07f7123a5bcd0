/**
 * Decode speed of the eth2rpc decoder: messages/s and MB/s for a hello and for a ~100 KB beacon_block_bodies
 * response, both one message at a time (decodeMessage / with the request context) and as a TCP stream through the
 * connection dissector (framing, pairing lookups, rules). Not a vitest file. Node 20 cannot strip types from this
 * repository's extension-less imports, so bundle it first:
 *
 *   npx esbuild test/eth2rpc/decode-speed.bench.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/eth2rpc-bench.mjs && node /tmp/eth2rpc-bench.mjs
 */
import { KeyStore } from '../../decoders/core/keys';
import { ProtocolRegistry } from '../../decoders/core/registry';
import { concatBytes } from '../../decoders/core/bytes';
import type { ConnectionDissector } from '../../decoders/core/dissector';
import { eth2rpc } from '../../decoders/eth2rpc';
import { decodeEth2RpcMessage } from '../../decoders/eth2rpc/message-decoder';
import { methodByName } from '../../decoders/eth2rpc/methods';
import { MessageAnalysis } from '../../src-main/engine/message-analysis';
import { helloBody, request, response, root, zeroBody } from './support/conversation';

const attestation = (i: number) => ({
  aggregation_bitfield: new Uint8Array(16).fill(i),
  data: {
    beacon_block_root: root(i),
    source_epoch: BigInt(i),
    source_root: root(i + 1),
    target_epoch: BigInt(i + 1),
    target_root: root(i + 2),
    crosslink: { shard: BigInt(i), epoch: BigInt(i), parent_root: root(3), data_root: root(4) },
  },
  custody_bitfield: new Uint8Array(16),
  signature: new Uint8Array(96).fill(7),
});

const deposit = (i: number) => ({
  proof: Array.from({ length: 32 }, (_, k) => root(k)),
  index: BigInt(i),
  data: {
    pubkey: new Uint8Array(48).fill(1),
    withdrawal_credentials: root(2),
    amount: 32_000_000_000n,
    signature: new Uint8Array(96),
  },
});

const body = {
  ...zeroBody(),
  attestations: Array.from({ length: 100 }, (_, i) => attestation(i)),
  deposits: Array.from({ length: 16 }, (_, i) => deposit(i)),
  voluntary_exits: [{ epoch: 5n, validator_index: 9n, signature: new Uint8Array(96) }],
};

const hello = request('hello', 1, helloBody());
const bodies = response('beacon_block_bodies', 2, { block_bodies: [body, body] });

function measure(label: string, bytesPerRun: number, messagesPerRun: number, run: () => void): void {
  const warm = performance.now();
  while (performance.now() - warm < 300) run();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) {
    run();
    runs++;
  }
  const seconds = (performance.now() - start) / 1000;
  const messages = (runs * messagesPerRun) / seconds;
  const mb = (runs * bytesPerRun) / seconds / 1e6;
  console.log(
    `${label.padEnd(58)} ${Math.round(messages).toString().padStart(9)} msg/s ${mb.toFixed(1).padStart(8)} MB/s`,
  );
}

/** `count` request/response pairs with distinct ids, through one connection and the real pairing, in 64 KiB chunks. */
function streamRun(pair: (id: number) => [Uint8Array, Uint8Array], count: number) {
  const pairs = Array.from({ length: count }, (_, i) => pair(i + 1));
  const requests = concatBytes(pairs.map((p) => p[0]));
  const responses = concatBytes(pairs.map((p) => p[1]));
  const at = { frame: 1, time: 0 };
  const feed = (c: ConnectionDissector, dir: 0 | 1, bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i += 65536) c.data(dir, bytes.subarray(i, i + 65536), at);
    c.end(dir, at);
  };
  return {
    bytes: requests.length + responses.length,
    messages: 2 * count,
    run: () => {
      const analysis = new MessageAnalysis(
        { message: () => {}, pairUpdate: () => {}, streamNote: () => {} },
        new ProtocolRegistry().register(eth2rpc),
        new KeyStore(),
      );
      const connection = eth2rpc.open(analysis.host({ stream: 'tcp:0', endpoints: ['a:1', 'b:9000'] }, eth2rpc));
      feed(connection, 0, requests);
      feed(connection, 1, responses);
    },
  };
}

const pending = { kind: 'pending', method: methodByName('beacon_block_bodies')! } as const;
console.log(`hello: ${hello.length} bytes; beacon_block_bodies response: ${bodies.length} bytes`);
measure('hello request, decodeMessage', hello.length, 1, () => eth2rpc.decodeMessage(hello));
measure('beacon_block_bodies response, decodeMessage (type inferred)', bodies.length, 1, () =>
  eth2rpc.decodeMessage(bodies),
);
measure('beacon_block_bodies response, with its request pending', bodies.length, 1, () =>
  decodeEth2RpcMessage(bodies, { context: pending }),
);
const hellos = streamRun((id) => [request('hello', id, helloBody()), response('hello', id, helloBody())], 2000);
measure('stream: 2000 hello + hello_response, paired', hellos.bytes, hellos.messages, hellos.run);
const big = streamRun(
  (id) => [
    request('beacon_block_bodies', id, { block_roots: [root(1), root(2)] }),
    response('beacon_block_bodies', id, { block_bodies: [body, body] }),
  ],
  20,
);
measure('stream: 20 bodies request + ~100 KB response, paired', big.bytes, big.messages, big.run);
