import { RLP, type Input } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { ress } from '../../decoders/ress';
import { CapabilityPlaybook } from '../ethereum/support/capability-playbook';
import { keccak, mainnetHeader, proofNodes } from '../ethereum/support/chain-data';
import { mainnetBlock14764013, mainnetHeaders20000000 } from '../ethereum/support/vectors';

const STATELESS = 0;
const STATEFUL = 1;
const fill = (size: number, byte: number) => new Uint8Array(size).fill(byte);
const raw = (code: number, input: Input) => ({ code, payload: RLP.encode(input) });
const nodeType = (type: number) => ({ code: 0, payload: Uint8Array.of(type) });

/** Side 0 stateless (it asks), side 1 stateful (it answers), as in reth's e2e test. */
function connected(): CapabilityPlaybook {
  return new CapabilityPlaybook(ress, 1).send(0, nodeType(STATELESS)).send(1, nodeType(STATEFUL));
}

describe('ress NodeType rules (README §Basic operation, §NodeType)', () => {
  it('wants NodeType first from each side', () => {
    const p = new CapabilityPlaybook(ress, 1).send(0, raw(5, [1, fill(32, 1)])).send(1, nodeType(STATEFUL));
    expect(p.kinds()[0]).toContain('ress.nodetype.first');
    expect(p.kinds()[1]).toEqual([]);
  });

  it('rejects stateful ↔ stateful, accepts the other combinations', () => {
    const bad = new CapabilityPlaybook(ress, 1).send(0, nodeType(STATEFUL)).send(1, nodeType(STATEFUL));
    expect(bad.records()[1]!.notes).toMatchObject([{ kind: 'ress.nodetype.combination', severity: 'error' }]);
    for (const [a, b] of [
      [STATELESS, STATEFUL],
      [STATEFUL, STATELESS],
      [STATELESS, STATELESS],
    ]) {
      expect(new CapabilityPlaybook(ress, 1).send(0, nodeType(a!)).send(1, nodeType(b!)).kinds()).toEqual([[], []]);
    }
  });

  it('flags an unknown node type and a second NodeType', () => {
    const p = new CapabilityPlaybook(ress, 0)
      .send(0, nodeType(5))
      .send(1, nodeType(STATEFUL))
      .send(1, nodeType(STATEFUL));
    expect(p.kinds()).toEqual([['ress.nodetype.value'], [], ['ress.nodetype.repeated']]);
  });

  it('flags a request sent to a stateless peer', () => {
    const p = connected().send(1, raw(5, [1, fill(32, 1)]));
    expect(p.kinds()[2]).toContain('ress.request.peer');
  });
});

