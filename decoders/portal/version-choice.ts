import { addNote, generatedLeaf, type Field } from '../core/field';
import { versionOfForm } from './accept-keys';
import type { PortalDecodeContext, VersionEvidence } from './message-context';
import type { MessageReading } from './message-reading';
import { PORTAL_NOTES } from './note-kinds';
import { CURRENT_VERSION, type PortalVersion, type VersionChoice } from './protocol-version';

/**
 * The version shown beside the message: the seed numbering when the selectors say so; else what the ENRs or the
 * caller state; else what the message shows (a layout that predates a version, the Accept list's shape); else what
 * the flow showed before; else the current version, assumed.
 */
export function chooseVersion(
  reading: MessageReading,
  context: PortalDecodeContext,
  evidence: VersionEvidence,
  root: Field,
): VersionChoice {
  if (reading.era === 'seed') {
    return {
      version: 'seed',
      source: 'message',
      reason: 'union selectors from 0x01: the seed’s numbering (until 2021-11-16)',
    };
  }
  const known =
    context.version && (context.version.source === 'enr' || context.version.source === 'given')
      ? context.version
      : null;
  const shown = versionShown(evidence);
  if (known) {
    if (shown && shown.version === 'v0' && known.version !== 'v0' && known.version !== 'seed') {
      addNote(root, 'warning', PORTAL_NOTES.versionConflict, `${shown.reason}, but the ENRs say ${known.version}`);
    }
    return known;
  }
  if (shown) return shown;
  // A message in the current numbering is past the seed, whatever came before it on the flow.
  if (context.version && context.version.source === 'flow' && context.version.version !== 'seed')
    return context.version;
  return {
    version: CURRENT_VERSION,
    source: 'assumed',
    reason: 'nothing in the message or flow tells: the current version is assumed',
  };
}

function versionShown(evidence: VersionEvidence): VersionChoice | null {
  if (evidence.pingLayout === 'custom_payload') {
    return { version: 'v0', source: 'message', reason: 'Ping with custom_payload: the layout before 2025-01 (v0)' };
  }
  if (evidence.accept?.evidence && !evidence.accept.ambiguous) {
    const version = versionOfForm(evidence.accept.form);
    const reason = `${evidence.accept.evidence}${version === 'v1' ? '; v1 or later' : ''}`;
    return { version, source: 'message', reason };
  }
  return null;
}

export function versionField(choice: VersionChoice): Field {
  return {
    name: 'protocol_version',
    shape: 'struct',
    generated: true,
    display: `${choice.version} (${choice.source}: ${choice.reason})`,
    children: [generatedLeaf('version', choice.version), generatedLeaf('chosen_by', choice.source, choice.reason)],
  };
}

/** The month a version points at, for content keys of several eras (v0 spans 2021-11 to 2025-03: no month). */
export function monthOfVersion(reading: MessageReading, version: VersionChoice | undefined): string | undefined {
  if (reading.era === 'seed') return '2021-11';
  if (!version || version.source === 'assumed') return undefined;
  const months: Partial<Record<PortalVersion, string>> = { v1: '2025-03', v2: '2025-07' };
  return months[version.version];
}
