import { rlpBytes } from '../codecs/rlp';
import { toHex } from '../core/bytes';
import { generatedLeaf } from '../core/field';
import { annotated } from './annotated-codec';
import { bytesOf } from './field-values';
import { keccak256 } from './keccak';

/** Contract code, with its keccak256 (the code hash an account commits to) hung below it as a generated field. */
export const codeWithHash = annotated(rlpBytes(), (field) => {
  const code = bytesOf(field);
  if (code) (field.children ??= []).push(generatedLeaf('codeHash', toHex(keccak256(code)), 'keccak256(code)'));
});
