import type { AesProvider } from '../core/aes';
import { bytesEqual, toHex } from '../core/bytes';
import { readEnrRecord, type SignatureCheck } from '../enr';
import { readAuthdata, type Authdata } from './authdata';
import type { CaptureKnowledge } from './capture-knowledge';
import type { UnmaskedPacket } from './masking';
import { DISCV5_NOTES } from './note-kinds';
import { AUTHDATA_START, FLAG, HEADER_START } from './packet-layout';
import { decryptPacket, noteOn, nodeText, type ReadPacket } from './read-packet';
import { recipientSessionKeys, verifyIdSignature, type SessionKeys } from './session-keys';
import { sendingKey, type Challenge, type Session } from './sessions';

/**
 * Opening a message packet: an ordinary message with a session of its node pair; a handshake with the session it
 * establishes (discv5-theory.md "Handshake Steps"), derived from the recipient's node key and the challenge-data
 * of the WHOAREYOU it answers, or taken from a key log. What cannot be opened gets a note naming what is missing.
 */

export interface OpeningContext {
  knowledge: CaptureKnowledge;
  aes: AesProvider;
  /** The flow the packet travels in: its own challenges are tried first. */
  flow: object;
}

/** A decrypted message and the session whose keys opened it. */
export interface Opened {
  plaintext: Uint8Array;
  session: Session;
}

type HandshakeAuthdata = Extract<Authdata, { flag: typeof FLAG.handshake }>;

/** Challenges tried per handshake: a node answers the latest WHOAREYOU, so older ones are fallbacks. */
const CHALLENGES_TRIED = 8;

export function openOrdinary(ctx: OpeningContext, packet: ReadPacket, srcId: Uint8Array): Opened | null {
  const destId = packet.unmasked.destId;
  const sessions = ctx.knowledge.sessions.between(srcId, destId);
  for (const session of sessions) {
    const key = sendingKey(session, srcId);
    const plaintext = key && decryptPacket(ctx.aes, packet, key);
    if (plaintext) return { plaintext, session };
  }
  const [latest] = sessions;
  const pair = `${nodeText(srcId)} and ${nodeText(destId)}`;
  if (latest && !latest.keys) {
    noteOn(packet, 'warning', DISCV5_NOTES.keyMissing, latest.origin);
  } else if (latest) {
    // discv5-theory.md: a node that lost its session sends random bytes on purpose, to be challenged again.
    noteOn(
      packet,
      'warning',
      DISCV5_NOTES.decryptFailed,
      `the keys of the session between ${pair} (${latest.origin}) do not authenticate this message: the sender lost the session (random bytes that ask for a WHOAREYOU, as after a restart), a newer handshake outside the capture, or damaged bytes`,
    );
  } else {
    noteOn(
      packet,
      'warning',
      DISCV5_NOTES.sessionUnknown,
      `no session between ${pair} is known: a packet before their handshake (often random bytes that ask for a WHOAREYOU), or a session whose handshake is not in the capture (a DISCV5 key-log line opens it)`,
    );
  }
  return null;
}

export function openHandshake(ctx: OpeningContext, packet: ReadPacket, authdata: HandshakeAuthdata): Opened | null {
  const initiator = authdata.srcId;
  const recipient = packet.unmasked.destId;
  const nodes = ctx.knowledge.nodes;
  learnHandshakeRecord(ctx, packet, authdata);
  if (authdata.idSignature.length !== 64 || authdata.ephemeralKey.length !== 33) {
    const text = `sig-size ${authdata.idSignature.length} and eph-key-size ${authdata.ephemeralKey.length}; identity scheme v4 uses 64 and 33`;
    noteOn(packet, 'warning', DISCV5_NOTES.keySizes, text);
  }
  const token = toHex(authdata.ephemeralKey);
  const initiatorKey = nodes.node(initiator)?.publicKey;
  const recipientKey = nodes.node(recipient)?.nodeKey;
  const known = knownSession(ctx, packet, initiator, recipient, token);
  const challenges = ctx.knowledge.sessions.challengesFor(initiator, ctx.flow).slice(0, CHALLENGES_TRIED);

  let chosen: { challenge: Challenge; signature: SignatureCheck | null } | null = null;
  let keys: SessionKeys | null = known?.session.keys ?? null;
  let plaintext: Uint8Array | null = known?.plaintext ?? null;
  for (const challenge of challenges) {
    const signature = initiatorKey
      ? verifyIdSignature(authdata.idSignature, challenge.challengeData, authdata.ephemeralKey, recipient, initiatorKey)
      : null;
    if (recipientKey && !plaintext) {
      const derived = recipientSessionKeys(
        recipientKey.privateKey,
        authdata.ephemeralKey,
        challenge.challengeData,
        initiator,
        recipient,
      );
      const opened = derived && decryptPacket(ctx.aes, packet, derived.initiatorKey);
      if (opened) {
        keys = derived;
        plaintext = opened;
        chosen = { challenge, signature };
        break;
      }
    } else if (signature !== 'invalid' || !chosen) {
      // Without the recipient's key (or with logged keys), the signature tells which challenge was answered.
      chosen = { challenge, signature };
      if (signature === 'valid' || signature === null) break;
    }
  }
  noteSignature(packet, chosen, initiatorKey);
  if (chosen) packet.generated.push({ name: 'challenge-frame', value: chosen.challenge.frame });

  const frame = packet.at.frame;
  const session: Session = keys
    ? {
        initiatorId: initiator,
        recipientId: recipient,
        keys,
        origin: known
          ? known.session.origin
          : `handshake in frame ${frame}, with the node key of ${nodeText(recipient)}`,
        token,
        frame,
      }
    : keylessSession(initiator, recipient, token, frame);
  if (!known) ctx.knowledge.sessions.addSession(session);
  if (plaintext) return { plaintext, session };

  if (keys) {
    noteOn(
      packet,
      'error',
      DISCV5_NOTES.decryptFailed,
      `the keys of ${session.origin} do not authenticate this message`,
    );
  } else if (!recipientKey) {
    noteOn(packet, 'warning', DISCV5_NOTES.keyMissing, session.origin);
  } else if (challenges.length === 0) {
    noteOn(
      packet,
      'warning',
      DISCV5_NOTES.challengeMissing,
      'the WHOAREYOU this handshake answers is not in the capture: its challenge-data is part of the keys (a DISCV5 key-log line opens the session)',
    );
  } else {
    noteOn(
      packet,
      'error',
      DISCV5_NOTES.decryptFailed,
      `none of the ${challenges.length} WHOAREYOU challenges sent to ${nodeText(initiator)} yields keys that authenticate this message`,
    );
  }
  return null;
}

