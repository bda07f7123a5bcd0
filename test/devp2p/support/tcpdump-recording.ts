import { spawn, type ChildProcess } from 'node:child_process';
import { decodeCaptureFile } from '../../support/decode-capture';

/**
 * tcpdump recording one loopback port while a test's sockets talk, written packet by packet (-U, immediate mode).
 * Everything is bounded: starting, stopping and waiting for the capture to hold the connection's end.
 */
export class TcpdumpRecording {
  private constructor(
    private readonly child: ChildProcess,
    private readonly stderr: string[],
    readonly path: string,
  ) {}

  static start(path: string, port: number): Promise<TcpdumpRecording> {
    const args = ['-i', 'lo', '-n', '--immediate-mode', '-B', '65536', '-U', '-w', path, `tcp port ${port}`];
    const child = spawn('tcpdump', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: string[] = [];
    const started = new Promise<TcpdumpRecording>((resolve, reject) => {
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (text: string) => {
        stderr.push(text);
        if (stderr.join('').includes('listening on')) resolve(new TcpdumpRecording(child, stderr, path));
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`tcpdump exited early (${code}): ${stderr.join('')}`)));
    });
    return withTimeout(started, 10_000, 'tcpdump start').catch((e: unknown) => {
      child.kill('SIGKILL');
      throw e;
    });
  }

  /** Waits (bounded) until the file holds a FIN or RST for both directions of the one connection recorded. */
  async waitForConnectionEnd(): Promise<void> {
    for (let waited = 0; waited < 10_000; waited += 100) {
      await delay(100);
      const { sink } = await decodeCaptureFile(this.path);
      if (sink.end(0, 0) && sink.end(0, 1)) return;
    }
    throw new Error('tcpdump did not record the end of both directions within 10 s');
  }

  /** SIGINT flushes the file; returns tcpdump's statistics (kernel drops). */
  async stop(): Promise<string> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGINT');
    try {
      await withTimeout(exited, 5_000, 'tcpdump stop');
    } catch {
      this.child.kill('SIGKILL');
      await exited;
    }
    return this.stderr.join('');
  }
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
