import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { nodeKeyArgument } from '../service/key-input';
import { PeerscopeService } from '../service/peerscope-service';
import { startWebServer, type RunningWebServer } from './web-server';

export interface WebModeOptions {
  port?: number;
  /** A capture to open at start. */
  file?: string;
  keylogs?: string[];
  nodeKeys?: string[];
  decodeAs?: string[];
  rendererDir?: string;
  samplesDir?: string;
  print(line: string): void;
}

export interface WebMode {
  service: PeerscopeService;
  server: RunningWebServer;
  stop(): Promise<void>;
}

/** out/renderer beside the CLI bundle (out/cli) or two levels above these sources. */
export function defaultRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'renderer'), join(here, '..', '..', 'out', 'renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[candidates.length - 1]!;
}

/** Starts the service and its web server; opens `file` (with its keys) when given; prints the URL to open. */
export async function startWebMode(options: WebModeOptions): Promise<WebMode> {
  const keys = {
    keylogs: (options.keylogs ?? []).map((path) => ({ text: readFileSync(path, 'utf8'), source: path })),
    nodeKeys: (options.nodeKeys ?? []).map(nodeKeyArgument),
  };
  const service = await PeerscopeService.create({
    mode: 'web',
    ...(options.samplesDir && { samplesDir: options.samplesDir }),
  });
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  let server: RunningWebServer | undefined;
  try {
    server = await startWebServer({
      backend: {
        api: service,
        onEvent: (listener) => service.onEvent(listener),
        uploadDir: service.uploadDir,
        registerUpload: (path) => service.registerUpload(path),
      },
      rendererDir,
      ...(options.port !== undefined && { port: options.port }),
    });
    if (options.file) {
      await service.openCaptureWith({ kind: 'path', path: options.file }, { decodeAs: options.decodeAs ?? [] }, keys);
    }
  } catch (e) {
    // a capture that would not open must not leave the server listening (it would keep the process alive)
    await server?.close();
    service.dispose();
    throw e;
  }
  if (!existsSync(join(rendererDir, 'index.html'))) {
    options.print(`note: the UI is not built (${rendererDir}); run npm run build`);
  }
  options.print(
    `Peerscope web mode on 127.0.0.1 only. Open this URL (it holds the access token):\n\n  ${server.url}\n`,
  );
  return {
    service,
    server,
    async stop() {
      await server.close();
      service.dispose();
    },
  };
}

export const WEB_USAGE = 'peerscope web [--port N] [FILE] [--keylog FILE]... [--node-key KEY]... [--decode-as RULE]...';

/** `peerscope web …` from the command line: runs until interrupted. */
export async function webCommand(
  args: string[],
  print: (line: string) => void,
  untilStopped: () => Promise<void>,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      keylog: { type: 'string', multiple: true, default: [] },
      'node-key': { type: 'string', multiple: true, default: [] },
      'decode-as': { type: 'string', multiple: true, default: [] },
    },
  });
  if (positionals.length > 1) throw new Error(`web takes at most one capture file\nusage: ${WEB_USAGE}`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new Error(`--port ${values.port}: a port is 0–65535`);
  }
  for (const file of values.keylog) if (!existsSync(file)) throw new Error(`--keylog ${file}: no such file`);
  const capture = positionals[0];
  if (capture !== undefined && !existsSync(capture)) throw new Error(`${capture}: no such file`);
  const mode = await startWebMode({
    ...(port !== undefined && { port }),
    ...(capture !== undefined && { file: capture }),
    keylogs: values.keylog,
    nodeKeys: values['node-key'],
    decodeAs: values['decode-as'],
    print,
  });
  mode.service.onEvent((event) => {
    if (event.type === 'log' && event.level !== 'info') print(`${event.level}: ${event.text}`);
  });
  await untilStopped();
  await mode.stop();
  return 0;
}
