import { RLP, type Input } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { les } from '../../decoders/les';
import { CapabilityPlaybook } from '../ethereum/support/capability-playbook';
import { mainnetHeader, nodeKey, signAnnouncement } from '../ethereum/support/chain-data';
import { mainnetBlock14764013 } from '../ethereum/support/vectors';

const fill = (size: number, byte: number) => new Uint8Array(size).fill(byte);
const GENESIS = toHex(fromHex('d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3'));
const CLIENT = 0;
const SERVER = 1;

function clientStatus(extra: Record<string, unknown> = {}) {
  return {
    message: 'Status',
    fields: {
      protocolVersion: 4,
      networkId: 1,
      headTd: 1,
      headHash: toHex(fill(32, 1)),
      headNum: 1,
      genesisHash: GENESIS,
      forkID: { forkHash: '0xf0afd0e3', forkNext: 1681338455 },
      ...extra,
    },
  };
}

/** A server Status: BL 3000, MRR 1 per millisecond, GetBlockHeaders costing 0 + 1000 per header. */
function serverStatus(extra: Record<string, unknown> = {}) {
  return clientStatus({
    serveHeaders: null,
    'flowControl/BL': 3000,
    'flowControl/MRR': 1,
    'flowControl/MRC': [{ msgCode: 2, baseCost: 0, reqCost: 1000 }],
    ...extra,
  });
}

const getHeaders = (reqID: number, maxHeaders: number, block: number | string = 1) => ({
  message: 'GetBlockHeaders',
  fields: { reqID, block, maxHeaders, skip: 0, reverse: 0 },
});
const headersReply = (reqID: number, BV: number, headers: Input[] = []) => ({
  code: 3,
  payload: RLP.encode([reqID, BV, headers]),
});

function connected(version = 4, options = {}) {
  return new CapabilityPlaybook(les, version, options).send(CLIENT, clientStatus()).send(SERVER, serverStatus());
}

describe('LES session rules', () => {
  it('wants Status first from each side', () => {
    const p = new CapabilityPlaybook(les, 4).send(CLIENT, getHeaders(1, 1)).send(SERVER, serverStatus());
    expect(p.kinds()[0]).toContain('les.status.first');
    expect(p.kinds()[1]).toEqual([]);
  });

  it('checks Status against the negotiated version, its required keys and the peer’s network and genesis', () => {
    const p = new CapabilityPlaybook(les, 3)
      .send(CLIENT, clientStatus({ networkId: 5 }))
      .send(SERVER, {
        message: 'Status',
        fields: { protocolVersion: 3, networkId: 1, genesisHash: toHex(fill(32, 9)) },
      })
      .send(SERVER, serverStatus());
    const [client, server, again] = p.records();
    expect(client!.notes.map((n) => n.kind)).toEqual(['les.status.version']);
    expect(server!.notes.map((n) => [n.kind, n.field])).toEqual([
      ['les.status.missing', null],
      ['les.status.network', 'networkId'],
      ['les.status.genesis', 'genesisHash'],
    ]);
    expect(again!.notes.map((n) => n.kind)).toEqual(['les.status.repeated']);
  });

  it('requires forkID from les/4', () => {
    const { forkID: _forkID, ...fields } = clientStatus().fields;
    const p = new CapabilityPlaybook(les, 4).send(CLIENT, { message: 'Status', fields });
    expect(p.records()[0]!.notes[0]!.text).toMatch(/forkID/);
  });

  it('pairs replies by reqID through the engine, and shows BV and the client’s buffer estimate', () => {
    const p = connected().send(CLIENT, getHeaders(7, 1)).send(SERVER, headersReply(7, 2900));
    const [, , request, reply] = p.records();
    expect(request!.pair).toMatchObject({ status: 'matched', index: 3 });
    expect(reply!.pair).toMatchObject({ status: 'matched', index: 2 });
    expect(request!.fields).toMatchObject({ maxCost: 1000, BLE: 2000 });
    expect(reply!.fields).toMatchObject({ BV: 2900, BLE: 2900 });
  });
});

