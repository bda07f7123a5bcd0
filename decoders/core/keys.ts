/**
 * Key material the user supplies, as Wireshark takes TLS key logs: key-log lines (from files or pcapng
 * Decryption Secrets Blocks) and node private keys. Generic here; each protocol reads the lines it defines.
 *
 * A key-log line is `LABEL KEY VALUE...` (hex without 0x; `#` starts a comment): e.g.
 * `RLPX <auth-ecies-pubkey> <aes-secret> <mac-secret> <initiator-nonce> <recipient-nonce>`.
 */
export interface KeyLogEntry {
  label: string;
  /** Lowercase hex identifying the session (the second token). */
  key: string;
  values: string[];
  /** Where the line came from: `file.log:12`, `pcapng DSB at 1234`. */
  source: string;
}

export interface KeyLogProblem {
  source: string;
  text: string;
}

/** Unusable lines of one key log reported each on its own; the rest are counted. */
const PROBLEMS_LISTED = 10;

/**
 * Why text meant as a key log cannot be one, or null: binary bytes (NUL or other control characters, or bytes that
 * were not UTF-8) in its first 4 KiB, as when a capture is given as the key log. Key logs are ASCII lines.
 */
export function keyLogRefusal(text: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (!/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text.slice(0, 4096))) return null;
  return 'not a key log: it holds binary bytes (a capture given as the key log?); nothing read from it';
}

export class KeyStore {
  private readonly entries = new Map<string, KeyLogEntry>();
  private readonly privateKeys: Uint8Array[] = [];
  /** Bumped whenever keys are added, so dissectors can retry what they could not open. */
  version = 0;

  /**
   * Reads key-log text; returns the lines it could not use (never throws): the first few with their line numbers,
   * then how many more. Text with binary bytes (a capture given as a key log) is refused whole, in one problem.
   */
  addKeyLog(text: string, source: string): KeyLogProblem[] {
    const refusal = keyLogRefusal(text);
    if (refusal) return [{ source, text: refusal }];
    const problems: KeyLogProblem[] = [];
    let unusable = 0;
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) return;
      const [label, key, ...values] = line.split(/\s+/);
      const where = `${source}:${i + 1}`;
      if (!label || !key || !/^[0-9a-fA-F]+$/.test(key) || values.some((v) => !/^[0-9a-fA-F]+$/.test(v))) {
        if (++unusable <= PROBLEMS_LISTED) {
          // quoted, so that control characters reach a terminal as escapes
          const excerpt = JSON.stringify(raw.slice(0, 60));
          problems.push({ source: where, text: `not a key-log line (LABEL HEX HEX...): ${excerpt}` });
        }
        return;
      }
      this.entries.set(`${label.toUpperCase()} ${key.toLowerCase()}`, {
        label: label.toUpperCase(),
        key: key.toLowerCase(),
        values: values.map((v) => v.toLowerCase()),
        source: where,
      });
    });
    if (unusable > PROBLEMS_LISTED) {
      problems.push({ source, text: `${unusable - PROBLEMS_LISTED} more lines that are not key-log lines` });
    }
    this.version++;
    return problems;
  }

  /** The entry for `label` (e.g. `RLPX`) and a session key in lowercase hex. */
  lookup(label: string, key: string): KeyLogEntry | undefined {
    return this.entries.get(`${label} ${key.toLowerCase()}`);
  }

  entriesOf(label: string): KeyLogEntry[] {
    return [...this.entries.values()].filter((e) => e.label === label);
  }

  addPrivateKey(key: Uint8Array): void {
    if (key.length !== 32) throw new Error(`a private key has 32 bytes, got ${key.length}`);
    this.privateKeys.push(key.slice());
    this.version++;
  }

  get nodeKeys(): readonly Uint8Array[] {
    return this.privateKeys;
  }
}
