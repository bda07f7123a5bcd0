import type { TalkHost } from '../discv5/talk';
import {
  describeEnrVersions,
  enrVersions,
  negotiatedVersion,
  versionOfNumber,
  type VersionChoice,
} from './protocol-version';

/**
 * The wire version of one discv5 flow. The peers' ENRs decide it when the discv5 side has seen both (the highest
 * version both announce; an ENR without `pv`/`p` supports v0 only). Otherwise what earlier messages of the flow
 * showed (seed numbering, a pre-2025 Ping, the Accept form) carries over to the messages that show nothing.
 */
export class FlowVersion {
  private shown: VersionChoice | null = null;
  /** What the ENRs gave, with the records it was read from: they change only when a newer ENR is seen. */
  private read: { enrs: [Enr, Enr]; choice: VersionChoice | undefined } | null = null;

  constructor(private readonly host: TalkHost) {}

  current(): VersionChoice | undefined {
    return this.fromEnrs() ?? this.shown ?? undefined;
  }

  /** Learns from a decoded message what it showed of the version. */
  observe(choice: VersionChoice): void {
    if (choice.source !== 'message') return;
    this.shown = { version: choice.version, source: 'flow', reason: `as earlier in this flow (${choice.reason})` };
  }

  /** The month the flow's traffic is from, as far as its version says (for content keys of several eras). */
  month(): string | undefined {
    const v = this.current();
    if (!v) return undefined;
    if (v.version === 'seed') return '2021-11';
    if (v.source !== 'enr') return undefined;
    return v.version === 'v2' ? '2025-07' : v.version === 'v1' ? '2025-03' : undefined;
  }

  private fromEnrs(): VersionChoice | undefined {
    const enrs: [Enr, Enr] = [this.host.enr(0), this.host.enr(1)];
    const read = this.read;
    if (read && read.enrs[0] === enrs[0] && read.enrs[1] === enrs[1]) return read.choice;
    this.read = { enrs, choice: versionOfEnrs(enrs) };
    return this.read.choice;
  }
}

type Enr = ReturnType<TalkHost['enr']>;

function versionOfEnrs(enrs: [Enr, Enr]): VersionChoice | undefined {
  const a = enrVersions(enrs[0]);
  const b = enrVersions(enrs[1]);
  if (a && b) {
    const common = negotiatedVersion(a, b);
    if (common === null) return undefined;
    const reason = `highest version both ENRs announce (${describeEnrVersions(a)}; ${describeEnrVersions(b)})`;
    return { version: versionOfNumber(common), source: 'enr', reason };
  }
  // One ENR without a version key: that node speaks v0 only, whatever the other announces.
  const only = a ?? b;
  if (only && only.key === 'none') {
    return { version: 'v0', source: 'enr', reason: 'one peer’s ENR has no pv/p key: v0 only' };
  }
  return undefined;
}
