#!/usr/bin/env node
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { isMainThread, workerData } from 'node:worker_threads';
import { fromHex } from '../../decoders/core/bytes';
import { EncodeError } from '../../decoders/core/json';
import { keyLogRefusal, KeyStore } from '../../decoders/core/keys';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import { DecodeAsError, parseDecodeAs } from '../engine/decode-as';
import { useFastestHasher } from '../engine/fast-hashing';
import { defaultRegistry } from '../engine/protocols';
import { decodeCommand, encodeCommand, UsageError } from './codec-commands';
import { runCaptureWorker } from '../service/capture-worker';
import { isCaptureWorkerData } from '../service/worker-launcher';
import { WEB_USAGE, webCommand } from '../web/web-command';
import { inspect } from './inspect-command';
import { interrupted, startCommand } from './start-command';

const HELP = `peerscope — packet inspector for Ethereum peer-to-peer protocols

Usage:
  peerscope inspect FILE [--json] [--filter EXPR] [--decode-as RULE]... [--keylog FILE]... [--node-key KEY]...
                                  one line per decoded message (JSON Lines with --json)
  peerscope inspect FILE --summary [--json]
                                  totals: messages per protocol and type, pairing, notes, bytes, time
  peerscope inspect FILE --streams [--json]
                                  the TCP/UDP conversations (like tshark -z conv,tcp)
  peerscope decode PROTOCOL HEX   decode one framed message
  peerscope encode PROTOCOL JSON  encode a message (JSON text, @file, or - for stdin) [--keep-lengths]
  peerscope protocols             the registered protocols and their messages
  ${WEB_USAGE}
                                  the UI in a browser: serves it on 127.0.0.1 with an access token
  peerscope start                 the desktop app (builds what is missing); the web mode without Electron

FILE is a pcap or pcapng capture; - reads one from standard input (e.g. tcpdump -w -).
RULE: tcp.port==9000:eth2rpc (also tcp.srcport, tcp.dstport, tcp.stream).
EXPR: a display filter, e.g.  hobbits.header.id == 5 && pair == unanswered
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  await useFastestHasher();
  const registry = defaultRegistry();
  switch (command) {
    case 'inspect':
      return inspectMain(rest, registry);
    case 'decode':
    case 'encode':
      return codecMain(command, rest, registry);
    case 'web':
      return webCommand(rest, (line) => process.stdout.write(`${line}\n`), interrupted);
    case 'start':
      return startCommand((line) => process.stdout.write(`${line}\n`));
    case 'protocols':
      for (const p of registry.all()) {
        process.stdout.write(`${p.declaration.name}\t${p.transport}\t${p.declaration.title}\n`);
        for (const m of p.declaration.messages)
          process.stdout.write(`  ${String(m.code ?? '-').padStart(3)} ${m.name}\t${m.summary}\n`);
      }
      return 0;
    case '--version':
    case 'version':
      process.stdout.write('peerscope 0.1.0\n');
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}; see peerscope --help`);
  }
}

async function inspectMain(args: string[], registry: ProtocolRegistry): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      summary: { type: 'boolean', default: false },
      streams: { type: 'boolean', default: false },
      filter: { type: 'string' },
      'decode-as': { type: 'string', multiple: true, default: [] },
      keylog: { type: 'string', multiple: true, default: [] },
      'node-key': { type: 'string', multiple: true, default: [] },
    },
  });
  if (positionals.length !== 1) throw new UsageError('inspect takes one capture file (or - for standard input)');
  const decodeAs = values['decode-as'].map((r) => parseDecodeAs(r, registry.names()));
  const keys = loadKeys(values.keylog, values['node-key']);
  const out = bufferedStdout();
  const run = (file: string, name = file) =>
    inspect({
      file,
      name,
      json: values.json,
      summary: values.summary,
      streams: values.streams,
      ...(values.filter !== undefined && { filter: values.filter }),
      decodeAs,
      keys,
      registry,
      out: out.write,
      warn: (line) => process.stderr.write(`${line}\n`),
    });
  const file = positionals[0]!;
  if (file === '-') await withSpooledStdin(run);
  else {
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
    if (!statSync(file).isFile()) throw new UsageError(`${file}: not a file`);
    await run(file);
  }
  await out.flush();
  return 0;
}

