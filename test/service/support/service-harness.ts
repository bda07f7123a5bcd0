import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageRecord } from '../../../decoders/core/message';
import type {
  CaptureInfo,
  LoadProgress,
  OpenOptions,
  OpenSource,
  PeerscopeEvent,
} from '../../../src-main/api/peerscope-api';
import { PeerscopeService } from '../../../src-main/service/peerscope-service';
import { REPOSITORY_ROOT } from '../../../samples/recording/sample-list';
import { jsonLines, runCliOk } from '../../cli/run-cli';

export const SAMPLES_DIR = join(REPOSITORY_ROOT, 'samples');

/** A service on the repository's samples, with its own config directory; `dispose` removes both. */
export async function startService(): Promise<{
  service: PeerscopeService;
  events: PeerscopeEvent[];
  dispose(): void;
}> {
  const configDir = mkdtempSync(join(tmpdir(), 'peerscope-config-'));
  const service = await PeerscopeService.create({ mode: 'web', samplesDir: SAMPLES_DIR, configDir });
  const events: PeerscopeEvent[] = [];
  service.onEvent((e) => events.push(e));
  return {
    service,
    events,
    dispose() {
      service.dispose();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the final progress once the capture's pass has ended (done, cancelled or failed). */
export function whenLoaded(service: PeerscopeService, id: string, timeoutMs = 60_000): Promise<LoadProgress> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${id} did not finish loading in ${timeoutMs} ms`)), timeoutMs);
    const check = async () => {
      const progress = await service.progress(id);
      if (progress.state !== 'loading') {
        clearTimeout(timer);
        unsubscribe();
        resolve(progress);
      }
    };
    const unsubscribe = service.onEvent((e) => {
      if (e.type === 'progress' && e.progress.id === id && e.progress.state !== 'loading') void check();
    });
    void check();
  });
}

export async function openLoaded(
  service: PeerscopeService,
  source: OpenSource,
  options?: OpenOptions,
): Promise<{ info: CaptureInfo; progress: LoadProgress }> {
  const info = await service.openCapture(source, options);
  return { info, progress: await whenLoaded(service, info.id) };
}

/** The samples as the service opens them, and the CLI arguments (absolute paths, as the service names its key files). */
export const SAMPLE_RUNS: readonly { name: string; cli: string[] }[] = [
  { name: 'hobbits', cli: ['hobbits.pcap'] },
  { name: 'eth2rpc', cli: ['eth2rpc.pcapng'] },
  {
    name: 'rlpx-les',
    cli: ['rlpx/peerscope-dials-ethereumjs.pcap', '--keylog', 'rlpx/peerscope-dials-ethereumjs.keylog'],
  },
  { name: 'rlpx-les-secrets', cli: ['rlpx/peerscope-dials-ethereumjs.dsb.pcapng'] },
  {
    name: 'rlpx-ethereumjs-dials',
    cli: ['rlpx/ethereumjs-dials-peerscope.pcap', '--keylog', 'rlpx/ethereumjs-dials-peerscope.keylog'],
  },
  {
    name: 'discv5',
    cli: ['discv5/session.pcap', '--node-key', 'discv5/node-a.key', '--node-key', 'discv5/node-b.key'],
  },
].map((run) => ({ name: run.name, cli: run.cli.map((arg) => (arg.startsWith('--') ? arg : join(SAMPLES_DIR, arg))) }));

export async function cliRecords(args: readonly string[]): Promise<MessageRecord[]> {
  return jsonLines<MessageRecord>((await runCliOk(['inspect', ...args, '--json'])).stdout);
}

export async function cliJson<T>(args: readonly string[]): Promise<T> {
  return JSON.parse((await runCliOk(['inspect', ...args, '--json'])).stdout) as T;
}
