import { toHex } from '../core/bytes';
import { addNote, encodingLeaf, generatedLeaf, leaf, struct, type Field } from '../core/field';
import { MessageBody, BODY_DECODERS } from './message-bodies';
import {
  PORTAL_PROTOCOL,
  type DecodedPortalMessage,
  type PortalDecodeContext,
  type VersionEvidence,
} from './message-context';
import { messageReadings } from './message-reading';
import { EMPTY_RESPONSE, UNKNOWN_REQUEST, UNKNOWN_RESPONSE, wireSelector } from './messages';
import { describeNetwork, networkIdHex } from './networks';
import { PORTAL_NOTES } from './note-kinds';
import { CURRENT_VERSION } from './protocol-version';
import { chooseVersion, versionField } from './version-choice';

export {
  PORTAL_PROTOCOL,
  type DecodedPortalMessage,
  type PortalDecodeContext,
  type RequestSummary,
} from './message-context';

/**
 * Decodes one Portal message (`selector ‖ SSZ(container)`, the payload of a TALKREQ or TALKRESP). Never throws:
 * malformed bytes yield what could be read and an error note where it broke.
 */
export function decodePortalMessage(bytes: Uint8Array, context: PortalDecodeContext = {}): DecodedPortalMessage {
  if (bytes.length === 0) return emptyPayload(context);
  const reading = messageReadings(bytes, context.kind, context.version)[0];
  if (!reading) return unknownPayload(bytes, context);
  const { spec, era } = reading;
  const root = struct(spec.name, 0, [], bytes.length);
  const seedText = era === 'seed' ? ', seed numbering' : '';
  root.children!.push(
    encodingLeaf('selector', bytes[0]!, 0, 1, `${spec.name} (${hex(wireSelector(spec, era))}${seedText})`),
  );
  const result: DecodedPortalMessage = {
    decoded: {
      protocol: PORTAL_PROTOCOL,
      message: spec.name,
      code: spec.selector,
      requestId: context.requestId ?? null,
      tree: root,
      bytes,
    },
    reading,
    version: { version: CURRENT_VERSION, source: 'assumed', reason: '' },
    keys: [],
    connectionId: null,
    accepted: null,
    nodesTotal: null,
  };
  const evidence: VersionEvidence = {};
  const body = new MessageBody(bytes, root, context, reading);
  BODY_DECODERS[spec.name](body, result, evidence);
  result.version = chooseVersion(reading, context, evidence, root);
  const generated: Field[] = [versionField(result.version)];
  if (context.network) {
    generated.push(generatedLeaf('network', networkIdHex(context.network.id), describeNetwork(context.network)));
  }
  root.children!.splice(1, 0, ...generated);
  if (!reading.carrierFits) {
    const carrier = context.kind === 'request' ? 'TALKREQ' : 'TALKRESP';
    addNote(root, 'error', PORTAL_NOTES.wrongCarrier, `${spec.name} is a ${spec.role}, but came in a ${carrier}`);
  }
  return result;
}

function emptyPayload(context: PortalDecodeContext): DecodedPortalMessage {
  const isRequest = context.kind === 'request';
  const name = isRequest ? UNKNOWN_REQUEST : EMPTY_RESPONSE;
  const root = struct(name, 0, [], 0);
  if (isRequest)
    addNote(root, 'error', PORTAL_NOTES.unknownMessage, 'a TALKREQ with an empty payload is no Portal message');
  else root.display = 'empty TALKRESP: the peer does not support the request';
  return bare(root, new Uint8Array(0), context);
}

function unknownPayload(bytes: Uint8Array, context: PortalDecodeContext): DecodedPortalMessage {
  const name = context.kind === 'response' ? UNKNOWN_RESPONSE : UNKNOWN_REQUEST;
  const root = struct(
    name,
    0,
    [
      leaf('selector', bytes[0]!, 0, 1, 'no Portal message has this selector'),
      leaf('payload', toHex(bytes, 1), 1, bytes.length),
    ],
    bytes.length,
  );
  addNote(
    root,
    'error',
    PORTAL_NOTES.unknownMessage,
    `selector ${hex(bytes[0]!)} is no Portal message (0x00–0x07; 0x01–0x08 in the seed)`,
  );
  return bare(root, bytes, context);
}

function bare(root: Field, bytes: Uint8Array, context: PortalDecodeContext): DecodedPortalMessage {
  return {
    decoded: {
      protocol: PORTAL_PROTOCOL,
      message: root.name,
      code: null,
      requestId: context.requestId ?? null,
      tree: root,
      bytes,
    },
    reading: null,
    version: context.version ?? { version: CURRENT_VERSION, source: 'assumed', reason: 'no Portal message' },
    keys: [],
    connectionId: null,
    accepted: null,
    nodesTotal: null,
  };
}

function hex(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}
