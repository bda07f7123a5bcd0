import type { CapabilityMessageInfo } from '../ethereum/capability/message-entries';

/**
 * The LES messages by code (devp2p caps/les.md; specs/les.md §1): the version that added each and, for les/1
 * messages, the version that dropped it. The declaration, the MRC table display and the version checks read this.
 */
export const LES_MESSAGES: readonly CapabilityMessageInfo[] = [
  { code: 0x00, name: 'Status', since: 1 },
  { code: 0x01, name: 'Announce', since: 1 },
  { code: 0x02, name: 'GetBlockHeaders', since: 1 },
  { code: 0x03, name: 'BlockHeaders', since: 1 },
  { code: 0x04, name: 'GetBlockBodies', since: 1 },
  { code: 0x05, name: 'BlockBodies', since: 1 },
  { code: 0x06, name: 'GetReceipts', since: 1 },
  { code: 0x07, name: 'Receipts', since: 1 },
  { code: 0x08, name: 'GetProofs', since: 1, until: 1 },
  { code: 0x09, name: 'Proofs', since: 1, until: 1 },
  { code: 0x0a, name: 'GetContractCodes', since: 1 },
  { code: 0x0b, name: 'ContractCodes', since: 1 },
  { code: 0x0c, name: 'SendTx', since: 1, until: 1 },
  { code: 0x0d, name: 'GetHeaderProofs', since: 1, until: 1 },
  { code: 0x0e, name: 'HeaderProofs', since: 1, until: 1 },
  { code: 0x0f, name: 'GetProofsV2', since: 2 },
  { code: 0x10, name: 'ProofsV2', since: 2 },
  { code: 0x11, name: 'GetHelperTrieProofs', since: 2 },
  { code: 0x12, name: 'HelperTrieProofs', since: 2 },
  { code: 0x13, name: 'SendTxV2', since: 2 },
  { code: 0x14, name: 'GetTxStatus', since: 2 },
  { code: 0x15, name: 'TxStatus', since: 2 },
  { code: 0x16, name: 'StopMsg', since: 3 },
  { code: 0x17, name: 'ResumeMsg', since: 3 },
];

export const LES_LATEST_VERSION = 4;

/** Message names by code, for the MRC table's msgCode column. */
export const LES_MESSAGE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  LES_MESSAGES.map((m) => [m.code, m.name]),
);

/**
 * How many message ids les/N takes in RLPx offset assignment: geth's ProtocolLengths (15 for les/1; 22 for les/2;
 * 24 for les/3 and les/4). ethereumjs declares 21/23/23, one short, which shifts the offsets of any capability
 * sorting after `les` (specs/les.md §1): geth's numbers are the ones that match the message table.
 */
export function lesLength(version: number): number | undefined {
  return { 1: 15, 2: 22, 3: 24, 4: 24 }[version];
}
