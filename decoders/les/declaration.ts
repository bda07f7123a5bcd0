import { declareProtocol } from '../core/declaration';
import {
  capabilityMessages,
  type CapabilityMessageInfo,
  type MessageEntry,
} from '../ethereum/capability/message-entries';
import { announce } from './announce';
import { resumeMsg, stopMsg } from './control-bodies';
import { keyValueList } from './key-value-list';
import { LES_MESSAGES } from './message-table';
import * as replies from './reply-bodies';
import * as requests from './request-bodies';
import { STATUS_KEYS } from './status-keys';

/**
 * LES (Light Ethereum Subprotocol) les/1–les/4, declared once: code = the capability-relative message code,
 * requests answered by their replies and paired by `reqID`. Spec: devp2p caps/les.md (the seed); wire details
 * beyond it from go-ethereum les (specs/les.md).
 */

const SPEC = 'devp2p caps/les.md';

const ENTRIES: Record<string, MessageEntry> = {
  Status: {
    body: keyValueList('Status', STATUS_KEYS),
    summary: 'Handshake: chain, head, served data, flow-control parameters',
  },
  Announce: { body: announce, summary: 'A new head (and changed Status values), signed when announceType is 2' },
  GetBlockHeaders: {
    body: requests.getBlockHeaders,
    summary: 'Headers from a block (hash or number), skip apart',
    answeredBy: 'BlockHeaders',
  },
  BlockHeaders: { body: replies.blockHeaders, summary: 'Headers, with the buffer value BV' },
  GetBlockBodies: {
    body: requests.byBlockHashes('GetBlockBodies'),
    summary: 'Block bodies by block hash',
    answeredBy: 'BlockBodies',
  },
  BlockBodies: { body: replies.blockBodies, summary: 'Block bodies (transactions, uncles, withdrawals), with BV' },
  GetReceipts: {
    body: requests.byBlockHashes('GetReceipts'),
    summary: 'Receipts by block hash',
    answeredBy: 'Receipts',
  },
  Receipts: { body: replies.receipts, summary: 'Receipts per block, with BV' },
  GetProofs: {
    body: requests.getProofs('GetProofs'),
    summary: 'State or storage proofs (les/1; GetProofsV2 since les/2)',
    answeredBy: 'Proofs',
  },
  Proofs: { body: replies.proofs, summary: 'One node list per proof (les/1)' },
  GetContractCodes: {
    body: requests.getContractCodes,
    summary: 'Contract code by block hash and account',
    answeredBy: 'ContractCodes',
  },
  ContractCodes: { body: replies.contractCodes, summary: 'Contract codes, each with its keccak256' },
  SendTx: { body: requests.sendTx, summary: 'Transactions to relay (les/1; SendTxV2 since les/2)' },
  GetHeaderProofs: {
    body: requests.getHeaderProofs,
    summary: 'Headers with CHT proofs (les/1; GetHelperTrieProofs since les/2)',
    answeredBy: 'HeaderProofs',
  },
  HeaderProofs: { body: replies.headerProofs, summary: 'Headers with their CHT proofs (les/1)' },
  GetProofsV2: {
    body: requests.getProofs('GetProofsV2'),
    summary: 'State or storage proofs as one node set',
    answeredBy: 'ProofsV2',
  },
  ProofsV2: { body: replies.proofsV2, summary: 'The deduplicated proof node set' },
  GetHelperTrieProofs: {
    body: requests.getHelperTrieProofs,
    summary: 'CHT or BloomBits trie proofs by section',
    answeredBy: 'HelperTrieProofs',
  },
  HelperTrieProofs: { body: replies.helperTrieProofs, summary: 'Helper-trie proof nodes and auxiliary data' },
  SendTxV2: {
    body: requests.sendTxV2,
    summary: 'Transactions to relay, answered with their status',
    answeredBy: 'TxStatus',
  },
  GetTxStatus: { body: requests.getTxStatus, summary: 'Status of transactions by hash', answeredBy: 'TxStatus' },
  TxStatus: { body: replies.txStatus, summary: 'Transaction statuses (Unknown, Queued, Pending, Included, Error)' },
  StopMsg: { body: stopMsg, summary: 'Stop sending requests: the unanswered ones are cancelled (les/3)' },
  ResumeMsg: { body: resumeMsg, summary: 'Requests may resume; the new buffer value BV (les/3)' },
};

/** The versions that have a message, as its spec text says them. */
function versions({ since, until }: CapabilityMessageInfo): string {
  return until ? `les/${since} only` : since > 1 ? `since les/${since}` : 'all versions';
}

export const lesDeclaration = declareProtocol({
  name: 'les',
  title: 'Light Ethereum Subprotocol (LES)',
  spec: `${SPEC} (les/1–les/4); go-ethereum les (removed 2023) for its wire details`,
  messages: capabilityMessages(SPEC, LES_MESSAGES, ENTRIES, {
    versions,
    unknown: "codes beyond 0x17, or beyond the negotiated version's length",
  }),
});
