import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { JsonObject } from '../../decoders/core/json';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import type {
  CaptureId,
  CaptureInfo,
  DecodeResult,
  EncodeResult,
  ExpertGroup,
  FilterCompletion,
  FilterProblem,
  KeyMaterial,
  LoadProgress,
  MessageDetail,
  MessageRow,
  OpenOptions,
  OpenSource,
  PeerscopeApi,
  PeerscopeEvent,
  ProtocolInfo,
  RecentFile,
  SampleInfo,
  Statistics,
  ViewSpec,
  ViewState,
} from '../api/peerscope-api';
import { completeFilter, filterFieldNames } from '../analysis/filter';
import { parseDecodeAs } from '../engine/decode-as';
import { useFastestHasher } from '../engine/fast-hashing';
import { defaultRegistry } from '../engine/protocols';
import { CaptureSession, type SessionContext } from './capture-session';
import { checkCaptureFile, resolveSource } from './capture-source';
import { conversationTable } from './conversation-table';
import { expertInfo } from './expert-info';
import { keyInputFromMaterial, keyLogText, mergeKeys, NO_KEYS } from './key-input';
import type { KeyInput } from './load-protocol';
import { messageStatistics } from './message-statistics';
import { pcapngWithSecrets } from './pcapng-export';
import { decodeHex, encodeJson, protocolInfos } from './protocol-calls';
import { defaultConfigDir, RecentFiles } from './recent-files';
import { defaultSamplesDir, listSamples } from './sample-catalogue';
import { viewCsv, viewJsonLines } from './view-export';
import { compileViewFilter } from './view-filter';
import { CaptureWorkers, defaultWorkerScript, type WorkerScript } from './worker-launcher';

export const PEERSCOPE_VERSION = '0.1.0';
/** Exports travel as one string: past this a capture is too large to hand over that way. */
const MAX_PCAPNG_EXPORT = 256 * 1024 * 1024;

export interface ServiceOptions {
  mode: 'electron' | 'web';
  samplesDir?: string;
  /** Where recent files are kept (Electron's userData; ~/.config/peerscope otherwise). */
  configDir?: string;
  workerScript?: WorkerScript;
  /** Parent of the service's temporary directory (replay logs, uploads, exports). */
  tempParent?: string;
}

/**
 * The engine behind the one API, for any number of open captures: each capture is read in a worker thread while
 * its rows stream to the UI, kept as compact columns, and decoded again message by message on demand. Both shells
 * serve this object: Electron over IPC, the web mode over a WebSocket.
 */
export class PeerscopeService implements PeerscopeApi {
  private readonly sessions = new Map<CaptureId, CaptureSession>();
  private readonly listeners = new Set<(event: PeerscopeEvent) => void>();
  private readonly fieldNames: string[];
  private readonly context: SessionContext;
  private readonly recent: RecentFiles;
  private readonly samplesDir: string;
  private readonly tempDir: string;
  private readonly uploads = new Map<string, string>();
  private readonly recentListeners = new Set<() => void>();
  private nextId = 1;

  private constructor(
    private readonly options: ServiceOptions,
    private readonly registry: ProtocolRegistry,
  ) {
    this.fieldNames = filterFieldNames(registry.declarations());
    this.samplesDir = options.samplesDir ?? defaultSamplesDir();
    this.recent = new RecentFiles(options.configDir ?? defaultConfigDir());
    this.tempDir = mkdtempSync(join(options.tempParent ?? tmpdir(), 'peerscope-'));
    this.context = {
      registry,
      knownFields: new Set(this.fieldNames),
      workers: new CaptureWorkers(options.workerScript ?? defaultWorkerScript()),
      emit: (event) => this.emit(event),
      log: (level, text) => this.log(level, text),
      tempDir: this.tempDir,
    };
  }

  static async create(options: ServiceOptions): Promise<PeerscopeService> {
    await useFastestHasher();
    const service = new PeerscopeService(options, defaultRegistry());
    service.context.workers.warm();
    return service;
  }

