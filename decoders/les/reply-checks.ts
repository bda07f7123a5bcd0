import { addNote, type Field } from '../core/field';
import { checkBodyAgainstHeader, checkReceiptsAgainstHeader, type HeaderCommitments } from '../ethereum/block-checks';
import type { BoundedMap } from '../ethereum/capability/request-memory';
import { bigintOf, childNamed, hexOf, specChildren } from '../ethereum/field-values';
import { LES_NOTES } from './note-kinds';

/** A request as the session remembers it until its reply. */
export interface LesRequest {
  message: string;
  tree: Field;
}

/** For each reply, the list it carries and the request list it must not outgrow (les.md §Protocol Messages). */
const REPLY_LISTS: Record<string, { list: string; request: string; exact?: boolean }> = {
  BlockBodies: { list: 'bodies', request: 'hashes' },
  Receipts: { list: 'receipts', request: 'hashes' },
  ContractCodes: { list: 'codes', request: 'requests' },
  Proofs: { list: 'proofs', request: 'requests' },
  HeaderProofs: { list: 'proofs', request: 'requests' },
  TxStatus: { list: 'statuses', request: 'hashes', exact: true },
};

/** A reply checked against its request: counts, the headers asked for, bodies and receipts against known headers. */
export function checkReply(
  message: string,
  tree: Field,
  request: LesRequest,
  payload: Uint8Array,
  headers: BoundedMap<string, HeaderCommitments>,
): void {
  if (message === 'BlockHeaders' && request.message === 'GetBlockHeaders') return checkHeaders(tree, request.tree);
  if (message === 'HelperTrieProofs') return checkAuxData(tree, request.tree);
  const rule = REPLY_LISTS[message];
  if (!rule) return;
  const items = specChildren(childNamed(tree, rule.list));
  const asked = specChildren(childNamed(request.tree, rule.request) ?? childNamed(request.tree, 'transactions'));
  if (items.length > asked.length || (rule.exact && items.length !== asked.length)) {
    addNote(tree, 'error', LES_NOTES.replyCount, `${items.length} ${rule.list} for ${asked.length} requested`);
  }
  if (message !== 'BlockBodies' && message !== 'Receipts') return;
  items.forEach((item, i) => {
    const header = headers.get(hexOf(asked[i]) ?? '');
    if (!header) return;
    if (message === 'BlockBodies') {
      for (const m of checkBodyAgainstHeader(item, header, payload)) {
        addNote(
          m.field,
          'error',
          LES_NOTES.replyRoot,
          `${m.what} ${m.computed} ≠ ${m.expected} of block ${header.number}`,
        );
      }
    } else {
      const m = checkReceiptsAgainstHeader(item, header, payload);
      if (m)
        addNote(
          m.field,
          'error',
          LES_NOTES.replyRoot,
          `${m.what} ${m.computed} ≠ ${m.expected} of block ${header.number}`,
        );
    }
  });
}

/** At most maxHeaders headers, the first being the query's origin block (by hash or number). */
function checkHeaders(tree: Field, request: Field): void {
  const headers = specChildren(childNamed(tree, 'headers'));
  const max = bigintOf(childNamed(request, 'maxHeaders'));
  if (max !== null && BigInt(headers.length) > max) {
    addNote(tree, 'error', LES_NOTES.replyCount, `${headers.length} headers, more than maxHeaders ${max}`);
  }
  const first = headers[0];
  const origin = childNamed(request, 'block');
  if (!first || !origin) return;
  const byHash = typeof origin.value === 'string' && origin.value.startsWith('0x');
  const got = byHash ? hexOf(childNamed(first, 'hash')) : bigintOf(childNamed(first, 'number'));
  const wanted = byHash ? hexOf(origin) : bigintOf(origin);
  if (got !== null && wanted !== null && got !== wanted) {
    addNote(
      first,
      'error',
      LES_NOTES.replyHeader,
      `the first header is ${byHash ? 'block' : 'number'} ${String(got)}, the query asked for ${String(wanted)}`,
    );
  }
}

/** les.md §HelperTrieProofs: "The length of the auxData list equals the number of requests with a non-zero auxReq". */
function checkAuxData(tree: Field, request: Field): void {
  const wanted = specChildren(childNamed(request, 'requests')).filter(
    (r) => bigintOf(childNamed(r, 'auxReq')) !== 0n,
  ).length;
  const auxData = childNamed(tree, 'auxData');
  const got = specChildren(auxData).length;
  if (auxData && got !== wanted) {
    addNote(auxData, 'warning', LES_NOTES.auxData, `${got} auxData items for ${wanted} requests with auxReq ≠ 0`);
  }
}
