import { toHex } from '../../core/bytes';
import { brokenField, PartialDecodeError } from '../../core/codec';
import type { MessageDeclaration } from '../../core/declaration';
import { addNote, type Field } from '../../core/field';
import { ByteReader, DecodeError } from '../../core/reader';

/**
 * Reading one capability message payload (the RLP after the message code) as one of the messages its code may be.
 * Several candidates arise where one code has had several shapes (ress's README lists vs reth's wire form); the
 * first candidate that reads completely wins, otherwise the one that got furthest keeps its partial tree and the
 * error note at the byte where it broke. Never throws.
 */

export interface Candidate {
  declaration: MessageDeclaration;
  /** Reads the payload as this message; defaults to the declaration's body codec. */
  decode?: (r: ByteReader, name: string) => Field;
}

export interface PayloadReading {
  declaration: MessageDeclaration;
  /** The message's fields: a struct whose children are the top-level fields. */
  tree: Field;
  complete: boolean;
  /** Candidates that also read the payload completely (an ambiguity the caller may report). */
  alsoComplete: MessageDeclaration[];
}

interface Attempt {
  candidate: Candidate;
  tree: Field;
  complete: boolean;
  /** Where reading broke, or the end when it did not. */
  reached: number;
  trailing: boolean;
}

export function readPayload(
  candidates: readonly Candidate[],
  bytes: Uint8Array,
  start: number,
  end: number,
  rootName: string,
): PayloadReading {
  const attempts: Attempt[] = [];
  for (const candidate of candidates) {
    attempts.push(attemptRead(candidate, bytes, start, end, rootName));
  }
  const clean = attempts.filter((a) => a.complete && !a.trailing);
  const best =
    clean[0] ?? attempts.find((a) => a.complete) ?? attempts.reduce((a, b) => (b.reached > a.reached ? b : a));
  return {
    declaration: best.candidate.declaration,
    tree: best.tree,
    complete: best.complete,
    alsoComplete: clean.filter((a) => a !== best).map((a) => a.candidate.declaration),
  };
}

function attemptRead(candidate: Candidate, bytes: Uint8Array, start: number, end: number, rootName: string): Attempt {
  const r = new ByteReader(bytes, start, end);
  const decode =
    candidate.decode ?? ((reader: ByteReader, name: string) => candidate.declaration.body.decode(reader, name));
  let tree: Field;
  try {
    tree = decode(r, rootName);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    tree = asRoot(e instanceof PartialDecodeError ? e.partial : brokenField(rootName, e, end), rootName, start, end);
    return { candidate, tree, complete: false, reached: e.offset, trailing: false };
  }
  tree = asRoot(tree, rootName, start, r.pos);
  const trailing = r.pos < end;
  if (trailing) {
    const rest: Field = {
      name: 'trailing',
      shape: 'leaf',
      value: toHex(bytes, r.pos, end),
      start: r.pos,
      end,
      encoding: true,
    };
    addNote(rest, 'warning', 'decode.trailing', `${end - r.pos} bytes after the message`);
    tree.children!.push(rest);
    tree.end = end;
  }
  return { candidate, tree, complete: true, reached: end, trailing };
}

/** The message's root is always a struct (its `fields` are an object). */
function asRoot(field: Field, name: string, start: number, end: number): Field {
  if (field.shape === 'struct') {
    field.name = name;
    return field;
  }
  return { name, shape: 'struct', start, end: Math.max(end, field.end ?? end), children: [field] };
}
