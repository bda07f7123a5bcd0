import type { ConnectionHost, Direction, StreamPosition } from '../core/dissector';
import { addNote } from '../core/field';
import { note } from '../core/notes';
import {
  capabilityLabel,
  capabilityLengths,
  capabilityOfCode,
  negotiateCapabilities,
  type AdvertisedCapability,
  type NegotiatedCapability,
} from './capabilities';
import type { Capability, CapabilityHost, CapabilitySession } from './capability';
import type { OpaqueReason } from './encrypted-message';
import {
  capabilityFields,
  DECRYPTED_FRAME,
  ENCRYPTED_FRAME,
  frameMessage,
  type OpenedFrame,
  type ResolvedPayload,
} from './frame-message';
import { RLPX_NOTES } from './note-kinds';

/** One capability message as the dissector found it in a frame. */
export interface CapabilityFrame {
  frame: OpenedFrame;
  /** Wire message id (≥ 0x10) and the length of its RLP encoding. */
  code: number;
  codeLength: number;
  payload: ResolvedPayload;
}

/**
 * Where capability messages go once both Hellos are known (rlpx.md §7): the negotiated id ranges, one session per
 * capability Peerscope decodes, and `Raw` messages with a note for the rest (no decoder, id outside every range, sent
 * before the Hellos, or a decoder that threw).
 */
export class CapabilityRouter {
  private negotiated: NegotiatedCapability[] | null = null;
  private readonly sessions = new Map<string, CapabilitySession>();

  constructor(
    private readonly host: ConnectionHost,
    private readonly capabilities: readonly Capability[],
    private readonly nodeId: (direction: Direction) => Uint8Array | undefined,
  ) {}

  get isNegotiated(): boolean {
    return this.negotiated !== null;
  }

  negotiate(a: readonly AdvertisedCapability[], b: readonly AdvertisedCapability[], initiator: Direction): void {
    if (this.negotiated) return;
    this.negotiated = negotiateCapabilities(a, b, capabilityLengths(this.capabilities));
    for (const n of this.negotiated) {
      const capability = this.capabilities.find((c) => c.capability === n.name);
      if (!capability || n.offset === null) continue;
      // Each capability looks up its own requests: they are paired under its protocol, not p2p's.
      const protocol = capability.declaration.name;
      const host: CapabilityHost = {
        emit: (d, m, at) => this.host.emit(d, m, at),
        pendingRequest: (d, id) => this.host.pendingRequest(d, id, protocol),
        streamNote: (d, note, at) => this.host.streamNote(d, note, at),
        cancelRequests: (d, ids) => this.host.cancelRequests(d, ids, protocol),
        keys: this.host.keys,
        nodeId: this.nodeId,
        initiator,
      };
      this.sessions.set(n.name, capability.open(host, n.version));
    }
  }

  route(direction: Direction, m: CapabilityFrame, at: StreamPosition): void {
    const raw = (severity: OpaqueReason['severity'], kind: string, text: string, label?: [string, number]) => {
      const message = frameMessage(m.frame, m.code, m.codeLength, m.payload, label ? capabilityFields(...label) : []);
      addNote(message.tree, severity, kind, text);
      this.host.emit(direction, message, at);
    };
    const id = `0x${m.code.toString(16)}`;
    if (!this.negotiated) {
      return raw(
        'warning',
        RLPX_NOTES.capabilityBeforeHello,
        `message id ${id} before both Hellos: its capability is unknown`,
      );
    }
    const owner = capabilityOfCode(this.negotiated, m.code);
    if (owner.kind === 'unassigned') return raw('warning', RLPX_NOTES.capabilityUnassigned, owner.reason);
    const label: [string, number] = [capabilityLabel(owner.capability), owner.code];
    const what = `${label[0]} message 0x${owner.code.toString(16)}`;
    const session = this.sessions.get(owner.capability.name);
    if (!session) {
      return raw(
        'info',
        RLPX_NOTES.capabilityNoDecoder,
        `${what}: Peerscope has no decoder for ${owner.capability.name}`,
        label,
      );
    }
    if (m.payload.notes.some((n) => n.severity === 'error')) {
      return raw('info', RLPX_NOTES.capabilityNoDecoder, `${what}: its data could not be decompressed`, label);
    }
    for (const n of m.payload.notes) this.host.streamNote(direction, note(n.severity, n.kind, n.text), at);
    const sources = [
      { name: ENCRYPTED_FRAME, bytes: m.frame.wire },
      { name: DECRYPTED_FRAME, bytes: m.frame.clear },
    ];
    try {
      session.message(direction, { code: owner.code, payload: m.payload.data, sources }, at);
    } catch (e) {
      // A capability decoder that throws is a bug in it: show the message raw rather than lose the connection.
      raw(
        'error',
        RLPX_NOTES.capabilityFailed,
        `the ${owner.capability.name} decoder failed on ${what}: ${(e as Error).message}`,
        label,
      );
    }
  }
}
