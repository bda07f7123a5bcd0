import { addNote, type Field } from '../core/field';
import { checkBodyAgainstHeader, type HeaderCommitments } from '../ethereum/block-checks';
import type { BoundedMap } from '../ethereum/capability/request-memory';
import { bigintOf, childNamed, hexOf, specChildren } from '../ethereum/field-values';
import { nodeHashOf } from '../ethereum/trie-node';
import { RESS_NOTES } from './note-kinds';

/**
 * A ress response against its request (README: "Response corresponds to a block hash of the … request"): the header
 * is the one asked for, bodies match the headers seen for their hashes, bytecode hashes to the code hash, the
 * witness holds the parent's state root. What the connection has not seen (a body's header) is not checked.
 */

export interface RessRequest {
  message: string;
  tree: Field;
}

type Headers = BoundedMap<string, HeaderCommitments>;

export function checkResponse(
  message: string,
  tree: Field,
  request: RessRequest,
  payload: Uint8Array,
  headers: Headers,
): void {
  switch (message) {
    case 'Header':
      return checkHeader(childNamed(tree, 'header'), hexOf(childNamed(request.tree, 'blockhash')));
    case 'Headers':
      return checkHeaders(tree, request.tree);
    case 'BlockBody':
      return checkBody(childNamed(tree, 'blockbody'), hexOf(childNamed(request.tree, 'blockhash')), payload, headers);
    case 'BlockBodies':
      return checkBodies(tree, request.tree, payload, headers);
    case 'Bytecode':
      return checkBytecode(tree, hexOf(childNamed(request.tree, 'codehash')));
    case 'Witness':
      return checkWitness(tree, hexOf(childNamed(request.tree, 'blockhash')), payload, headers);
  }
}

function checkHeader(header: Field | undefined, wanted: string | null): void {
  const hash = hexOf(childNamed(header, 'hash'));
  if (header && hash && wanted && hash !== wanted) {
    addNote(header, 'error', RESS_NOTES.headerMismatch, `header hash ${hash}, requested ${wanted}`);
  }
}

/** reth GetHeaders: up to `limit` headers from start_hash towards genesis, each the previous one's parent. */
function checkHeaders(tree: Field, request: Field): void {
  const list = specChildren(childNamed(tree, 'headers'));
  const limit = bigintOf(childNamed(request, 'limit'));
  if (limit !== null && BigInt(list.length) > limit) {
    addNote(tree, 'error', RESS_NOTES.count, `${list.length} headers for a limit of ${limit}`);
  }
  checkHeader(list[0], hexOf(childNamed(request, 'start_hash')));
  for (let i = 1; i < list.length; i++) {
    const parent = hexOf(childNamed(list[i - 1], 'parentHash'));
    const hash = hexOf(childNamed(list[i], 'hash'));
    if (parent && hash && parent !== hash) {
      addNote(
        list[i]!,
        'error',
        RESS_NOTES.headersChain,
        `not the parent of the header before it (its parentHash is ${parent})`,
      );
      return;
    }
  }
}

function checkBody(body: Field | undefined, hash: string | null, payload: Uint8Array, headers: Headers): void {
  const header = hash ? headers.get(hash) : undefined;
  if (!body || !header) return;
  for (const m of checkBodyAgainstHeader(body, header, payload)) {
    addNote(
      m.field,
      'error',
      RESS_NOTES.bodyMismatch,
      `${m.what} ${m.computed} ≠ ${m.expected} in the header of block ${header.number}`,
    );
  }
}

function checkBodies(tree: Field, request: Field, payload: Uint8Array, headers: Headers): void {
  const bodies = specChildren(childNamed(tree, 'bodies'));
  const hashes = specChildren(childNamed(request, 'hashes'));
  if (bodies.length > hashes.length) {
    addNote(tree, 'error', RESS_NOTES.count, `${bodies.length} bodies for ${hashes.length} requested hashes`);
  }
  bodies.forEach((body, i) => checkBody(body, hexOf(hashes[i]), payload, headers));
}

function checkBytecode(tree: Field, wanted: string | null): void {
  const bytes = childNamed(tree, 'bytes');
  const hash = hexOf(childNamed(tree, 'codeHash'));
  if (bytes?.value === '0x') {
    addNote(bytes, 'info', RESS_NOTES.bytecodeEmpty, 'empty bytecode: the peer has none for this hash (or failed)');
  } else if (bytes && hash && wanted && hash !== wanted) {
    addNote(
      bytes,
      'error',
      RESS_NOTES.bytecodeMismatch,
      `keccak256 of the bytecode is ${hash}, the request asked for ${wanted}`,
    );
  }
}

/** The witness of a block starts from its parent's state (specs/ress.md §3.1: at least the parent's state root). */
function checkWitness(tree: Field, blockHash: string | null, payload: Uint8Array, headers: Headers): void {
  const list = childNamed(tree, 'statewitness');
  const items = specChildren(list);
  if (items.length === 0) {
    addNote(tree, 'info', RESS_NOTES.witnessEmpty, 'an empty witness: reth sends one when it cannot build it');
    return;
  }
  const block = blockHash ? headers.get(blockHash) : undefined;
  const parent = block?.parentHash ? headers.get(block.parentHash) : undefined;
  if (!parent?.stateRoot) return;
  // Reth's flat form lists the nodes themselves, the older forms `[hash, node]` entries.
  const nodes = childNamed(tree, 'form')?.value === 'wire' ? items : items.map((item) => childNamed(item, 'node'));
  // Hashing stops at the root: a witness holds thousands of nodes.
  if (!nodes.some((node) => nodeHashOf(node, payload) === parent.stateRoot)) {
    addNote(
      list!,
      'warning',
      RESS_NOTES.witnessRoot,
      `no node hashes to the parent's state root ${parent.stateRoot} (block ${parent.number})`,
    );
  }
}
