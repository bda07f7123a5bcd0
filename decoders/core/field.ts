import { toHex } from './bytes';
import type { JsonObject, JsonValue } from './json';
import type { Note, Severity } from './notes';

/**
 * One node of a decoded message: what Wireshark shows as a tree item.
 *
 * `shape` says how the node appears in the message's `fields` JSON: a leaf contributes its value, a struct an
 * object keyed by its children's names, a list an array of its children. Encoding details (length prefixes,
 * SSZ offsets, BSON type bytes) are children marked `encoding`: the hex pane highlights them, JSON leaves them out.
 */
export interface Field {
  /** The spec's spelling (`reqID`, `method_id`); list items are named by their index. */
  name: string;
  /** Display label when it differs from the name. */
  label?: string;
  shape: 'leaf' | 'struct' | 'list';
  /** JSON-safe value of a leaf: bytes as 0x-hex, integers above 2^53-1 as decimal strings. */
  value?: JsonValue;
  /** Human rendering when the raw value is not enough, e.g. `HELLO (0)` or `2019-06-14T00:26:20Z`. */
  display?: string;
  /** Byte range [start, end) in the byte source; absent for generated fields. */
  start?: number;
  end?: number;
  /** Name of the byte source the range refers to, when not the message's own bytes. */
  source?: string;
  /** Computed by Peerscope (response in #N, latency, content id): takes no bytes. */
  generated?: boolean;
  /** An encoding detail rather than a spec field: shown in the tree, left out of `fields`. */
  encoding?: boolean;
  children?: Field[];
  notes?: Note[];
  /**
   * A subtree decoded lazily (its fields are built when first read) that was checked to hold no notes: walkers
   * that only collect notes skip it instead of building it.
   */
  readonly unbuilt?: boolean;
}

/**
 * A byte-string leaf whose 0x-hex value is made only when read: most bytes of a message are hashes and signatures,
 * and a summary or a filter on other fields never needs their text.
 */
class HexLeaf implements Field {
  readonly shape = 'leaf' as const;
  label?: string;
  display?: string;
  source?: string;
  encoding?: boolean;
  notes?: Note[];
  children?: Field[];
  private text: JsonValue | undefined;

  constructor(
    public name: string,
    private readonly bytes: Uint8Array,
    private readonly from: number,
    private readonly to: number,
    public start: number,
    public end: number,
  ) {}

  get value(): JsonValue {
    return (this.text ??= toHex(this.bytes, this.from, this.to));
  }
  set value(value: JsonValue) {
    this.text = value;
  }

  toJSON(): Field {
    return plainField(this);
  }
}

/**
 * A subtree decoded when first read (its children, value or display), checked beforehand to hold no notes: while
 * it is unbuilt, note collectors skip it. It keeps its own name, label, range and notes, as any field does; the
 * codec it stands for gives the tree (`build`), the same tree an eager decode gives.
 */
export abstract class LazyField implements Field {
  label?: string;
  source?: string;
  notes?: Note[];
  encoding?: boolean;
  generated?: boolean;
  private built: Field | undefined;

  constructor(
    readonly shape: Field['shape'],
    public name: string,
    public start: number,
    public end: number,
  ) {}

  /** Checked to hold no notes and not built yet: note collectors skip it. */
  get unbuilt(): boolean {
    return this.built === undefined;
  }

  get children(): Field[] | undefined {
    return this.tree().children;
  }
  set children(children: Field[] | undefined) {
    this.tree().children = children;
  }
  get value(): JsonValue | undefined {
    return this.tree().value;
  }
  set value(value: JsonValue | undefined) {
    this.tree().value = value;
  }
  get display(): string | undefined {
    return this.tree().display;
  }
  set display(display: string | undefined) {
    this.tree().display = display;
  }

  toJSON(): Field {
    return plainField(this);
  }

  /** Decodes the subtree (once: it cannot fail, it was checked). */
  protected abstract build(): Field;

  private tree(): Field {
    return (this.built ??= this.build());
  }
}

/** A leaf holding `bytes[from, to)` as hex, made lazily; its range defaults to the bytes it holds. */
export function hexLeaf(name: string, bytes: Uint8Array, from: number, to: number, start = from, end = to): Field {
  return new HexLeaf(name, bytes, from, to, start, end);
}

export function leaf(name: string, value: JsonValue, start: number, end: number, display?: string): Field {
  const field: Field = { name, shape: 'leaf', value, start, end };
  if (display !== undefined) field.display = display;
  return field;
}

export function encodingLeaf(name: string, value: JsonValue, start: number, end: number, display?: string): Field {
  const field = leaf(name, value, start, end, display);
  field.encoding = true;
  return field;
}

