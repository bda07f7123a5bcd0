import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Records UDP traffic of given ports on the loopback interface with tcpdump (classic pcap), robustly: recording
 * starts once tcpdump says it listens, and stops only once the file holds every packet the peers sent (tcpdump
 * writes some time after the sockets saw a packet, and what it has not written when stopped is lost). Every wait
 * is bounded and fails with tcpdump's own words.
 */
export interface UdpCapture {
  path: string;
  /** Waits until the file holds at least `packets` packets. */
  waitForPackets(packets: number, timeoutMs?: number): Promise<void>;
  /** Stops tcpdump; returns how many packets the kernel dropped (must be 0 for a whole capture). */
  stop(): Promise<{ dropped: number; report: string }>;
}

export async function startUdpCapture(path: string, ports: readonly number[]): Promise<UdpCapture> {
  const filter = `udp and (${ports.map((p) => `port ${p}`).join(' or ')})`;
  const child = spawn(
    'tcpdump',
    ['-i', 'lo', '-n', '--immediate-mode', '-B', '65536', '-U', '-s', '0', '-w', path, filter],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => stderr.push(text));
  try {
    await withTimeout(listening(child, stderr), 10_000, 'tcpdump start');
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\ntcpdump said: ${stderr.join('').trim()}`, { cause: e });
  }
  return {
    path,
    waitForPackets: (packets, timeoutMs = 15_000) => waitForPackets(path, packets, timeoutMs),
    stop: () => stop(child, stderr),
  };
}

function listening(child: ChildProcess, stderr: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (stderr.join('').includes('listening on')) resolve();
    };
    child.stderr!.on('data', check);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`tcpdump exited early with code ${code}`)));
    check();
  });
}

async function stop(child: ChildProcess, stderr: string[]): Promise<{ dropped: number; report: string }> {
  if (child.exitCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // SIGINT makes tcpdump flush the file and print its statistics.
    child.kill('SIGINT');
    try {
      await withTimeout(exited, 10_000, 'tcpdump stop');
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
  }
  const report = stderr.join('');
  const match = /^(\d+) packets? dropped by kernel$/m.exec(report);
  if (!match) throw new Error(`tcpdump printed no drop statistics:\n${report}`);
  return { dropped: Number(match[1]), report };
}

/** Polls the growing file with `tcpdump -r` (independent of Peerscope) until it holds `packets` packets. */
async function waitForPackets(path: string, packets: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = await packetsOnDisk(path);
    if (seen >= packets) return;
    await delay(100);
  }
  throw new Error(`${path}: only ${seen} of ${packets} packets were on disk after ${timeoutMs} ms`);
}

function packetsOnDisk(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('tcpdump', ['-nn', '-r', path], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => (out += text));
    child.once('error', reject);
    // A packet half written at the end makes tcpdump complain; the lines before it count.
    child.once('close', () => resolve(out.split('\n').filter((line) => / UDP, length \d+/.test(line)).length));
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
