import { useEffect, useRef, useState } from 'react';
import type { KeyMaterial } from '../../src-main/api/peerscope-api';
import { parseNodeKeys } from '../model/dropped-files';
import { useStore } from '../state/store';
import { useWorkbench } from './workbench-context';

/** Key material for encrypted transports: an RLPx/discv5 key log and node private keys, pasted or from files. */
export function KeysDialog() {
  const { ui, capture, captureActions } = useWorkbench();
  const open = useStore(ui, (s) => s.keysDialogOpen);
  const hasCapture = useStore(capture, (s) => s.capture !== null);
  if (!open) return null;
  const close = () => ui.update({ keysDialogOpen: false });
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <KeysForm
        hasCapture={hasCapture}
        onClose={close}
        onLoad={async (keys) => {
          const error = await captureActions.loadKeys(keys);
          if (!error) close();
          return error;
        }}
      />
    </div>
  );
}

interface KeysFormProps {
  hasCapture: boolean;
  onClose(): void;
  onLoad(keys: KeyMaterial): Promise<string | null>;
}

function KeysForm({ hasCapture, onClose, onLoad }: KeysFormProps) {
  const [keylog, setKeylog] = useState('');
  const [keylogName, setKeylogName] = useState<string | null>(null);
  const [nodeKeys, setNodeKeys] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async () => {
    const parsed = parseNodeKeys(nodeKeys);
    if (parsed.badLines.length > 0) {
      setError(`Node keys: line ${parsed.badLines.join(', ')} is not 32 bytes of hex`);
      return;
    }
    const keys: KeyMaterial = {};
    if (keylog.trim()) {
      keys.keylogText = keylog;
      keys.keylogName = keylogName ?? 'pasted key log';
    }
    if (parsed.keys.length > 0) keys.nodeKeys = parsed.keys;
    if (!keys.keylogText && !keys.nodeKeys) {
      setError('Paste a key log or node keys, or load them from files.');
      return;
    }
    setBusy(true);
    setError(await onLoad(keys));
    setBusy(false);
  };

  return (
    <div
      className="modal keys-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="keys-title"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <h2 id="keys-title">Load keys</h2>
      <p className="muted">
        Encrypted transports decode with the keys you supply, as Wireshark decodes TLS: an RLPx key log (lines{' '}
        <code>RLPX …</code>) or discv5 node private keys (32 bytes of hex, one per line). The capture is decoded again.
      </p>
      <label className="field-label-block" htmlFor="keylog-text">
        Key log {keylogName && <span className="muted">({keylogName})</span>}
        <FileTextButton
          label="Load key log file…"
          onText={(name, text) => {
            setKeylog(text);
            setKeylogName(name);
          }}
        />
      </label>
      <textarea
        id="keylog-text"
        ref={first}
        className="mono"
        rows={5}
        wrap="off"
        spellCheck={false}
        placeholder="RLPX <auth-ecies-pubkey> <aes-secret> <mac-secret> <initiator-nonce> <recipient-nonce>"
        value={keylog}
        onChange={(e) => setKeylog(e.target.value)}
      />
      <label className="field-label-block" htmlFor="node-keys-text">
        Node private keys
        <FileTextButton label="Load node key file…" onText={(_name, text) => setNodeKeys((k) => `${k}${text}\n`)} />
      </label>
      <textarea
        id="node-keys-text"
        className="mono"
        rows={3}
        wrap="off"
        spellCheck={false}
        placeholder="0x… (64 hex digits), one per line"
        value={nodeKeys}
        onChange={(e) => setNodeKeys(e.target.value)}
      />
      {error && (
        <p className="sev-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-buttons">
        <button onClick={onClose}>Cancel</button>
        <button className="primary" disabled={busy || !hasCapture} onClick={() => void submit()}>
          {busy ? 'Decoding…' : 'Load and decode'}
        </button>
      </div>
    </div>
  );
}

function FileTextButton({ label, onText }: { label: string; onText(name: string, text: string): void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="small" onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (file) onText(file.name, await file.text());
          e.target.value = '';
        }}
      />
    </>
  );
}
