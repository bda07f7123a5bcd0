import { setHasher } from '@chainsafe/persistent-merkle-tree';
import { createKeccak, type IHasher } from 'hash-wasm';
import { setKeccakImplementation, type KeccakImplementation } from '../../decoders/ethereum/keccak';

/**
 * The fastest hashes available, chosen once at start by the CLI, the service and its workers; the decoders stay
 * pure and hash through whatever was chosen.
 *
 * SSZ hash_tree_root (Hobbits GOSSIP `hash` checks, Portal content ids) runs on the native `hashtree` where its
 * prebuilt binary loads, else the WebAssembly `as-sha256`; both beat the library's default pure-JS hasher
 * severalfold. Keccak-256 (every RLPx frame MAC absorbs the whole ciphertext; trie nodes, headers, code) runs on
 * hash-wasm's WebAssembly Keccak, about ten times @noble/hashes on this machine.
 */
export async function useFastestHasher(): Promise<string> {
  setKeccakImplementation(hashWasmKeccak(await createKeccak(256)));
  try {
    const { hasher } = await import('@chainsafe/persistent-merkle-tree/hasher/hashtree');
    hasher.digest64(new Uint8Array(32), new Uint8Array(32));
    setHasher(hasher);
    return 'hashtree';
  } catch {
    const { hasher } = await import('@chainsafe/persistent-merkle-tree/hasher/as-sha256');
    setHasher(hasher);
    return 'as-sha256';
  }
}

interface SpongeState {
  saved: Uint8Array;
}

/**
 * One WebAssembly hasher serves every hash and sponge: a sponge's state lives in the hasher while it is the one
 * being fed, and is saved out (404 bytes) only when another hash or sponge needs the hasher.
 */
export function hashWasmKeccak(hasher: IHasher): KeccakImplementation {
  hasher.init();
  const fresh = hasher.save();
  let live: SpongeState | null = null;
  const park = () => {
    if (live) live.saved = hasher.save();
    live = null;
  };
  const take = (sponge: SpongeState) => {
    if (live === sponge) return;
    park();
    hasher.load(sponge.saved);
    live = sponge;
  };
  return {
    name: 'hash-wasm',
    hash(bytes) {
      park();
      hasher.init();
      hasher.update(bytes);
      return hasher.digest('binary');
    },
    sponge() {
      const sponge: SpongeState = { saved: fresh };
      return {
        update(bytes) {
          take(sponge);
          hasher.update(bytes);
        },
        digest() {
          take(sponge);
          park(); // digest() pads and finishes the hasher's state; the sponge keeps its own copy
          return hasher.digest('binary');
        },
      };
    },
  };
}
