import { declareProtocol, type MessageDeclaration } from '../core/declaration';
import type { Codec } from '../core/codec';
import { unknownMessage } from '../ethereum/capability/unknown-message';
import * as forms from './message-forms';

/**
 * ress, the stateless-node RLPx subprotocol: the seed README's nine messages (ress/0; paradigmxyz/ress until
 * 2025-02-12) and reth's renamed list messages of the same codes (ress/1 from 2025-03). The seed's names live in
 * the `seed` code space; reth's are the default. Requests pair with responses by `request-id`.
 */

const SEED = 'paradigmxyz/ress crates/net/protocol/README.md';
const RETH = 'specs/ress.md §3.1 (reth crates/ress/protocol)';

function message(
  name: string,
  code: number,
  body: Codec,
  summary: string,
  spec: string,
  options: { space?: string; answeredBy?: string } = {},
): MessageDeclaration {
  return {
    name,
    code,
    summary,
    spec: `${spec}, ${name} (0x0${code})`,
    body,
    ...(options.space ? { space: options.space } : {}),
    ...(options.answeredBy ? { answeredBy: [options.answeredBy] } : {}),
  };
}

const seed = { space: 'seed' };

export const ressDeclaration = declareProtocol({
  name: 'ress',
  title: 'ress (stateless Ethereum node protocol)',
  spec: `${SEED} (ress/0); reth's ress/1 wire form (specs/ress.md)`,
  messages: [
    message('NodeType', 0, forms.nodeType, 'Stateless (0) or stateful (1): the first message each side sends', SEED),
    message('GetHeader', 1, forms.getHeader, 'The header of one block hash (seed)', SEED, {
      ...seed,
      answeredBy: 'Header',
    }),
    message('Header', 2, forms.header, 'One header (seed)', SEED, seed),
    message('GetBlockBody', 3, forms.getBlockBody, 'The body of one block hash (seed)', SEED, {
      ...seed,
      answeredBy: 'BlockBody',
    }),
    message('BlockBody', 4, forms.blockBodyMessage, 'One block body (seed)', SEED, seed),
    message('GetHeaders', 1, forms.getHeaders, 'Up to limit headers from start_hash towards genesis (reth)', RETH, {
      answeredBy: 'Headers',
    }),
    message('Headers', 2, forms.headers, 'Headers, newest first (reth)', RETH),
    message('GetBlockBodies', 3, forms.getBlockBodies, 'Bodies of block hashes (reth)', RETH, {
      answeredBy: 'BlockBodies',
    }),
    message('BlockBodies', 4, forms.blockBodies, 'Bodies, stopping at the first unknown hash (reth)', RETH),
    message('GetBytecode', 5, forms.getBytecode, 'The bytecode of a code hash', SEED, { answeredBy: 'Bytecode' }),
    message('Bytecode', 6, forms.bytecode, 'The bytecode (empty when unknown), with its keccak256', SEED),
    message('GetWitness', 7, forms.getWitness, 'The state witness for executing a block', SEED, {
      answeredBy: 'Witness',
    }),
    message('Witness', 8, forms.witness, 'The witness: the trie nodes the block’s execution touches', SEED),
    unknownMessage(`${SEED}: ress defines codes 0x00–0x08`),
  ],
});

/** Seed and reth messages that share a code, by code: the two readings a payload may have. */
export const RESS_ALTERNATIVES: Readonly<Record<number, { seed: string; reth: string }>> = {
  1: { seed: 'GetHeader', reth: 'GetHeaders' },
  2: { seed: 'Header', reth: 'Headers' },
  3: { seed: 'GetBlockBody', reth: 'GetBlockBodies' },
  4: { seed: 'BlockBody', reth: 'BlockBodies' },
};

/** ress takes 9 message ids in either version it was advertised as (ress/0 in the README, 1 on the wire). */
export function ressLength(version: number): number | undefined {
  return version === 0 || version === 1 ? 9 : undefined;
}
