import { appendFileSync, existsSync } from 'node:fs';

const HEADER =
  '# Peerscope RLPx key log: RLPX <auth-ecies-pubkey> <aes-secret> <mac-secret> <initiator-nonce> <recipient-nonce> (decoders/devp2p/KEYLOG.md)\n';

/**
 * Appends the RLPX key-log line of every session Peerscope's endpoint completes, as SSLKEYLOGFILE does for TLS.
 * Opt-in: only when the user names a file. The file holds session secrets, so it is created readable by the owner
 * only; each line is appended whole, so a reader never sees half a line.
 */
export class RlpxKeyLogWriter {
  constructor(readonly path: string) {
    if (!existsSync(path)) appendFileSync(path, HEADER, { mode: 0o600 });
  }

  append(line: string): void {
    appendFileSync(this.path, `${line}\n`, { mode: 0o600 });
  }
}