/**
 * A session already known for this handshake: a key-log line naming its ephemeral key, else any keyed session
 * of the pair that the initiator opened and whose key authenticates the message (a line with another token).
 */
function knownSession(
  ctx: OpeningContext,
  packet: ReadPacket,
  initiator: Uint8Array,
  recipient: Uint8Array,
  token: string,
): Opened | null {
  const sessions = ctx.knowledge.sessions;
  const byToken = sessions.byToken(initiator, recipient, token);
  const candidates = [
    ...(byToken ? [byToken] : []),
    ...sessions
      .between(initiator, recipient)
      .filter((s) => s !== byToken && s.keys && bytesEqual(s.initiatorId, initiator)),
  ];
  for (const session of candidates) {
    const plaintext = decryptPacket(ctx.aes, packet, session.keys!.initiatorKey);
    if (plaintext) return { plaintext, session };
  }
  return null;
}

/** The initiator's ENR in the handshake: its key checks the id-signature; it must be the src-id's own. */
function learnHandshakeRecord(ctx: OpeningContext, packet: ReadPacket, authdata: HandshakeAuthdata): void {
  if (!authdata.record) return;
  const record = readEnrRecord(packet.unmasked.packet, authdata.record.start, authdata.record.end);
  const node = ctx.knowledge.nodes.learnRecord(record);
  if (node && !bytesEqual(node.id, authdata.srcId)) {
    const text = `the record is of node ${nodeText(node.id)}, not of the src-id ${nodeText(authdata.srcId)}`;
    noteOn(packet, 'error', DISCV5_NOTES.recordMismatch, text);
  }
}

function noteSignature(
  packet: ReadPacket,
  chosen: { challenge: Challenge; signature: SignatureCheck | null } | null,
  initiatorKey: Uint8Array | undefined,
): void {
  if (!initiatorKey) {
    noteOn(
      packet,
      'info',
      DISCV5_NOTES.idSignatureUnchecked,
      'no public key of the initiator is known (no ENR of it in the packet or before): id-signature not checked',
    );
    return;
  }
  if (!chosen || chosen.signature === null) return;
  packet.generated.push({ name: 'id-signature-valid', value: chosen.signature === 'valid' });
  if (chosen.signature === 'invalid') {
    noteOn(packet, 'error', DISCV5_NOTES.idSignature, 'the id-signature does not verify with the initiator’s key');
  } else if (chosen.signature === 'high-s') {
    const text = 'the id-signature verifies only with a high S value, which geth rejects';
    noteOn(packet, 'warning', DISCV5_NOTES.idSignature, text);
  }
}

/** A handshake seen whose keys are not known: its origin text names the key that would open it. */
function keylessSession(initiator: Uint8Array, recipient: Uint8Array, token: string, frame: number): Session {
  return {
    initiatorId: initiator,
    recipientId: recipient,
    keys: null,
    origin: `needs the node key of ${nodeText(recipient)}, the recipient of the handshake in frame ${frame} between ${nodeText(initiator)} and ${nodeText(recipient)} (or a DISCV5 key-log line for it)`,
    token,
    frame,
  };
}

/**
 * What a packet unmasked late tells (see Discv5Flow.learnNode): a WHOAREYOU its challenge, a handshake that its
 * session needs the recipient's key. Nothing is emitted: the packet was shown already.
 */
export function recallFacts(ctx: OpeningContext, unmasked: UnmaskedPacket, frame: number): void {
  const flag = unmasked.packet[HEADER_START + 8]!;
  const authdata = readAuthdata(flag, unmasked.packet, AUTHDATA_START, unmasked.headerEnd);
  if (typeof authdata === 'string') return;
  if (authdata.flag === FLAG.whoareyou) {
    const challengeData = unmasked.packet.slice(0, unmasked.headerEnd);
    ctx.knowledge.sessions.addChallenge({ initiatorId: unmasked.destId, challengeData, frame, flow: ctx.flow });
  } else if (authdata.flag === FLAG.handshake) {
    ctx.knowledge.nodes.learnId(authdata.srcId);
    const sessions = ctx.knowledge.sessions;
    const token = toHex(authdata.ephemeralKey);
    if (sessions.between(authdata.srcId, unmasked.destId).some((s) => s.token === token)) return;
    sessions.addSession(keylessSession(authdata.srcId, unmasked.destId, token, frame));
  }
}
