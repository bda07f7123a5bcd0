/**
 * The recorded Portal sample (samples/discv5/portal.pcap, made by samples/discv5/record-portal.ts from two
 * @chainsafe/discv5 nodes) read with its node-key files, as `peerscope inspect --node-key` reads it, against the
 * manifest of what the nodes sent. The live recording of the same conversation is test/portal/interop.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../decoders/core/bytes';
import { collectNotes, plainField, type Field } from '../../decoders/core/field';
import { KeyStore } from '../../decoders/core/keys';
import type { Discv5SampleManifest } from '../../samples/discv5/record-session';
import { analyzeCaptureFile } from '../../src-main/engine/analyze-capture';
import { defaultRegistry } from '../../src-main/engine/protocols';
import { analyzePortalCapture, keyHex, sideDifferences } from './support/sent-portal';

const sample = (name: string) => new URL(`../../samples/discv5/${name}`, import.meta.url);
const manifest = JSON.parse(readFileSync(sample('portal.sent.json'), 'utf8')) as Discv5SampleManifest;

describe('samples/discv5/portal.pcap', () => {
  it('reads every message each node sent, with the values composed for it, from both key files', async () => {
    const keys = [keyHex(sample(manifest.keyFiles.a)), keyHex(sample(manifest.keyFiles.b))];
    const capture = await analyzePortalCapture(
      sample(manifest.capture).pathname,
      keys,
      `127.0.0.1:${manifest.nodes.a.port}`,
    );
    expect(capture.discv5.packets).toEqual(manifest.packets);
    expect(manifest.messages.every((m) => m.carried !== undefined)).toBe(true);
    expect(sideDifferences(capture, manifest.messages, 'a')).toEqual([]);
    expect(sideDifferences(capture, manifest.messages, 'b')).toEqual([]);
  });

  it('leaves the discv5 subtree of a carried message unbuilt only where building it shows no notes', async () => {
    const keys = new KeyStore();
    for (const file of [manifest.keyFiles.a, manifest.keyFiles.b]) keys.addPrivateKey(fromHex(keyHex(sample(file))));
    const unbuilt: Field[] = [];
    await analyzeCaptureFile(
      sample(manifest.capture).pathname,
      { registry: defaultRegistry(), keys },
      { message: (m) => unbuilt.push(...(m.decoded.tree.children ?? []).filter((c) => c.unbuilt)) },
    );
    expect(unbuilt.length).toBeGreaterThan(0);
    for (const subtree of unbuilt) expect(collectNotes(plainField(subtree))).toEqual([]);
  });
});
