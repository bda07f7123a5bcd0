import { lazy, Suspense } from 'react';
import { useComposer, type Composer } from '../composer/use-composer';
import { copyText } from './clipboard';
import { SeverityIcon } from './severity-icon';

const MonacoJsonEditor = lazy(() => import('../composer/monaco-json-editor'));

/** The composer: pick a protocol and message, edit its JSON (schema-checked), encode to hex or decode hex back. */
export function ComposerPane() {
  const composer = useComposer();
  return (
    <div className="composer">
      <ComposerControls composer={composer} />
      <div className="composer-body">
        <Suspense fallback={<div className="panel-message muted">Loading the editor…</div>}>
          <MonacoJsonEditor
            value={composer.text}
            schema={composer.schema}
            problem={composer.problem}
            onChange={composer.editText}
          />
        </Suspense>
        <HexSide composer={composer} />
      </div>
    </div>
  );
}

function ComposerControls({ composer }: { composer: Composer }) {
  const { protocols, protocol, messageName, outcome, hex, startMessage } = composer;
  return (
    <div className="composer-controls">
      <label>
        Protocol
        <select
          aria-label="Protocol"
          value={protocol?.name ?? ''}
          onChange={(e) => {
            const next = protocols.find((p) => p.name === e.target.value);
            if (next) startMessage(next, next.messages[0]?.name ?? '');
          }}
        >
          {protocols.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} — {p.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Message
        <select
          aria-label="Message"
          value={messageName}
          onChange={(e) => protocol && startMessage(protocol, e.target.value)}
        >
          {protocol?.messages.map((m) => (
            <option key={m.name} value={m.name} title={m.summary}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <button onClick={() => protocol && startMessage(protocol, messageName)} title="Start again from a template">
        Template
      </button>
      <button className="primary" onClick={() => void composer.encode()}>
        Encode →
      </button>
      <button onClick={() => void composer.decode()} disabled={!hex.trim()}>
        ← Decode
      </button>
      {outcome && (
        <span className={outcome.tone === 'ok' ? 'composer-outcome ok' : 'composer-outcome sev-error'} role="status">
          {outcome.text}
        </span>
      )}
    </div>
  );
}

function HexSide({ composer }: { composer: Composer }) {
  const { hex, notes, setHex } = composer;
  return (
    <div className="composer-hex">
      <label htmlFor="composer-hex">
        Hex ({hex.replace(/\s+|^0x/g, '').length / 2 || 0} bytes)
        <button className="small" onClick={() => void copyText(hex)} disabled={!hex}>
          Copy
        </button>
      </label>
      <textarea
        id="composer-hex"
        className="mono"
        spellCheck={false}
        placeholder="Encoded bytes appear here; paste hex and Decode to read a message."
        value={hex}
        onChange={(e) => setHex(e.target.value)}
      />
      {notes.length > 0 && (
        <ul className="composer-notes">
          {notes.map((n, i) => (
            <li key={i}>
              <SeverityIcon severity={n.severity} /> {n.text} <span className="muted">[{n.kind}]</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
