import { connect, type Socket } from 'node:net';
import type { ConnectionLog } from './manifest';

/** One client's story on one connection; its log becomes the connection's entry in the manifest. */
export interface Conversation<World> {
  log: ConnectionLog;
  /** Connects, tells the story, closes; `register` makes the log known to the server by the client's port. */
  run(world: World, register: (log: ConnectionLog) => void): Promise<void>;
}

/** Connects to a sample server; half-open allowed, so the client still reads after it said goodbye. */
export function connectLoopback(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The connection logs of a recording, found by the client's port (how a server tells its connections apart). */
export class ConnectionLogs {
  private readonly byPort = new Map<number, ConnectionLog>();

  readonly register = (log: ConnectionLog): void => {
    this.byPort.set(log.clientPort, log);
  };

  readonly of = (clientPort: number): ConnectionLog => {
    const log = this.byPort.get(clientPort);
    if (!log) throw new Error(`no sample client on port ${clientPort}`);
    return log;
  };
}
