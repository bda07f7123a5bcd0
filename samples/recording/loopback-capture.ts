import { spawn, type ChildProcess } from 'node:child_process';
import { delay, withTimeout } from './paced-socket';

/**
 * Records loopback traffic with tcpdump (classic pcap) or dumpcap (pcapng), started and stopped robustly: the
 * recording only begins once the tool reports it is listening, and only stops once both FINs of every connection
 * are in the file (a tool writes packets some time after the sockets saw them, and what it has not written when
 * stopped is lost). Every wait is bounded and fails with the tool's own words.
 */

export type Recorder = 'tcpdump' | 'dumpcap';

export interface RunningCapture {
  recorder: Recorder;
  path: string;
  /** Waits until the file holds a FIN from both sides of `connections` connections. */
  waitForFins(connections: number, timeoutMs?: number): Promise<void>;
  /**
   * Checks that the file holds the opening SYN of exactly `connections` connections: the capture did not start
   * late, and caught no stranger's connection.
   */
  checkOpenings(connections: number): Promise<void>;
  /** Stops the tool and returns how many packets the kernel dropped (0 for a whole capture). */
  stop(): Promise<{ dropped: number; report: string }>;
}

/**
 * What each tool prints once packets really are being recorded. dumpcap's "Capturing on" comes some milliseconds
 * too early (packets sent then are lost); its "File:" line comes when the capture is live.
 */
const READY: Record<Recorder, string> = { tcpdump: 'listening on', dumpcap: 'File: ' };

/** Starts recording TCP traffic to or from `ports` on the loopback interface into `path`. */
export async function startCapture(
  recorder: Recorder,
  path: string,
  ports: readonly number[],
): Promise<RunningCapture> {
  const filter = `tcp and (${ports.map((p) => `port ${p}`).join(' or ')})`;
  const args =
    recorder === 'tcpdump'
      ? ['-i', 'lo', '-n', '--immediate-mode', '-B', '65536', '-U', '-s', '0', '-w', path, filter]
      : ['-i', 'lo', '-f', filter, '-s', '0', '-w', path];
  const child = spawn(recorder, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => stderr.push(text));
  try {
    await withTimeout(listening(child, stderr, READY[recorder]), 10_000, `${recorder} start`);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${recorder} said: ${stderr.join('').trim()}`, { cause: e });
  }
  return {
    recorder,
    path,
    waitForFins: (connections, timeoutMs = 15_000) => waitForFins(path, connections, timeoutMs),
    checkOpenings: async (connections) => {
      const openings = await segmentSenders(path, 'tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn');
      if (openings !== connections) {
        throw new Error(`${path}: the capture holds ${openings} opening SYNs, the recording made ${connections}`);
      }
    },
    stop: () => stopCapture(recorder, child, stderr),
  };
}

function listening(child: ChildProcess, stderr: string[], marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (stderr.join('').includes(marker)) resolve();
    };
    child.stderr!.on('data', check);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`exited early with code ${code}`)));
    check();
  });
}

async function stopCapture(
  recorder: Recorder,
  child: ChildProcess,
  stderr: string[],
): Promise<{ dropped: number; report: string }> {
  if (child.exitCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // SIGINT makes both tools flush the file and print their statistics.
    child.kill('SIGINT');
    try {
      await withTimeout(exited, 10_000, `${recorder} stop`);
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
  }
  const report = stderr.join('');
  return { dropped: droppedPackets(recorder, report), report };
}

function droppedPackets(recorder: Recorder, report: string): number {
  const match =
    recorder === 'tcpdump'
      ? /^(\d+) packets? dropped by kernel$/m.exec(report)
      : /received\/dropped on interface '.*?': \d+\/(\d+)/.exec(report);
  if (!match) throw new Error(`${recorder} printed no drop statistics:\n${report}`);
  return Number(match[1]);
}

/**
 * Polls the growing file with `tcpdump -r` (independent of Peerscope, and it reads pcapng too) until FINs from
 * 2 × `connections` distinct endpoints pairs are on disk.
 */
async function waitForFins(path: string, connections: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = await segmentSenders(path, 'tcp[tcpflags] & tcp-fin != 0');
    if (seen >= 2 * connections) return;
    await delay(150);
  }
  throw new Error(`${path}: only ${seen} of ${2 * connections} FINs were on disk after ${timeoutMs} ms`);
}

/** Distinct `source > destination` pairs of the segments `filter` selects in the file so far. */
function segmentSenders(path: string, filter: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('tcpdump', ['-nn', '-r', path, filter], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => (out += text));
    child.once('error', reject);
    // A packet half written at the end makes tcpdump complain; the lines before it count.
    child.once('close', () => {
      const pairs = new Set(
        out.split('\n').flatMap((line) => /IP6? (\S+) > (\S+):/.exec(line)?.slice(1, 3).join('>') ?? []),
      );
      resolve(pairs.size);
    });
  });
}