  /** Resolves once a capture worker stands ready (the app has started up and a file opens at once). */
  whenReady(): Promise<void> {
    return this.context.workers.ready();
  }

  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(listener: (event: PeerscopeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when a path was opened (the Electron menu rebuilds Open Recent). */
  onRecentFilesChanged(listener: () => void): () => void {
    this.recentListeners.add(listener);
    return () => this.recentListeners.delete(listener);
  }

  log(level: 'info' | 'warn' | 'error', text: string): void {
    this.emit({ type: 'log', level, text, time: Date.now() });
  }

  /** Takes a file the web server received (an HTTP upload) and names it for `openCapture({kind: 'uploaded'})`. */
  registerUpload(path: string): string {
    const id = `upload-${this.nextId++}-${Math.random().toString(36).slice(2, 10)}`;
    this.uploads.set(id, path);
    return id;
  }

  /** A directory the shells may put uploads in; removed with the service. */
  get uploadDir(): string {
    const dir = join(this.tempDir, 'uploads');
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  dispose(): void {
    this.context.workers.close();
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
    rmSync(this.tempDir, { recursive: true, force: true });
  }

  async about(): Promise<{ version: string; mode: 'electron' | 'web' }> {
    return { version: PEERSCOPE_VERSION, mode: this.options.mode };
  }

  async listSamples(): Promise<SampleInfo[]> {
    return listSamples(this.samplesDir);
  }

  async recentFiles(): Promise<RecentFile[]> {
    return this.recent.list();
  }

  async openCaptures(): Promise<CaptureInfo[]> {
    return [...this.sessions.values()].map((s) => ({ ...s.info }));
  }

  async openCapture(source: OpenSource, options: OpenOptions = {}): Promise<CaptureInfo> {
    return this.openCaptureWith(source, options, NO_KEYS);
  }

  /** openCapture with key material from the start (the web command's --keylog and --node-key). */
  async openCaptureWith(source: OpenSource, options: OpenOptions, extraKeys: KeyInput): Promise<CaptureInfo> {
    const decodeAs = options.decodeAs ?? [];
    for (const rule of decodeAs) parseDecodeAs(rule, this.registry.names());
    const resolved = resolveSource(source, {
      samplesDir: this.samplesDir,
      uploadDir: this.uploadDir,
      nextNumber: () => this.nextId++,
      takeUpload: (upload) => {
        const path = this.uploads.get(upload);
        this.uploads.delete(upload);
        return path;
      },
    });
    const { path, name, owned } = resolved;
    const keys = mergeKeys(resolved.keys, extraKeys);
    const size = checkCaptureFile(path);
    const id = `capture-${this.nextId++}`;
    const info: CaptureInfo = { id, name, path, size, format: null };
    const session = new CaptureSession(info, this.context, { decodeAs, keys, ...(owned && { ownedFile: path }) });
    this.sessions.set(id, session);
    if (source.kind === 'path') {
      this.recent.add(path);
      for (const listener of this.recentListeners) listener();
    }
    session.load();
    return { ...info };
  }

  async cancelLoad(id: CaptureId): Promise<void> {
    this.session(id).cancel();
  }

  async closeCapture(id: CaptureId): Promise<void> {
    this.session(id).close();
    this.sessions.delete(id);
  }

  async progress(id: CaptureId): Promise<LoadProgress> {
    return this.session(id).progress();
  }

  async setView(id: CaptureId, spec: ViewSpec): Promise<ViewState> {
    return this.session(id).setView(spec);
  }

  async getRows(id: CaptureId, start: number, count: number): Promise<MessageRow[]> {
    return this.session(id).rows(start, count);
  }

  async rowOf(id: CaptureId, index: number): Promise<number | null> {
    return this.session(id).rowOf(index);
  }

  async getMessage(id: CaptureId, index: number): Promise<MessageDetail> {
    return this.session(id).message(index);
  }

  async expertInfo(id: CaptureId): Promise<ExpertGroup[]> {
    const s = this.session(id);
    return expertInfo(s.table, s.looseNotes, s.unanswered ?? unansweredSoFar(s));
  }

  async conversations(id: CaptureId) {
    const s = this.session(id);
    return conversationTable(s.table, s.figures);
  }

  async statistics(id: CaptureId): Promise<Statistics> {
    return messageStatistics(this.session(id).table);
  }

  async loadKeys(id: CaptureId, material: KeyMaterial): Promise<CaptureInfo> {
    const session = this.session(id);
    const added = keyInputFromMaterial(material);
    session.reload(mergeKeys(session.keys, added));
    this.log(
      'info',
      `${session.info.name}: keys loaded (${added.keylogs.length} key log(s), ${added.nodeKeys.length} node key(s)); reading again`,
    );
    return { ...session.info };
  }

  async checkFilter(filter: string): Promise<FilterProblem | null> {
    return compileViewFilter(filter, this.context.knownFields).problem;
  }

  async completeFilter(filter: string, cursor: number): Promise<FilterCompletion> {
    return completeFilter(filter, cursor, this.fieldNames);
  }

  async protocols(): Promise<ProtocolInfo[]> {
    return protocolInfos(this.registry);
  }

  async decode(protocol: string, hex: string): Promise<DecodeResult> {
    return decodeHex(this.registry, protocol, hex);
  }

  async encode(protocol: string, message: JsonObject): Promise<EncodeResult> {
    return encodeJson(this.registry, protocol, message);
  }

  async exportView(id: CaptureId, format: 'jsonl' | 'csv'): Promise<{ name: string; text: string }> {
    const session = this.session(id);
    const stem = basename(session.info.name, extname(session.info.name));
    if (format === 'csv') return { name: `${stem}.csv`, text: viewCsv(session) };
    const started = performance.now();
    const text = await viewJsonLines(session, this.context.workers, this.tempDir);
    this.log(
      'info',
      `exported ${session.viewIndexes().length} messages as JSON Lines in ${(performance.now() - started).toFixed(0)} ms`,
    );
    return { name: `${stem}.jsonl`, text };
  }

  async exportPcapng(id: CaptureId): Promise<{ name: string; base64: string }> {
    const session = this.session(id);
    const path = session.info.path!;
    if (statSync(path).size > MAX_PCAPNG_EXPORT) {
      throw new Error(
        `${session.info.name} is larger than ${MAX_PCAPNG_EXPORT / 2 ** 20} MiB: too large to export through the API`,
      );
    }
    const keys = keyLogText(session.keys);
    const bytes = pcapngWithSecrets(readFileSync(path), keys);
    const stem = basename(session.info.name, extname(session.info.name));
    const name = extname(session.info.name) === '.pcapng' ? `${stem}-keys.pcapng` : `${stem}.pcapng`;
    return { name, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
  }

  private emit(event: PeerscopeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private session(id: CaptureId): CaptureSession {
    const session = this.sessions.get(id);
    if (!session) throw new Error(`no open capture ${JSON.stringify(id)}`);
    return session;
  }
}

function unansweredSoFar(session: CaptureSession): number[] {
  const out: number[] = [];
  const t = session.table;
  for (let i = 0; i < t.count; i++) if (t.pair(i)?.status === 'unanswered') out.push(i);
  return out;
}