describe('ress responses against their requests', () => {
  it('pairs by request-id and checks the header hash (seed GetHeader/Header)', () => {
    const p = connected()
      .send(0, raw(1, [1, fromHex(mainnetHeader.hash)]))
      .send(1, raw(2, [1, mainnetHeader.input]))
      .send(0, raw(1, [2, fill(32, 9)]))
      .send(1, raw(2, [2, mainnetHeader.input]));
    const records = p.records();
    expect(records.map((r) => r.message)).toEqual([
      'NodeType',
      'NodeType',
      'GetHeader',
      'Header',
      'GetHeader',
      'Header',
    ]);
    expect(records[3]!.pair).toMatchObject({ status: 'matched', index: 2 });
    expect(records[3]!.notes).toEqual([]);
    expect(records[5]!.notes).toMatchObject([{ kind: 'ress.header.mismatch', field: 'header' }]);
  });

  it('checks reth Headers: the start hash, the limit and the parent chain', () => {
    const { headers, firstHash } = mainnetHeaders20000000();
    const [child, parent] = headers.map((h) => RLP.decode(h) as Input);
    const p = connected()
      .send(0, { message: 'GetHeaders', fields: { 'request-id': 1, start_hash: firstHash, limit: 2 } })
      .send(1, raw(2, [1, [child!, parent!]]))
      .send(0, { message: 'GetHeaders', fields: { 'request-id': 2, start_hash: firstHash, limit: 1 } })
      .send(1, raw(2, [2, [child!, child!]]));
    const kinds = p.records().map((r) => r.notes.map((n) => `${n.kind}@${n.field}`));
    expect(kinds[3]).toEqual([]);
    expect(kinds[5]).toEqual(['ress.response.count@null', 'ress.headers.chain@headers.1']);
  });

  it('checks a body against the header seen for its hash', () => {
    const block = mainnetBlock14764013();
    const [txs, ommers] = RLP.decode(block.body) as [Uint8Array[], Uint8Array[]];
    const hash = fromHex(block.hash);
    const p = connected()
      .send(0, raw(1, [1, hash]))
      .send(1, raw(2, [1, mainnetHeader.input]))
      .send(0, raw(3, [2, hash]))
      .send(1, raw(4, [2, RLP.decode(block.body)]))
      .send(0, raw(3, [3, hash]))
      .send(1, raw(4, [3, [txs, ommers.slice(1)]]));
    const records = p.records();
    expect(records[5]!.message).toBe('BlockBody');
    expect(records[5]!.notes).toEqual([]);
    expect(records[7]!.notes.map((n) => `${n.kind}@${n.field}`)).toEqual(['ress.body.mismatch@blockbody.ommers']);
  });

  it('checks bytecode against the requested code hash, and notes empty bytecode', () => {
    const code = Uint8Array.of(0x60, 0x01);
    const p = connected()
      .send(0, raw(5, [1, keccak(code)]))
      .send(1, raw(6, [1, code]))
      .send(0, raw(5, [2, fill(32, 3)]))
      .send(1, raw(6, [2, code]))
      .send(0, raw(5, [3, fill(32, 4)]))
      .send(1, raw(6, [3, new Uint8Array(0)]));
    const kinds = p.kinds();
    expect([kinds[3], kinds[5], kinds[7]]).toEqual([[], ['ress.bytecode.mismatch'], ['ress.bytecode.empty']]);
  });

  it('wants the parent’s state root in a witness when both headers were seen', () => {
    const { headers, firstHash } = mainnetHeaders20000000();
    const p = connected()
      .send(0, { message: 'GetHeaders', fields: { 'request-id': 1, start_hash: firstHash, limit: 2 } })
      .send(1, raw(2, [1, headers.map((h) => RLP.decode(h) as Input)]))
      .send(0, { message: 'GetWitness', fields: { 'request-id': 2, blockhash: firstHash } })
      .send(1, raw(8, [2, proofNodes.slice(0, 1)]))
      .send(0, { message: 'GetWitness', fields: { 'request-id': 3, blockhash: toHex(fill(32, 5)) } })
      .send(1, raw(8, [3, []]));
    const kinds = p.kinds();
    expect(kinds[5]).toEqual(['ress.witness.root']);
    expect(kinds[7]).toEqual(['ress.witness.empty']);
  });

  it('checks seed-era witness entries: the hash must be keccak256 of the node', () => {
    const [node] = proofNodes;
    const p = connected()
      .send(0, raw(7, [1, fill(32, 1)]))
      .send(
        1,
        raw(8, [
          1,
          [
            [keccak(node!), node!],
            [fill(32, 0), node!],
          ],
        ]),
      );
    expect(p.records()[3]!.notes.map((n) => `${n.kind}@${n.field}`)).toEqual(['ress.witness.hash@statewitness.1.hash']);
  });
});

describe('reading the bytes both eras share', () => {
  const hash = fill(32, 0x42);

  it('names a one-item list by the request it answers: the README’s BlockBody after its GetBlockBody', () => {
    const p = new CapabilityPlaybook(ress, 0)
      .send(0, raw(0, [STATELESS]))
      .send(1, raw(0, [STATEFUL]))
      .send(0, raw(3, [1, [hash]]))
      .send(1, raw(4, [1, [[[], []]]]));
    const records = p.records();
    expect(records.map((r) => r.message)).toEqual(['NodeType', 'NodeType', 'GetBlockBody', 'BlockBody']);
    expect(records.map((r) => r.fields.form)).toEqual(['readme', 'readme', 'readme', 'readme']);
    expect(records[3]!.pair!.status).toBe('matched');
  });

  it('does not call a response ambiguous when its pending request says what it is', () => {
    const oneHeader = raw(2, [1, [mainnetHeader.input]]);
    const answered = connected()
      .send(0, raw(1, [1, [fromHex(mainnetHeader.hash), 1]]))
      .send(1, oneHeader);
    expect(answered.records()[3]!).toMatchObject({ message: 'Headers', notes: [] });
    // Without a request in flight the bytes are still both reth's Headers and the seed's Header.
    const unasked = connected().send(1, oneHeader);
    expect(unasked.records()[2]!.notes.map((n) => n.kind)).toEqual(['ress.reading.ambiguous', 'pair.orphan']);
  });

  it('takes the same bytes as reth’s lists on a reth connection', () => {
    const p = connected()
      .send(0, raw(3, [1, [hash]]))
      .send(1, raw(4, [1, [[[], []]]]));
    const records = p.records();
    expect(records.map((r) => r.message).slice(2)).toEqual(['GetBlockBodies', 'BlockBodies']);
    expect(records[3]!.pair!.status).toBe('matched');
  });
});
