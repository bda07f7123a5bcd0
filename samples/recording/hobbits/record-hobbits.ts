import { ConnectionLogs } from '../conversation';
import type { SentManifest } from '../manifest';
import { recordSample } from '../record-session';
import { SeededRandom } from '../seeded-random';
import { HobbitsChain } from './beacon-chain';
import { hobbitsConversations } from './conversations';
import { HobbitsServer } from './server';

/** First slot of the sample chain: epoch 128 of a 2019 interop testnet. */
const FIRST_SLOT = 8192n + 8n;

/** Records `hobbits.pcap` with tcpdump and writes `hobbits.sent.json` beside it. */
export function recordHobbits(samplesDir: string, seed: number): Promise<SentManifest> {
  const chain = new HobbitsChain(new SeededRandom(seed), FIRST_SLOT, 10, [FIRST_SLOT + 4n, FIRST_SLOT + 7n]);
  const serverBlock = chain.proposeBlock(chain.head);
  const clientBlock = chain.proposeBlock(serverBlock);
  const clientAttestation = chain.attest(serverBlock);
  const logs = new ConnectionLogs();
  return recordSample(samplesDir, {
    capture: 'hobbits.pcap',
    about: { format: 'pcap', recorder: 'tcpdump', protocol: 'hobbits', seed },
    server: new HobbitsServer(chain, serverBlock, logs.of),
    logs,
    conversations: hobbitsConversations(seed),
    world: (serverPort) => ({ chain, serverPort, serverBlock, clientBlock, clientAttestation }),
    // The one message it cannot read is the malformed one.
    serverReport: [/cannot read a message/],
  });
}
