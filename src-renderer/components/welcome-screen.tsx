import type { RecentFile, SampleInfo } from '../../src-main/api/peerscope-api';
import { formatBytes } from '../model/quantity-format';
import { useStore } from '../state/store';
import { useEngineQuery } from './use-engine-query';
import { useWorkbench } from './workbench-context';
import { baseName } from '../model/file-name';

/** The first screen: bundled samples and recent files, one click to open; Open… and drag and drop. */
export function WelcomeScreen() {
  const { api, capture, chooseFiles } = useWorkbench();
  const samples = useEngineQuery(() => api.listSamples(), [api]);
  const recent = useEngineQuery(() => api.recentFiles(), [api]);
  const opening = useStore(capture, (s) => s.opening);
  const error = useStore(capture, (s) => s.error);

  return (
    <main className="welcome">
      <header className="welcome-header">
        <h1>Peerscope</h1>
        <p className="muted">
          Packet inspector and protocol debugger for Ethereum peer-to-peer protocols: Hobbits, eth2 RPC, RLPx (p2p, LES,
          ress, eth, snap), discv5 and Portal.
        </p>
        <div className="welcome-actions">
          <button className="primary" onClick={() => chooseFiles()}>
            Open capture…
          </button>
          <span className="muted">or drop a pcap/pcapng file (and its key files) anywhere in this window</span>
        </div>
        {opening && <p role="status">Opening {opening}…</p>}
        {error && (
          <p className="sev-error" role="alert">
            {error}
          </p>
        )}
      </header>
      <section className="welcome-section" aria-labelledby="samples-title">
        <h2 id="samples-title">Samples</h2>
        {samples.error && <p className="sev-error">{samples.error}</p>}
        <ul className="welcome-list">
          {samples.data?.map((sample) => (
            <SampleItem key={sample.name} sample={sample} />
          ))}
        </ul>
      </section>
      <section className="welcome-section" aria-labelledby="recent-title">
        <h2 id="recent-title">Recent files</h2>
        {recent.data?.length === 0 && <p className="muted">Nothing opened yet.</p>}
        <ul className="welcome-list">
          {recent.data?.map((file) => (
            <RecentItem key={file.path} file={file} />
          ))}
        </ul>
      </section>
    </main>
  );
}

function SampleItem({ sample }: { sample: SampleInfo }) {
  const { captureActions } = useWorkbench();
  return (
    <li>
      <button
        className="welcome-item"
        data-sample={sample.name}
        onClick={() => void captureActions.open({ kind: 'sample', name: sample.name }, sample.title)}
      >
        <span className="welcome-item-title">{sample.title}</span>
        <span className="welcome-item-meta muted">
          {baseName(sample.file)} · {formatBytes(sample.size)}
          {sample.keyFiles.length > 0 && ` · with ${sample.keyFiles.map(baseName).join(', ')}`}
        </span>
        <span className="welcome-item-description">{sample.description}</span>
      </button>
    </li>
  );
}

function RecentItem({ file }: { file: RecentFile }) {
  const { captureActions } = useWorkbench();
  return (
    <li>
      <button
        className="welcome-item"
        onClick={() => void captureActions.open({ kind: 'path', path: file.path }, file.name)}
      >
        <span className="welcome-item-title">{file.name}</span>
        <span className="welcome-item-meta muted">
          {file.path} · {new Date(file.openedAt).toLocaleString()}
        </span>
      </button>
    </li>
  );
}
