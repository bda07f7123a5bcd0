import { fromHex, toBareHex } from '../core/bytes';
import { isValidPrivateKey } from './secp256k1-keys';

/**
 * The node-key file as geth writes it (`nodekey`, crypto.SaveECDSA): the 32-byte private key as 64 lowercase hex
 * characters, no 0x, no newline. Reading accepts trailing whitespace (editors add a newline), nothing else.
 */
export function formatNodeKey(privateKey: Uint8Array): string {
  if (!isValidPrivateKey(privateKey)) throw new RangeError('not a valid secp256k1 private key');
  return toBareHex(privateKey);
}

export function parseNodeKey(text: string): Uint8Array {
  const hex = text.replace(/\s+$/, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new NodeKeyError(
      `a node key is 64 hex characters (geth format, no 0x), got ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  const key = fromHex(hex);
  if (!isValidPrivateKey(key)) throw new NodeKeyError('the node key is zero or not below the secp256k1 group order');
  return key;
}

export class NodeKeyError extends Error {
  override name = 'NodeKeyError';
}
