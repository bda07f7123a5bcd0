import { rlpItem } from '../../codecs/rlp';
import { restBytes, type Codec } from '../../core/codec';
import type { MessageDeclaration } from '../../core/declaration';
import { addNote, type Field } from '../../core/field';
import { EncodeError, integerFromJson, isJsonObject } from '../../core/json';
import { DecodeError } from '../../core/reader';
import { readRlpHeader } from '../../codecs/rlp';

/**
 * A message whose code the capability does not define (or not at the negotiated version): its payload shown as
 * generic RLP, or as raw bytes when it is not even RLP. Its `code` is a field, so the JSON encodes back.
 */
export const UNKNOWN_MESSAGE = 'UnknownMessage';

const payloadBody: Codec = {
  typeName: 'UnknownPayload',
  decode(r, name) {
    const root: Field = { name, shape: 'struct', start: r.pos, end: r.end, children: [] };
    const at = r.pos;
    try {
      readRlpHeader(r.bytes, at, r.end);
      root.children!.push(rlpItem.decode(r, 'payload'));
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      r.pos = at;
      const raw = restBytes.decode(r, 'raw');
      addNote(raw, 'warning', 'devp2p.payload.not-rlp', `the payload is not RLP: ${e.message}`);
      root.children!.push(raw);
    }
    root.end = r.pos;
    return root;
  },
  encode(value, w, path, options) {
    if (!isJsonObject(value)) throw new EncodeError(path, 'expected {code, payload} or {code, raw}');
    if (value.raw !== undefined) restBytes.encode(value.raw, w, `${path}.raw`, options);
    else rlpItem.encode(value.payload ?? null, w, `${path}.payload`, options);
  },
  schema: () => ({
    type: 'object',
    properties: {
      code: { type: 'integer', minimum: 0, description: 'the capability-relative message code' },
      payload: rlpItem.schema(),
      raw: restBytes.schema(),
    },
    required: ['code'],
  }),
};

export function unknownMessage(spec: string): MessageDeclaration {
  return {
    name: UNKNOWN_MESSAGE,
    code: null,
    summary: 'A message code this capability does not define at the negotiated version: payload as generic RLP',
    spec,
    body: payloadBody,
  };
}

/** The code an UnknownMessage JSON names. */
export function unknownMessageCode(fields: Record<string, unknown>, path: string): number {
  const code = integerFromJson((fields.code ?? null) as never, `${path}.code`);
  if (code < 0n || code > BigInt(Number.MAX_SAFE_INTEGER)) throw new EncodeError(`${path}.code`, 'out of range');
  return Number(code);
}

export function noteUnknownCode(tree: Field, protocol: string, code: number, version: number | null): void {
  const at = version === null ? '' : ` at ${protocol}/${version}`;
  addNote(tree, 'warning', `${protocol}.message.unknown`, `message code 0x${code.toString(16)} is not defined${at}`);
}