describe('LES flow control (les.md §Client Side Flow Control)', () => {
  it('flags a request sent while BLE < MaxCost, and recharges BLE at MRR per millisecond', () => {
    const t0 = 1_700_000_000;
    const p = new CapabilityPlaybook(les, 4)
      .send(CLIENT, clientStatus(), t0)
      .send(SERVER, serverStatus(), t0)
      .send(CLIENT, getHeaders(1, 2), t0 + 0.1) // BLE 3000 → 1000
      .send(CLIENT, getHeaders(2, 2), t0 + 0.2) // recharged 100 ms · 1 = 1100 < 2000: breach, BLE −900
      .send(CLIENT, getHeaders(3, 1), t0 + 2.2); // recharged 2000 ms: 1100 ≥ 1000, no breach
    const records = p.records();
    expect(records[2]!.fields).toMatchObject({ maxCost: 2000, BLE: 1000 });
    expect(records[2]!.notes.map((n) => n.kind)).toEqual(['pair.unanswered']);
    expect(records[3]!.notes.map((n) => n.kind)).toEqual(['les.flowcontrol.breach', 'pair.unanswered']);
    expect(records[3]!.notes[0]!.text).toMatch(/BLE was 1100, below MaxCost 2000/);
    expect(records[3]!.fields).toMatchObject({ BLE: -900 });
    expect(records[4]!.fields).toMatchObject({ BLE: 100 });
    expect(records[4]!.notes.map((n) => n.kind)).toEqual(['pair.unanswered']);
  });

  it('sets BLE to BV minus the MaxCost of requests sent after the one replied to', () => {
    const t = 1_700_000_000;
    const p = new CapabilityPlaybook(les, 4)
      .send(CLIENT, clientStatus(), t)
      .send(SERVER, serverStatus(), t)
      .send(CLIENT, getHeaders(1, 1), t)
      .send(CLIENT, getHeaders(2, 1), t)
      .send(SERVER, headersReply(1, 2500), t);
    expect(p.records()[4]!.fields).toMatchObject({ BV: 2500, BLE: 1500 });
  });

  it('notes a request whose message has no cost in the MRC table, and a BV above BL', () => {
    const p = connected()
      .send(CLIENT, { message: 'GetReceipts', fields: { reqID: 4, hashes: [] } })
      .send(SERVER, { code: 7, payload: RLP.encode([4, 5000, []]) });
    const [, , request, reply] = p.kinds();
    expect(request).toContain('les.flowcontrol.no-cost');
    expect(reply).toEqual(['les.flowcontrol.bv']);
  });
});

