/**
 * Detection of discv5 flows by the ids the keys name, and the DISCV5 key-log lines (decoders/discv5/KEYLOG.md).
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { KeyStore } from '../../decoders/core/keys';
import { createDiscv5Protocol, discv5KeyLogLine } from '../../decoders/discv5';
import { readDiscv5KeyLog } from '../../decoders/discv5/keylog';
import { keyMaterialOf } from '../../decoders/discv5/key-material';
import { nodeAes } from '../../src-main/engine/node-aes';
import { buildPacket } from './support/packet-builder';
import { simulatedNode } from './support/simulated-pair';
import { hex, NODE_A_ID, NODE_B_ID, NODE_B_KEY, packetVector } from './support/wire-vectors';

const discv5 = createDiscv5Protocol({ aes: nodeAes });
const bare = (bytes: Uint8Array) => toHex(bytes).slice(2);

describe('detect', () => {
  const packet = hex(packetVector('ping_message_flag0').packet);

  it('says yes when a node key’s id unmasks the header to "discv5" version 1', () => {
    const keys = new KeyStore();
    keys.addPrivateKey(NODE_B_KEY);
    expect(discv5.detect(packet, keys)).toBe('yes');
  });

  it('says yes for the ids a key log names, no node key needed', () => {
    const keys = new KeyStore();
    keys.addKeyLog(`DISCV5 01 ${bare(NODE_A_ID)} ${bare(NODE_B_ID)} ${'00'.repeat(16)} ${'00'.repeat(16)}`, 'k.log');
    expect(discv5.detect(packet, keys)).toBe('yes');
  });

  it('says no without keys, with keys of other nodes, and for datagrams outside 63..1280 bytes', () => {
    expect(discv5.detect(packet)).toBe('no');
    expect(discv5.detect(packet, new KeyStore())).toBe('no');
    const other = new KeyStore();
    other.addPrivateKey(simulatedNode(61).privateKey);
    expect(discv5.detect(packet, other)).toBe('no');
    const keys = new KeyStore();
    keys.addPrivateKey(NODE_B_KEY);
    expect(discv5.detect(packet.subarray(0, 62), keys)).toBe('no');
    const big = buildPacket({
      destId: NODE_B_ID,
      flag: 0,
      nonce: new Uint8Array(12),
      authdata: NODE_A_ID,
      message: new Uint8Array(1300),
    });
    expect(discv5.detect(big.packet, keys)).toBe('no');
  });

  it('says no for a header with another version, which geth and v5.1 peers drop', () => {
    const keys = new KeyStore();
    keys.addPrivateKey(NODE_B_KEY);
    const v2 = buildPacket({
      destId: NODE_B_ID,
      flag: 0,
      nonce: new Uint8Array(12),
      authdata: NODE_A_ID,
      message: new Uint8Array(30),
      version: 2,
    });
    expect(discv5.detect(v2.packet, keys)).toBe('no');
  });
});

describe('DISCV5 key-log lines', () => {
  it('reads sessions and node keys, and writes the line form it reads', () => {
    const keys = new KeyStore();
    const session = {
      token: new Uint8Array(33).fill(2),
      initiatorId: NODE_A_ID,
      recipientId: NODE_B_ID,
      keys: { initiatorKey: new Uint8Array(16).fill(1), recipientKey: new Uint8Array(16).fill(3) },
    };
    const line = discv5KeyLogLine(session);
    expect(line).toBe(
      `DISCV5 ${'02'.repeat(33)} ${bare(NODE_A_ID)} ${bare(NODE_B_ID)} ${'01'.repeat(16)} ${'03'.repeat(16)}`,
    );
    keys.addKeyLog(`# a comment\n${line}\nDISCV5_NODEKEY ${bare(NODE_B_ID)} ${bare(NODE_B_KEY)}\n`, 'a.log');
    const log = readDiscv5KeyLog(keys);
    expect(log.problems).toEqual([]);
    expect(log.sessions).toEqual([{ ...session, source: 'a.log:2' }]);
    expect(log.nodeKeys.map((k) => bare(k.id))).toEqual([bare(NODE_B_ID)]);
    expect(keyMaterialOf(keys).ids.map(bare).sort()).toEqual([bare(NODE_A_ID), bare(NODE_B_ID)].sort());
  });

  it('explains lines of the wrong shape and node keys that are not the named node’s', () => {
    const keys = new KeyStore();
    keys.addKeyLog(
      [
        `DISCV5 01 ${bare(NODE_A_ID)} ${bare(NODE_B_ID)} 00`,
        `DISCV5_NODEKEY ${bare(NODE_A_ID)} ${bare(NODE_B_KEY)}`,
        'DISCV5_NODEKEY 01 02',
      ].join('\n'),
      'b.log',
    );
    const log = readDiscv5KeyLog(keys);
    expect(log.sessions).toEqual([]);
    expect(log.nodeKeys).toEqual([]);
    expect(log.problems.map((p) => p.source)).toEqual(['b.log:1', 'b.log:2', 'b.log:3']);
    expect(log.problems[1]!.text).toContain(`belongs to node 0x${bare(NODE_B_ID)}`);
  });

  it('recomputes what the keys give when the store grows (pcapng secrets blocks arrive mid-capture)', () => {
    const keys = new KeyStore();
    expect(keyMaterialOf(keys).ids).toEqual([]);
    keys.addPrivateKey(NODE_B_KEY);
    expect(keyMaterialOf(keys).ids.map(bare)).toEqual([bare(NODE_B_ID)]);
  });
});