/** Key logs (`--keylog FILE`) and node private keys (`--node-key HEX|FILE`), checked before any work starts. */
function loadKeys(keylogs: string[], nodeKeys: string[]): KeyStore {
  const keys = new KeyStore();
  for (const file of keylogs) {
    if (!existsSync(file)) throw new UsageError(`--keylog ${file}: no such file`);
    for (const p of keys.addKeyLog(readKeyLog(file), file)) process.stderr.write(`warning: ${p.source}: ${p.text}\n`);
  }
  for (const arg of nodeKeys) keys.addPrivateKey(parseNodeKey(arg));
  return keys;
}

/** A key log's text; a binary file (a capture given by mistake) is refused before it is read whole. */
function readKeyLog(file: string): string {
  const head = new Uint8Array(4096);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  // streamed: a character cut at the end of the head is left out, not taken for a byte that is not UTF-8
  const refusal = keyLogRefusal(new TextDecoder().decode(head.subarray(0, read), { stream: true }));
  if (refusal) throw new UsageError(`--keylog ${file}: ${refusal}`);
  return readFileSync(file, 'utf8');
}

/** A 32-byte private key as hex (with or without 0x), or a file holding it (as geth's `nodekey`). */
function parseNodeKey(arg: string): Uint8Array {
  const hex = /^(0x)?[0-9a-fA-F]{64}$/.test(arg.trim())
    ? arg.trim()
    : existsSync(arg)
      ? readFileSync(arg, 'utf8').trim()
      : null;
  if (hex === null) throw new UsageError(`--node-key ${arg}: neither 64 hex digits nor a readable file`);
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(hex))
    throw new UsageError(`--node-key ${arg}: a node key is 32 bytes as 64 hex digits`);
  return fromHex(hex);
}

/** Two passes need a seekable file: standard input is copied to a temporary one first. */
async function withSpooledStdin(run: (file: string, name: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-'));
  const file = join(dir, 'stdin.pcap');
  try {
    await pipeline(process.stdin, createWriteStream(file));
    await run(file, 'standard input');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function codecMain(command: 'decode' | 'encode', args: string[], registry: ProtocolRegistry): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'keep-lengths': { type: 'boolean', default: false } },
  });
  const [name, input] = positionals;
  if (!name || input === undefined || positionals.length > 2)
    throw new UsageError(`${command} takes PROTOCOL and one argument`);
  const protocol = registry.get(name.toLowerCase());
  if (!protocol) throw new UsageError(`unknown protocol ${name}; known: ${registry.names().join(', ')}`);
  const text = await readArgument(input);
  const line =
    command === 'decode' ? decodeCommand(protocol, text) : encodeCommand(protocol, text, values['keep-lengths']);
  process.stdout.write(`${line}\n`);
  return 0;
}

async function readArgument(input: string): Promise<string> {
  if (input === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  if (input.startsWith('@')) {
    const { readFile } = await import('node:fs/promises');
    return readFile(input.slice(1), 'utf8');
  }
  return input;
}

/** Batches output lines: a million console writes would dominate the run time. */
function bufferedStdout() {
  let pending: string[] = [];
  let size = 0;
  const drain = async () => {
    if (pending.length === 0) return;
    const text = pending.join('\n') + '\n';
    pending = [];
    size = 0;
    if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  };
  return {
    write: (line: string) => {
      pending.push(line);
      size += line.length;
      if (size > 1 << 20) void drain();
    },
    flush: drain,
  };
}

function explain(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError || error instanceof DecodeAsError) return { message: error.message, code: 2 };
  if (error instanceof EncodeError) return { message: `cannot encode: ${error.message}`, code: 1 };
  if (error instanceof Error && /ERR_PARSE_ARGS/.test((error as { code?: string }).code ?? '')) {
    return { message: `${error.message}; see peerscope --help`, code: 2 };
  }
  return { message: error instanceof Error ? error.message : String(error), code: 1 };
}

// The bundle is also the web mode's capture worker (worker-launcher.ts starts it with marked workerData).
if (!isMainThread && isCaptureWorkerData(workerData)) {
  runCaptureWorker();
} else {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const { message, code } = explain(error);
      process.stderr.write(`peerscope: ${message}\n`);
      process.exitCode = code;
    },
  );
}
