import { RLP, type Input } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { eth, snap } from '../../decoders/eth';
import { CapabilityPlaybook } from '../ethereum/support/capability-playbook';
import { dynamicFeeTx, keccak, legacyTx, mainnetHeader } from '../ethereum/support/chain-data';
import { mainnetBlock14764013 } from '../ethereum/support/vectors';

const fill = (size: number, byte: number) => new Uint8Array(size).fill(byte);
const GENESIS = fromHex('d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3');
const raw = (code: number, input: Input) => ({ code, payload: RLP.encode(input) });
const status68 = (network = 1, genesis = GENESIS) =>
  raw(0, [68, network, 1, fill(32, 1), genesis, [fromHex('9f3d2254'), 0]]);

function connected68(): CapabilityPlaybook {
  return new CapabilityPlaybook(eth, 68).send(0, status68()).send(1, status68());
}

describe('eth session', () => {
  it('wants Status first, at the negotiated version, on the peer’s network and genesis', () => {
    const p = new CapabilityPlaybook(eth, 69)
      .send(0, raw(3, [1, [1, 1, 0, 0]]))
      .send(0, status68())
      .send(1, status68(5, fill(32, 2)))
      .send(1, status68());
    expect(p.kinds()).toEqual([
      ['eth.status.first', 'pair.unanswered'],
      ['eth.status.version'],
      ['eth.status.version', 'eth.status.network', 'eth.status.genesis'],
      ['eth.status.repeated'],
    ]);
  });

  it('pairs by request-id and checks headers against the query', () => {
    const p = connected68()
      .send(0, raw(3, [1, [14764013, 1, 0, 0]]))
      .send(1, raw(4, [1, [mainnetHeader.input]]))
      .send(0, raw(3, [2, [fill(32, 7), 1, 0, 0]]))
      .send(1, raw(4, [2, [mainnetHeader.input, mainnetHeader.input]]));
    const records = p.records();
    expect(records[3]!.pair).toMatchObject({ status: 'matched', index: 2 });
    expect(records[3]!.notes).toEqual([]);
    expect(records[5]!.notes.map((n) => `${n.kind}@${n.field}`)).toEqual([
      'eth.response.count@null',
      'eth.response.header@headers.0',
    ]);
  });

  it('checks bodies and receipts against headers seen, and pooled transactions against the hashes asked for', () => {
    const block = mainnetBlock14764013();
    const [txs] = RLP.decode(block.body) as [Uint8Array[]];
    const hash = fromHex(block.hash);
    const p = connected68()
      .send(0, raw(3, [1, [hash, 1, 0, 0]]))
      .send(1, raw(4, [1, [mainnetHeader.input]]))
      .send(0, raw(5, [2, [hash]]))
      .send(1, raw(6, [2, [[txs, []]]]))
      .send(0, raw(0x0f, [3, [hash]]))
      .send(1, raw(0x10, [3, [RLP.decode(block.receipts)]]))
      .send(0, raw(9, [4, [keccak(dynamicFeeTx)]]))
      .send(1, raw(0x0a, [4, [dynamicFeeTx, legacyTx]]));
    const kinds = p.records().map((r) => r.notes.map((n) => `${n.kind}@${n.field}`));
    expect(kinds[5]).toEqual(['eth.response.root@bodies.0.ommers']);
    expect(kinds[7]).toEqual([]);
    expect(kinds[9]).toEqual(['eth.pooled.unrequested@transactions.1']);
  });

  it('notes messages the negotiated version does not have', () => {
    const p = new CapabilityPlaybook(eth, 69)
      .send(0, raw(0, [69, 1, GENESIS, [fromHex('9f3d2254'), 0], 0, 10, fill(32, 1)]))
      .send(0, raw(1, [[fill(32, 1), 5]]));
    expect(p.kinds()).toEqual([[], ['eth.message.version']]);
  });

  it('knows the RLPx lengths of eth/66 through eth/72', () => {
    expect([66, 67, 68, 69, 70, 71, 72].map((v) => eth.length(v))).toEqual([17, 17, 17, 18, 18, 20, 22]);
  });
});

describe('snap session', () => {
  it('checks ByteCodes against the hashes asked for', () => {
    const code = Uint8Array.of(0x60, 0x00);
    const p = new CapabilityPlaybook(snap, 1)
      .send(0, raw(4, [1, [keccak(code)], 1000]))
      .send(1, raw(5, [1, [code]]))
      .send(0, raw(4, [2, [keccak(code)], 1000]))
      .send(1, raw(5, [2, [Uint8Array.of(0x61), code]]));
    const records = p.records();
    expect(records[1]!.pair).toMatchObject({ status: 'matched' });
    expect(records[1]!.notes).toEqual([]);
    expect(records[3]!.notes.map((n) => `${n.kind}@${n.field}`)).toEqual([
      'snap.response.count@null',
      'snap.bytecodes.unrequested@codes.0',
    ]);
    expect(records[0]!.fields.hashes).toEqual([toHex(keccak(code))]);
  });

  it('notes the snap/1 trie-node messages on snap/2 and knows both lengths', () => {
    const p = new CapabilityPlaybook(snap, 2).send(0, raw(6, [1, fill(32, 1), [], 100]));
    expect(p.kinds()[0]).toContain('snap.message.version');
    expect([1, 2].map((v) => snap.length(v))).toEqual([8, 10]);
  });
});