export function generatedLeaf(name: string, value: JsonValue, display?: string): Field {
  const field: Field = { name, shape: 'leaf', value, generated: true };
  if (display !== undefined) field.display = display;
  return field;
}

export function struct(name: string, start: number, children: Field[] = [], end = start): Field {
  return { name, shape: 'struct', start, end, children };
}

export function list(name: string, start: number, children: Field[] = [], end = start): Field {
  return { name, shape: 'list', start, end, children };
}

/** Attaches a note to a field; the note's path is filled in when notes are collected. */
export function addNote(field: Field, severity: Severity, kind: string, text: string): void {
  (field.notes ??= []).push({ severity, kind, text, field: null });
}

/** Grows a container's range to cover its children (used after decoding them one by one). */
export function closeRange(field: Field, end: number): Field {
  field.end = end;
  return field;
}

/**
 * Moves every byte range of a tree by `by` (negative moves it back): a message decoded on its own is placed where
 * a declaration codec found it in a larger buffer, a part decoded in its own coordinates where it sits in its
 * message. Returns the same tree.
 */
export function shiftRanges(field: Field, by: number): Field {
  if (by === 0) return field;
  if (field.start !== undefined) field.start += by;
  if (field.end !== undefined) field.end += by;
  for (const child of field.children ?? []) shiftRanges(child, by);
  return field;
}

/** The message's `fields` JSON: spec fields only, keyed by spec name. */
export function fieldsJson(root: Field): JsonObject {
  const out: JsonObject = {};
  for (const child of root.children ?? []) if (!child.encoding) out[child.name] = fieldJson(child);
  return out;
}

export function fieldJson(field: Field): JsonValue {
  if (field.shape === 'leaf') return field.value ?? null;
  const children = field.children ?? [];
  if (field.shape === 'list') {
    const out: JsonValue[] = [];
    for (const child of children) if (!child.encoding) out.push(fieldJson(child));
    return out;
  }
  const out: JsonObject = {};
  for (const child of children) if (!child.encoding) out[child.name] = fieldJson(child);
  return out;
}

/** Every note in the tree, depth first, each with the dotted path of its field. */
export function collectNotes(root: Field): Note[] {
  const out: Note[] = [];
  // The names from the root down; a path is joined only for a field that has notes (few do, trees are large).
  const names: string[] = [];
  const walk = (field: Field): void => {
    if (field.notes) {
      const path = names.length === 0 ? null : names.join('.');
      for (const n of field.notes) out.push(n.field === null ? { ...n, field: path } : n);
    }
    if (field.unbuilt) return;
    for (const child of field.children ?? []) {
      names.push(child.name);
      walk(child);
      names.pop();
    }
  };
  walk(root);
  return out;
}

/** The deepest field whose range covers `offset` in byte source `source` (the hex pane's click). */
export function fieldAt(root: Field, offset: number, source?: string): { field: Field; path: string } | null {
  let best: { field: Field; path: string } | null = null;
  const walk = (field: Field, path: string, inherited: string | undefined): void => {
    const own = field.source ?? inherited;
    if (field.start !== undefined && field.end !== undefined && own === source) {
      if (offset >= field.start && offset < field.end) best = { field, path };
      else if (!field.children) return;
    }
    for (const child of field.children ?? []) walk(child, path ? `${path}.${child.name}` : child.name, own);
  };
  walk(root, '', undefined);
  return best;
}

/** Finds a field by dotted path of names (encoding fields included). */
export function fieldByPath(root: Field, path: string): Field | undefined {
  let current: Field | undefined = root;
  for (const name of path.split('.')) {
    current = current?.children?.find((c) => c.name === name);
    if (!current) return undefined;
  }
  return current;
}

/**
 * A deep copy made of plain objects: lazily built nodes (getters) read out, ready for JSON, IPC or
 * structuredClone. Only the properties a Field declares are copied.
 */
export function plainField(field: Field): Field {
  const out: Field = { name: field.name, shape: field.shape };
  if (field.label !== undefined) out.label = field.label;
  const value = field.value;
  if (value !== undefined) out.value = value;
  const display = field.display;
  if (display !== undefined) out.display = display;
  if (field.start !== undefined) out.start = field.start;
  if (field.end !== undefined) out.end = field.end;
  if (field.source !== undefined) out.source = field.source;
  if (field.generated) out.generated = true;
  if (field.encoding) out.encoding = true;
  if (field.notes?.length) out.notes = field.notes.map((n) => ({ ...n }));
  const children = field.children;
  if (children) out.children = children.map(plainField);
  return out;
}
