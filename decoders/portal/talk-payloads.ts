import { concatBytes } from '../core/bytes';
import { EncodeError, isJsonObject, type JsonObject } from '../core/json';
import { UTP_PROTOCOL_ID } from '../utp';
import { encodeUtpPacket } from '../utp/packet-encoder';
import { ST_DATA, ST_FIN, ST_STATE, ST_SYN } from '../utp/packet-format';
import { writeLeb128 } from './leb128';
import { encodePortalMessage } from './message-encoder';
import { EMPTY_RESPONSE, portalMessage, UNKNOWN_RESPONSE } from './messages';
import { mainnetIdOf, type NetworkKind } from './networks';

/**
 * Building TALKREQ/TALKRESP payloads from composer JSON, for senders and sample writers (the discv5 side wraps
 * them in packets): which carrier a message rides in, its protocol bytes, its payload.
 */
export interface TalkPayloadSpec {
  kind: 'request' | 'response';
  /** TALKREQ protocol bytes (a response carries none, but answers a request with these). */
  protocolId: Uint8Array;
  payload: Uint8Array;
}

/**
 * One Portal message: `{message, fields, network?}` where `network` is a protocol id (`0x500b`) or a network name
 * (`history`, `legacy-history`, `state`, `beacon`, …; default `legacy-history`, 0x500B). Requests ride in TALKREQ,
 * responses in TALKRESP.
 */
export function portalTalkPayload(json: JsonObject): TalkPayloadSpec {
  const spec = portalMessage(String(json.message));
  const response = json.message === EMPTY_RESPONSE || json.message === UNKNOWN_RESPONSE || spec?.role === 'response';
  const fields = isJsonObject(json.fields) ? json.fields : {};
  const network = json.network ?? fields.network ?? 'legacy-history';
  return {
    kind: response ? 'response' : 'request',
    protocolId: protocolIdOf(network),
    payload: encodePortalMessage(json),
  };
}

/** One uTP packet (composer JSON of the `utp` protocol): always a TALKREQ with protocol `utp`. */
export function utpTalkPayload(json: JsonObject): TalkPayloadSpec {
  const fields = isJsonObject(json.fields) ? json.fields : {};
  const message = typeof json.message === 'string' ? json.message : undefined;
  return { kind: 'request', protocolId: UTP_PROTOCOL_ID, payload: encodeUtpPacket(message, fields) };
}

function protocolIdOf(network: unknown): Uint8Array {
  let id: number | undefined;
  if (typeof network === 'string' && /^0x[0-9a-fA-F]{4}$/.test(network)) id = parseInt(network, 16);
  else if (typeof network === 'string') id = mainnetIdOf(network as NetworkKind);
  if (id === undefined) throw new EncodeError('network', `not a Portal network: ${JSON.stringify(network)}`);
  return Uint8Array.of(id >> 8, id & 0xff);
}

/** One uTP packet of a transfer: who sends it and the TALKREQ payload. */
export interface UtpTransferPacket {
  /** The side that opened the connection (the FindContent or Offer sender), or the other. */
  from: 'initiator' | 'acceptor';
  payload: Uint8Array;
}

export interface UtpTransferOptions {
  /** The connection id the Content or Accept announced. */
  connectionId: number;
  /** The data: for FindContent the acceptor sends it, for Offer the initiator. */
  data: Uint8Array;
  dataFrom: 'initiator' | 'acceptor';
  /** Payload bytes per ST_DATA (default 1000, under the discv5 packet limit). */
  chunk?: number;
  initiatorSeq?: number;
  acceptorSeq?: number;
}

/**
 * The packets of one uTP transfer as Portal clients exchange them (utp/discv5-utp.md "Example Usage"): SYN, the
 * SYN-ACK, the data in order (each acknowledged), the sender's FIN and its acknowledgement. Sequence numbers follow
 * libutp: the initiator's data after its SYN's seq_nr, the acceptor's from its SYN-ACK's.
 */
export function utpTransferPackets(options: UtpTransferOptions): UtpTransferPacket[] {
  const cid = options.connectionId & 0xffff;
  const chunk = options.chunk ?? 1000;
  let seq = { initiator: options.initiatorSeq ?? 1, acceptor: options.acceptorSeq ?? 30000 };
  let ack = { initiator: 0, acceptor: 0 };
  const out: UtpTransferPacket[] = [];
  const send = (
    from: 'initiator' | 'acceptor',
    type: number,
    payload: Uint8Array = new Uint8Array(0),
    advance = false,
  ): void => {
    const connection_id = from === 'acceptor' || type === ST_SYN ? cid : (cid + 1) & 0xffff;
    const fields: JsonObject = {
      type,
      connection_id,
      seq_nr: seq[from] & 0xffff,
      ack_nr: ack[from] & 0xffff,
      wnd_size: 1048576,
      payload: `0x${[...payload].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
    };
    out.push({ from, payload: encodeUtpPacket(undefined, fields) });
    const to = from === 'initiator' ? 'acceptor' : 'initiator';
    ack = { ...ack, [to]: seq[from] };
    if (advance) seq = { ...seq, [from]: seq[from] + 1 };
  };
  send('initiator', ST_SYN, undefined, true);
  // The SYN-ACK does not take a sequence number: the acceptor's first data packet reuses it (libutp).
  send('acceptor', ST_STATE);
  ack = { ...ack, initiator: ack.initiator - 1 };
  const receiver = options.dataFrom === 'initiator' ? 'acceptor' : 'initiator';
  for (let at = 0; at < options.data.length; at += chunk) {
    send(options.dataFrom, ST_DATA, options.data.subarray(at, at + chunk), true);
    send(receiver, ST_STATE);
  }
  send(options.dataFrom, ST_FIN, undefined, true);
  send(receiver, ST_STATE);
  return out;
}

/** Portal's framing of one content item on a stream (protocol v1 on, and every Offer item since 2022-07). */
export function lengthPrefixed(content: Uint8Array): Uint8Array {
  return concatBytes([writeLeb128(content.length), content]);
}
