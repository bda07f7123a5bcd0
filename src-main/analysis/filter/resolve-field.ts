import type { FieldRefNode } from './ast';
import { BUILTIN_FIELD_NAMES, BUILTIN_FIELDS, BUILTIN_NAMESPACES } from './builtin-fields';
import type { FieldAccessor } from './field-accessor';
import { protocolFieldAccessor } from './protocol-field';
import { asciiLower } from './string-compare';
import { closestName } from './suggest';
import { FilterSyntaxError } from './syntax-error';

/** Dotted segments of letters, digits, `_` and `-`; the first starts with a letter or `_`. */
const FIELD_NAME = /^[a-z_][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;

/** The field names a filter may use, when the caller knows them (the declarations' names). */
export interface KnownFields {
  /** Lowercase name, list indexes removed; also true for every prefix of a known name (`hobbits.header`). */
  has(lowerName: string): boolean;
  /** Lowercase names to suggest from. */
  readonly names: readonly string[];
}

const indexCache = new WeakMap<ReadonlySet<string>, KnownFields>();

/** Indexes a field set once, however many filters are compiled against it (the filter bar compiles per key). */
export function knownFieldsOf(set: ReadonlySet<string>): KnownFields {
  let known = indexCache.get(set);
  if (!known) {
    const names = [...new Set([...set, ...BUILTIN_FIELD_NAMES].map(asciiLower))];
    const withPrefixes = new Set<string>();
    for (const name of names) {
      for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1))
        withPrefixes.add(name.slice(0, dot));
      withPrefixes.add(name);
    }
    known = { has: (name) => withPrefixes.has(name), names };
    indexCache.set(set, known);
  }
  return known;
}

/** Resolves a field reference to its accessor, or throws a positioned error for a malformed or unknown name. */
export function resolveField(ref: FieldRefNode, known: KnownFields | null): FieldAccessor {
  const lower = asciiLower(ref.name);
  if (!FIELD_NAME.test(lower)) {
    throw new FilterSyntaxError(
      `expected a field name (dotted segments of letters, digits, '_' and '-'), got '${ref.name}'`,
      ref.start,
      ref.end - ref.start,
    );
  }
  const builtin = BUILTIN_FIELDS.get(lower);
  if (builtin) return builtin;
  const reservedNamespace = BUILTIN_NAMESPACES.has(lower.split('.')[0]!);
  if (reservedNamespace || (known && !known.has(withoutListIndexes(lower)))) throw unknownField(ref, lower, known);
  return protocolFieldAccessor(lower);
}

/** `hobbits.body.headers.0.slot` is declared as `hobbits.body.headers.slot`. */
function withoutListIndexes(name: string): string {
  return name
    .split('.')
    .filter((segment, i) => i === 0 || !/^\d+$/.test(segment))
    .join('.');
}

function unknownField(ref: FieldRefNode, lower: string, known: KnownFields | null): FilterSyntaxError {
  const suggestion = closestName(lower, known?.names ?? BUILTIN_FIELD_NAMES.map(asciiLower));
  const hint = suggestion === undefined ? '' : `; did you mean '${suggestion}'?`;
  return new FilterSyntaxError(`unknown field '${ref.name}'${hint}`, ref.start, ref.end - ref.start, suggestion);
}
