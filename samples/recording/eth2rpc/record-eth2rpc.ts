import { ConnectionLogs } from '../conversation';
import type { SentManifest } from '../manifest';
import { recordSample } from '../record-session';
import { SeededRandom } from '../seeded-random';
import { Eth2Chain } from './beacon-chain';
import { BOTCHED_REQUEST_ID, eth2Conversations } from './conversations';
import { Eth2Server } from './server';

/** First slot of the sample chain: epoch 40 of a May 2019 testnet. */
const FIRST_SLOT = 64n * 40n + 3n;

/** Records `eth2rpc.pcapng` with dumpcap and writes `eth2rpc.sent.json` beside it. */
export function recordEth2Rpc(samplesDir: string, seed: number): Promise<SentManifest> {
  const chain = new Eth2Chain(new SeededRandom(seed), FIRST_SLOT, 12, [FIRST_SLOT + 3n, FIRST_SLOT + 6n]);
  const logs = new ConnectionLogs();
  return recordSample(samplesDir, {
    capture: 'eth2rpc.pcapng',
    about: { format: 'pcapng', recorder: 'dumpcap', protocol: 'eth2rpc', seed },
    server: new Eth2Server(chain, logs.of, { botchedRequestId: BOTCHED_REQUEST_ID }),
    logs,
    conversations: eth2Conversations(seed),
    world: (serverPort) => ({ chain, serverPort }),
    serverReport: [],
  });
}
