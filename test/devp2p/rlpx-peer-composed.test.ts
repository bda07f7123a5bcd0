import { RLP } from '@ethereumjs/rlp';
import { afterEach, describe, expect, it } from 'vitest';
import { EncodeError } from '../../decoders/core/json';
import { systemRandomness } from '../../decoders/devp2p/randomness';
import { nodeIdOf } from '../../decoders/devp2p/secp256k1-keys';
import { les } from '../../decoders/les';
import { ress } from '../../decoders/ress';
import { RlpxListener, RlpxPeer, type RlpxPeerOptions } from '../../src-main/rlpx/rlpx-peer';
import { capabilityInbox } from './support/capability-inbox';

/** RlpxPeer.sendComposed: a capability message from composer JSON, between two endpoints on loopback. */
const hello = {
  clientId: 'composed',
  capabilities: [
    { name: 'eth', version: 68 },
    { name: 'ress', version: 1 },
  ],
  listenPort: 0,
};
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function connectedPair(): Promise<{ dialer: RlpxPeer; accepted: RlpxPeer }> {
  const recipient: RlpxPeerOptions = { privateKey: systemRandomness.privateKey(), hello };
  const listener = await RlpxListener.listen({ host: '127.0.0.1', port: 0 }, recipient);
  cleanup.push(() => listener.close());
  const target = { host: '127.0.0.1', port: listener.port, remoteId: nodeIdOf(recipient.privateKey) };
  const dialer = await RlpxPeer.connect(target, { privateKey: systemRandomness.privateKey(), hello });
  const accepted = await listener.nextPeer(5_000);
  cleanup.push(
    () => dialer.destroy(),
    () => accepted.destroy(),
  );
  await Promise.all([dialer.waitFor('hello', 5_000), accepted.waitFor('hello', 5_000)]);
  return { dialer, accepted };
}

describe('RlpxPeer.sendComposed', () => {
  it('sends the capability’s encoding of the JSON and returns its code and data as sent', async () => {
    const { dialer, accepted } = await connectedPair();
    const received = capabilityInbox(accepted, 'ress');
    const codeHash = new Uint8Array(32).fill(0x11);
    const sent = dialer.sendComposed(ress, {
      message: 'GetBytecode',
      fields: { 'request-id': 7, codehash: `0x${'11'.repeat(32)}` },
    });
    expect(sent).toEqual({ code: 5, payload: RLP.encode([7, codeHash]) });
    expect(await received.next(5_000, 'GetBytecode')).toEqual(sent);
  });

  it('sends nothing for JSON the declaration cannot encode or a capability not negotiated', async () => {
    const { dialer, accepted } = await connectedPair();
    const received = capabilityInbox(accepted, 'ress');
    expect(() => dialer.sendComposed(ress, { message: 'GetBytecode', fields: { 'request-id': 'x' } })).toThrow(
      EncodeError,
    );
    expect(() => dialer.sendComposed(les, { message: 'StopMsg', fields: {} })).toThrow(/les was not negotiated/);
    const nodeType = dialer.sendComposed(ress, { message: 'NodeType', fields: { nodetype: 0 } });
    expect(nodeType).toEqual({ code: 0, payload: Uint8Array.of(0) });
    expect(await received.next(5_000, 'NodeType')).toEqual(nodeType);
  });
});
