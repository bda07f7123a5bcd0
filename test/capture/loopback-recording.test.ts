/**
 * A real TCP conversation, recorded by tcpdump on the loopback interface, read back by Peerscope: the streams
 * must match what the sockets sent and what tshark reassembles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { decodeCaptureFile, TempCaptures } from '../support/decode-capture';
import { patternBytes } from '../support/tcp-conversation';
import { expectSameAsTshark } from '../support/tshark-comparison';

const files = new TempCaptures();
afterAll(() => files.dispose());

const CLIENT_BYTES = patternBytes(300_000, 41);
const SERVER_BYTES = patternBytes(200_000, 42);

it('reads a conversation tcpdump recorded on loopback like tshark and like the sockets sent it', async () => {
  const { server, received: serverReceived } = await listen();
  const port = (server.address() as AddressInfo).port;
  const path = files.path('loopback.pcap');
  const tcpdump = await startTcpdump(path, port);
  let statistics: string;
  try {
    const received = await exchange(port, serverReceived);
    expect(Buffer.compare(received.byServer, CLIENT_BYTES)).toBe(0);
    expect(Buffer.compare(received.byClient, SERVER_BYTES)).toBe(0);
    // tcpdump writes each packet as it comes (-U, --immediate-mode) but may lag behind the sockets, and what
    // it has not written when stopped is lost: wait until the file holds both FINs.
    await bothFinsRecorded(path);
  } finally {
    server.close();
    statistics = await stopTcpdump(tcpdump.child, tcpdump.stderr);
  }

  const ours = await expectSameAsTshark(path);
  const conns = ours.decoder.tcpConnections();
  expect(conns).toHaveLength(1);
  const conn = conns[0]!;
  expect(conn.b.port).toBe(port);
  // tcpdump's own statistics: the capture is whole, so the sockets' bytes are the ground truth.
  expect(statistics).toMatch(/^0 packets dropped by kernel$/m);
  expect(conn.gaps).toBe(0);
  expect(Buffer.compare(ours.sink.data(0, 0), CLIENT_BYTES)).toBe(0);
  expect(Buffer.compare(ours.sink.data(0, 1), SERVER_BYTES)).toBe(0);
  expect(ours.sink.end(0, 0)?.how).toBe('fin');
  expect(ours.sink.end(0, 1)?.how).toBe('fin');
}, 45_000);

/** A server that answers SERVER_BYTES once the client finished sending; `received` is what it got. */
function listen(): Promise<{ server: Server; received: Promise<Buffer> }> {
  let reportReceived: (bytes: Buffer) => void = () => {};
  const received = new Promise<Buffer>((resolve) => (reportReceived = resolve));
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => {
        reportReceived(Buffer.concat(chunks));
        socket.end(SERVER_BYTES);
      });
      socket.on('error', () => socket.destroy());
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, received }));
  });
}

/** The client writes its bytes and half-closes; the server answers and closes. */
function exchange(port: number, serverReceived: Promise<Buffer>): Promise<{ byServer: Buffer; byClient: Buffer }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      let byServer: Buffer | null = null;
      let byClient: Buffer | null = null;
      const done = (): void => {
        if (byServer && byClient) resolve({ byServer, byClient });
      };
      const client: Socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => client.end(CLIENT_BYTES));
      const chunks: Buffer[] = [];
      client.on('data', (c: Buffer) => chunks.push(c));
      client.on('end', () => {
        byClient = Buffer.concat(chunks);
        client.end();
        done();
      });
      client.on('error', reject);
      serverReceived.then((b) => {
        byServer = b;
        done();
      }, reject);
    }),
    10_000,
    'loopback exchange',
  );
}

function startTcpdump(path: string, port: number): Promise<{ child: ChildProcess; stderr: string[] }> {
  const child = spawn(
    'tcpdump',
    ['-i', 'lo', '-n', '--immediate-mode', '-B', '65536', '-U', '-w', path, `tcp port ${port}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const stderr: string[] = [];
  return withTimeout<{ child: ChildProcess; stderr: string[] }>(
    new Promise((resolve, reject) => {
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (text: string) => {
        stderr.push(text);
        if (stderr.join('').includes('listening on')) resolve({ child, stderr });
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`tcpdump exited early (${code}): ${stderr.join('')}`)));
    }),
    10_000,
    'tcpdump start',
  ).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw e;
  });
}

/** SIGINT makes tcpdump flush the file and print its statistics; returns them. */
async function stopTcpdump(child: ChildProcess, stderr: string[]): Promise<string> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  try {
    await withTimeout(exited, 5_000, 'tcpdump stop');
  } catch {
    child.kill('SIGKILL');
    await exited;
  }
  return stderr.join('');
}

/** Polls the growing capture file until both directions of its connection ended with a FIN (bounded). */
async function bothFinsRecorded(path: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    await delay(100);
    const { sink } = await decodeCaptureFile(path);
    if (sink.end(0, 0)?.how === 'fin' && sink.end(0, 1)?.how === 'fin') return;
  }
  throw new Error('tcpdump did not record both FINs within 10 s');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
