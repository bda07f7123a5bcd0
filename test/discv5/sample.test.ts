/**
 * The recorded sample (samples/discv5/session.pcap, made by samples/discv5/record-session.ts from two
 * @chainsafe/discv5 nodes) read with its node-key files, as `peerscope inspect --node-key` reads it, against the
 * manifest of what the nodes sent.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../decoders/core/bytes';
import { KeyStore } from '../../decoders/core/keys';
import type { PairInfo } from '../../decoders/core/pairing';
import { analyzeCaptureFile } from '../../src-main/engine/analyze-capture';
import type { AnalyzedMessage } from '../../src-main/engine/message-analysis';
import { defaultRegistry } from '../../src-main/engine/protocols';
import type { Discv5SampleManifest } from '../../samples/discv5/record-session';
import { differences, readBack } from './support/sent-comparison';

const sample = (name: string) => new URL(`../../samples/discv5/${name}`, import.meta.url);
const manifest = JSON.parse(readFileSync(sample('session.sent.json'), 'utf8')) as Discv5SampleManifest;

async function read(keyFiles: string[]) {
  const keys = new KeyStore();
  for (const file of keyFiles) keys.addPrivateKey(fromHex(readFileSync(sample(file), 'utf8').trim()));
  const analyzed: AnalyzedMessage[] = [];
  const pairs = new Map<number, PairInfo>();
  await analyzeCaptureFile(
    sample(manifest.capture).pathname,
    { registry: defaultRegistry(), keys },
    {
      message: (m) => analyzed.push(m),
      pairUpdate: (index, pair) => pairs.set(index, pair),
    },
  );
  return readBack(analyzed, pairs, `127.0.0.1:${manifest.nodes.a.port}`);
}

describe('samples/discv5/session.pcap', () => {
  it('reads every message each node sent, with its values, from both key files', async () => {
    const { packets, messages, records } = await read([manifest.keyFiles.a, manifest.keyFiles.b]);
    expect(packets).toEqual(manifest.packets);
    for (const side of ['a', 'b'] as const) {
      const sent = manifest.messages.filter((m) => m.from === side);
      const got = messages.filter((m) => m.from === side);
      expect(got).toHaveLength(sent.length);
      got.forEach((m, i) => expect(differences(m, sent[i]!)).toEqual([]));
    }
    // PING/PONG, FINDNODE and its NODES in two parts, TALKREQ/TALKRESP: every request and response is matched.
    expect(records.filter((r) => r.pair !== null).map((r) => [r.message, r.pair!.status])).toEqual([
      ['PING', 'matched'],
      ['PONG', 'matched'],
      ['FINDNODE', 'matched'],
      ['NODES', 'matched'],
      ['NODES', 'matched'],
      ['TALKREQ', 'matched'],
      ['TALKRESP', 'matched'],
    ]);
  });

  it('names node B’s key on every packet it cannot open with node A’s key alone', async () => {
    const { records } = await read([manifest.keyFiles.a]);
    const encrypted = records.filter((r) => r.message === 'ENCRYPTED');
    expect(encrypted.length).toBeGreaterThan(0);
    for (const r of encrypted)
      expect(r.notes.map((n) => n.text).join()).toContain(`needs the node key of ${manifest.nodes.b.nodeId}`);
  });
});
