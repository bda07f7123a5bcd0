import type { JsonSchema } from '../../../decoders/core/codec';
import type { DeclaredProtocol } from '../../../decoders/core/declaration';
import { BUILTIN_FIELD_NAMES } from './builtin-fields';
import { filterSegment } from './protocol-field';

/** Guards against absurd nesting and long `$ref` chains. */
const MAX_SCHEMA_DEPTH = 32;

/**
 * Filter field names derived from protocol declarations' JSON Schemas: `hobbits.header.id`,
 * `hobbits.hello.body.best_slot`, ... plus the protocol (`hobbits`), its messages (`hobbits.hello`) and the
 * message-level and transport-level names every record has.
 */
export function filterFieldNames(protocols: readonly DeclaredProtocol[]): string[] {
  const names = new Set<string>(BUILTIN_FIELD_NAMES);
  for (const protocol of protocols) addProtocolNames(protocol, names);
  return [...names].sort();
}

type SchemaObject = { [keyword: string]: unknown };

function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Each message is one `oneOf` branch with `properties.message.const` and `properties.fields`. */
function addProtocolNames(protocol: DeclaredProtocol, names: Set<string>): void {
  const prefix = filterSegment(protocol.name);
  names.add(prefix);
  const root = protocol.schema();
  for (const branch of messageBranches(root)) {
    const properties = isSchemaObject(branch.properties) ? branch.properties : {};
    const message = isSchemaObject(properties.message) ? properties.message.const : undefined;
    const paths = new Set<string>();
    collectPaths(properties.fields, root, '', paths, new Set());
    const messagePrefix = typeof message === 'string' ? `${prefix}.${filterSegment(message)}` : null;
    if (messagePrefix) names.add(messagePrefix);
    for (const path of paths) {
      names.add(`${prefix}.${path}`);
      if (messagePrefix) names.add(`${messagePrefix}.${path}`);
    }
  }
}

function messageBranches(root: JsonSchema): SchemaObject[] {
  const branches = root.oneOf ?? root.anyOf ?? [root];
  return Array.isArray(branches) ? branches.map((b) => resolveRef(b, root)).filter(isSchemaObject) : [];
}

/**
 * Dotted paths of every named property below `schema`; lists add no segment (a filter reaches through them).
 * `open` holds the schemas being walked, so a recursive type is named once and not unrolled.
 */
function collectPaths(schema: unknown, root: JsonSchema, path: string, out: Set<string>, open: Set<unknown>): void {
  const node = resolveRef(schema, root);
  if (!isSchemaObject(node) || open.has(node) || open.size > MAX_SCHEMA_DEPTH) return;
  open.add(node);
  if (isSchemaObject(node.properties)) {
    for (const [key, child] of Object.entries(node.properties)) {
      const childPath = path ? `${path}.${filterSegment(key)}` : filterSegment(key);
      out.add(childPath);
      collectPaths(child, root, childPath, out, open);
    }
  }
  const alternatives = [node.items, node.additionalItems, node.contains, node.then, node.else];
  for (const keyword of ['prefixItems', 'anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(node[keyword])) alternatives.push(...(node[keyword] as unknown[]));
  }
  for (const alternative of alternatives) collectPaths(alternative, root, path, out, open);
  open.delete(node);
}

/** Follows local references (`#/$defs/Header`) within the protocol's schema; anything else is left as is. */
function resolveRef(schema: unknown, root: JsonSchema): unknown {
  let node = schema;
  for (let hops = 0; hops < MAX_SCHEMA_DEPTH && isSchemaObject(node) && typeof node.$ref === 'string'; hops++) {
    const ref = node.$ref as string;
    if (!ref.startsWith('#')) return node;
    node = ref
      .slice(1)
      .split('/')
      .filter(Boolean)
      .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((at, part) => (isSchemaObject(at) ? at[part] : undefined), root);
  }
  return node;
}
