import { RLP } from '@ethereumjs/rlp';
import { expect } from 'vitest';
import { concatBytes, toHex } from '../../../decoders/core/bytes';
import type { MessageCodec } from '../../../decoders/core/dissector';
import { collectNotes, fieldsJson } from '../../../decoders/core/field';
import type { JsonObject } from '../../../decoders/core/json';
import type { DecodedMessage } from '../../../decoders/core/message';
import type { Note } from '../../../decoders/core/notes';
import { coverageProblems } from '../../support/field-coverage';

/** One message case: the payload built independently, what it must decode to. */
export interface MessageCase {
  name: string;
  code: number;
  payload: Uint8Array;
  message: string;
  requestId?: string | null;
  /** A subset of the decoded `fields` JSON. */
  fields?: Record<string, unknown>;
  /** Note kinds the message must carry (default: none at all). */
  notes?: string[];
}

/**
 * The one harness every declared message goes through: `rlp(code) ‖ payload` decodes to the expected message and
 * fields, every byte belongs to exactly one leaf, and the decoded JSON encodes back to the same bytes.
 */
export function checkMessageCase(codec: MessageCodec, c: MessageCase): { decoded: DecodedMessage; notes: Note[] } {
  const bytes = concatBytes([RLP.encode(c.code), c.payload]);
  const decoded = codec.decodeMessage(bytes);
  const notes = collectNotes(decoded.tree);
  expect(decoded.message).toBe(c.message);
  expect(decoded.code).toBe(c.code);
  if (c.requestId !== undefined) expect(decoded.requestId).toBe(c.requestId);
  expect(notes.map((n) => n.kind).sort()).toEqual([...(c.notes ?? [])].sort());
  expect(coverageProblems(decoded.tree, bytes.length)).toEqual([]);
  const fields = fieldsJson(decoded.tree);
  if (c.fields) expect(fields).toMatchObject(c.fields);
  const json: JsonObject = { message: decoded.message, fields };
  expect(toHex(codec.encodeMessage(json))).toBe(toHex(bytes));
  // The JSON survives a trip through text (what the CLI and the composer exchange).
  expect(toHex(codec.encodeMessage(JSON.parse(JSON.stringify(json)) as JsonObject))).toBe(toHex(bytes));
  return { decoded, notes };
}
