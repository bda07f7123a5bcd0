import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../decoders/core/keys';
import { analyzeRecording, keysFromFile } from './support/interop-session';

const samples = ['peerscope-dials-ethereumjs', 'ethereumjs-dials-peerscope'];
const path = (file: string) => new URL(`../../samples/rlpx/${file}`, import.meta.url).pathname;

interface Manifest {
  peerscope: { address: string; sent: string[] };
  ethereumjs: { address: string; sent: string[]; hello: { clientId: string } };
  disconnectReason: number;
}

describe.each(samples)('the sample %s', (name) => {
  const manifest = JSON.parse(readFileSync(path(`${name}.sent.json`), 'utf8')) as Manifest;

  it('decodes, with its key log, to exactly what each side sent', async () => {
    const { records } = await analyzeRecording(path(`${name}.pcap`), keysFromFile(path(`${name}.keylog`)));
    for (const side of [manifest.peerscope, manifest.ethereumjs]) {
      expect(records.filter((r) => r.src === side.address).map((r) => `${r.protocol}/${r.message}`)).toEqual(side.sent);
    }
    expect(records.find((r) => r.message === 'Hello' && r.src === manifest.ethereumjs.address)!.fields.clientId).toBe(
      manifest.ethereumjs.hello.clientId,
    );
    expect(records.find((r) => r.message === 'Disconnect')!.fields.reason).toBe(manifest.disconnectReason);
  });

  it('without its key log shows the handshake and Encrypted messages only', async () => {
    const { records } = await analyzeRecording(path(`${name}.pcap`), new KeyStore());
    expect(new Set(records.map((r) => r.message))).toEqual(new Set(['Auth', 'Ack', 'Encrypted']));
  });
});

describe('the sample with a Decryption Secrets Block', () => {
  it('decrypts without a key log file', async () => {
    const { records } = await analyzeRecording(path('peerscope-dials-ethereumjs.dsb.pcapng'), new KeyStore());
    expect(records.filter((r) => r.message === 'Encrypted')).toEqual([]);
    expect(records.length).toBe(11);
  });
});
