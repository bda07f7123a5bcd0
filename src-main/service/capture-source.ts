import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describeMagic, detectCaptureFormat } from '../../decoders/net/capture-format';
import type { OpenSource } from '../api/peerscope-api';
import { keyInputFromFiles, NO_KEYS } from './key-input';
import type { KeyInput } from './load-protocol';
import { listSamples } from './sample-catalogue';

export interface ResolvedSource {
  path: string;
  name: string;
  /** Key files shipped with a sample. */
  keys: KeyInput;
  /** The file is the session's (an upload): deleted when the capture closes. */
  owned: boolean;
}

export interface SourcePlaces {
  samplesDir: string;
  uploadDir: string;
  /** Takes an HTTP upload by id (each opens once). */
  takeUpload(id: string): string | undefined;
  /** A fresh number for an inline upload's file name. */
  nextNumber(): number;
}

/** Where an OpenSource's bytes are on disk. */
export function resolveSource(source: OpenSource, places: SourcePlaces): ResolvedSource {
  switch (source.kind) {
    case 'path':
      return { path: resolve(source.path), name: basename(source.path), keys: NO_KEYS, owned: false };
    case 'sample': {
      const sample = listSamples(places.samplesDir).find((s) => s.name === source.name);
      if (!sample) throw new Error(`no sample named ${JSON.stringify(source.name)}`);
      return { path: sample.file, name: basename(sample.file), keys: keyInputFromFiles(sample.keyFiles), owned: false };
    }
    case 'upload': {
      const path = join(places.uploadDir, `${places.nextNumber()}-${safeName(source.name)}`);
      writeFileSync(path, Buffer.from(source.base64, 'base64'));
      return { path, name: source.name, keys: NO_KEYS, owned: true };
    }
    case 'uploaded': {
      const path = places.takeUpload(source.uploadId);
      if (!path) throw new Error(`no upload ${JSON.stringify(source.uploadId)} (each upload opens once)`);
      return { path, name: source.name, keys: NO_KEYS, owned: true };
    }
  }
}

/** The file's size, after checking it is a readable pcap or pcapng capture (so a wrong file fails the open). */
export function checkCaptureFile(path: string): number {
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  const stat = statSync(path);
  if (!stat.isFile()) throw new Error(`${path}: not a file`);
  const head = new Uint8Array(24);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    if (detectCaptureFormat(head.subarray(0, read)) === null) {
      throw new Error(`${basename(path)}: not a pcap or pcapng capture (${describeMagic(head.subarray(0, read))})`);
    }
  } finally {
    closeSync(fd);
  }
  return stat.size;
}

function safeName(name: string): string {
  return (
    basename(name)
      .replace(/[^\w.-]/g, '_')
      .slice(0, 100) || 'capture'
  );
}