describe('StopMsg and ResumeMsg (les/3)', () => {
  it('lists the requests a StopMsg cancels, withdraws them from pairing, and resumes with BV', () => {
    const p = connected(4)
      .send(CLIENT, getHeaders(1, 1))
      .send(CLIENT, getHeaders(2, 1))
      .send(SERVER, { message: 'StopMsg', fields: {} })
      .send(CLIENT, getHeaders(3, 1))
      .send(SERVER, headersReply(1, 100))
      .send(SERVER, { message: 'ResumeMsg', fields: { BV: 2500 } });
    const records = p.records();
    const stop = records[4]!;
    expect(stop.notes.map((n) => n.kind)).toEqual(['les.stopmsg.cancelled']);
    expect(stop.notes[0]!.text).toMatch(/GetBlockHeaders reqID 1 \(#2\), GetBlockHeaders reqID 2 \(#3\)/);
    // Request 1 was answered anyway and matches; request 2 never was: cancelled by the StopMsg, not unanswered.
    expect(records[2]!.pair).toMatchObject({ status: 'matched', index: 6 });
    expect(records[3]!.pair).toEqual({ status: 'cancelled', index: 4, latencyMs: null });
    expect(records[3]!.notes.map((n) => n.kind)).not.toContain('pair.unanswered');
    expect(records[5]!.notes.map((n) => n.kind)).toContain('les.stopmsg.request');
    expect(records[6]!.notes.map((n) => n.kind)).toEqual(['les.stopmsg.answered']);
    expect(records[7]!.fields).toMatchObject({ BV: 2500, BLE: 2500, form: 'geth' });
    expect(records[7]!.notes).toEqual([]);
  });

  it('reads a ResumeMsg without StopMsg as a plain buffer update', () => {
    const p = connected().send(SERVER, { message: 'ResumeMsg', fields: { BV: 10, form: 'spec' } });
    expect(p.kinds()[2]).toEqual(['les.resumemsg.unstopped']);
  });

  it('leaves a cancelled request out of the unanswered ones at the end', () => {
    const p = connected().send(CLIENT, getHeaders(1, 1)).send(SERVER, { message: 'StopMsg', fields: {} });
    const records = p.records();
    expect(records[2]!.pair!.status).toBe('cancelled');
    expect(p.kinds()[3]).toEqual(['les.stopmsg.cancelled']);
  });
});

describe('signed announcements (announceType 2)', () => {
  const server = nodeKey(1);
  const impostor = nodeKey(2);
  const head = fill(32, 0x77);
  const announce = (key: Uint8Array | null, td: bigint) => ({
    code: 1,
    payload: RLP.encode([head, 100n, td, 0, key ? [['sign', signAnnouncement(key, head, 100n, td)]] : []]),
  });

  function signedSession(nodeIds: [Uint8Array | undefined, Uint8Array | undefined]) {
    return new CapabilityPlaybook(les, 4, { nodeIds })
      .send(CLIENT, clientStatus({ announceType: 2 }))
      .send(SERVER, serverStatus());
  }

  it('accepts a signature by the sender’s node key', () => {
    const p = signedSession([undefined, server.nodeId]).send(SERVER, announce(server.privateKey, 10n));
    const record = p.records()[2]!;
    expect(record.notes).toEqual([]);
    expect(record.fields.signer).toBe(toHex(server.nodeId));
  });

  it('rejects a signature by another key', () => {
    const p = signedSession([undefined, server.nodeId]).send(SERVER, announce(impostor.privateKey, 10n));
    expect(p.records()[2]!.notes).toMatchObject([
      { kind: 'les.announce.signature', severity: 'error', field: 'signer' },
    ]);
  });

  it('cannot check without the sender’s node id, and warns about a missing signature and a TD that does not grow', () => {
    const p = signedSession([undefined, undefined])
      .send(SERVER, announce(server.privateKey, 10n))
      .send(SERVER, announce(null, 10n));
    const [, , first, second] = p.kinds();
    expect(first).toEqual(['les.announce.signer-unknown']);
    expect(second!.sort()).toEqual(['les.announce.td', 'les.announce.unsigned']);
  });

  it('flags announcements the client did not ask for, or sent by the client', () => {
    const none = new CapabilityPlaybook(les, 4)
      .send(CLIENT, clientStatus({ announceType: 0 }))
      .send(SERVER, serverStatus())
      .send(SERVER, announce(null, 1n))
      .send(CLIENT, announce(null, 2n));
    const kinds = none.kinds();
    expect(kinds[2]).toEqual(['les.announce.unwanted']);
    expect(kinds[3]).toEqual(['les.announce.unwanted']);
  });
});

describe('LES replies against their requests', () => {
  it('checks the first header against the query’s origin and the count against maxHeaders', () => {
    const p = connected()
      .send(CLIENT, getHeaders(1, 1, 14764012))
      .send(SERVER, headersReply(1, 3000, [mainnetHeader.input, mainnetHeader.input]));
    const reply = p.records()[3]!;
    expect(reply.notes.map((n) => [n.kind, n.field])).toEqual([
      ['les.reply.count', null],
      ['les.reply.header', 'headers.0'],
    ]);
  });

  it('checks bodies and receipts against the headers the connection saw', () => {
    const block = mainnetBlock14764013();
    const [txs, ommers] = RLP.decode(block.body) as [Uint8Array[], Uint8Array[]];
    const p = connected()
      .send(CLIENT, getHeaders(1, 1, mainnetHeader.hash))
      .send(SERVER, headersReply(1, 3000, [mainnetHeader.input]))
      .send(CLIENT, {
        message: 'GetBlockBodies',
        fields: { reqID: 2, hashes: [mainnetHeader.hash, mainnetHeader.hash] },
      })
      .send(SERVER, { code: 5, payload: RLP.encode([2, 3000, [RLP.decode(block.body), [txs.slice(1), ommers]]]) })
      .send(CLIENT, { message: 'GetReceipts', fields: { reqID: 3, hashes: [mainnetHeader.hash] } })
      .send(SERVER, { code: 7, payload: RLP.encode([3, 3000, [RLP.decode(block.receipts)]]) });
    const kinds = p.records().map((r) => r.notes.map((n) => `${n.kind}@${n.field}`));
    expect(kinds[3]).toEqual([]);
    expect(kinds[5]).toEqual(['les.reply.root@bodies.1.transactions']);
    expect(kinds[7]).toEqual([]);
  });

  it('counts TxStatus against the hashes asked for, and HelperTrieProofs auxData against auxReq', () => {
    const p = connected()
      .send(CLIENT, { message: 'GetTxStatus', fields: { reqID: 5, hashes: [toHex(fill(32, 1)), toHex(fill(32, 2))] } })
      .send(SERVER, { code: 0x15, payload: RLP.encode([5, 3000, [[0, new Uint8Array(0)]]]) })
      .send(CLIENT, {
        message: 'GetHelperTrieProofs',
        fields: {
          reqID: 6,
          requests: [{ subType: 0, sectionIdx: 1, key: '0x0000000000008000', fromLevel: 0, auxReq: 2 }],
        },
      })
      .send(SERVER, { code: 0x12, payload: RLP.encode([6, 3000, [[], []]]) });
    const kinds = p.kinds();
    expect(kinds[3]).toEqual(['les.reply.count']);
    expect(kinds[5]).toEqual(['les.helpertrie.auxdata']);
  });

  it('lets the engine flag a reply of the wrong type', () => {
    const p = connected()
      .send(CLIENT, { message: 'GetReceipts', fields: { reqID: 8, hashes: [] } })
      .send(SERVER, headersReply(8, 3000));
    expect(p.records()[3]!.pair!.status).toBe('mismatch');
    expect(p.kinds()[3]).toContain('pair.mismatch');
  });
});

describe('LES versions', () => {
  it('marks les/1 messages as deprecated on les/2+, and les/3 messages as unknown to les/2', () => {
    const p = new CapabilityPlaybook(les, 2)
      .send(CLIENT, clientStatus({ protocolVersion: 2 }))
      .send(SERVER, serverStatus({ protocolVersion: 2 }))
      .send(CLIENT, { message: 'GetProofs', fields: { reqID: 1, requests: [] } })
      .send(SERVER, { message: 'StopMsg', fields: {} });
    const kinds = p.kinds();
    expect(kinds[2]).toContain('les.message.deprecated');
    expect(kinds[3]).toContain('les.message.version');
  });

  it('takes geth’s message counts for RLPx offsets (22 for les/2, 24 for les/3 and les/4)', () => {
    expect([1, 2, 3, 4, 5].map((v) => les.length(v))).toEqual([15, 22, 24, 24, undefined]);
  });
});
