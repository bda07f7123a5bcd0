import { setHasher } from '@chainsafe/persistent-merkle-tree';

/**
 * SSZ hash_tree_root (Hobbits GOSSIP `hash` checks, Portal content ids) on the fastest SHA-256 available: the native
 * `hashtree` where its prebuilt binary loads, else the WebAssembly `as-sha256`; both beat the library's default
 * pure-JS hasher severalfold. The decoders stay pure: only the Node side chooses.
 */
export async function useFastestHasher(): Promise<string> {
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
