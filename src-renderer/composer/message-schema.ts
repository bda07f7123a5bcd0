import type { JsonObject, JsonValue } from '../../decoders/core/json';

type Schema = { [keyword: string]: JsonValue };
const MAX_DEPTH = 24;

function isSchema(value: JsonValue | undefined): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `oneOf` branch of a protocol's schema that describes `message` (its `properties.message.const`). */
function messageBranch(protocolSchema: JsonObject, message: string): Schema | undefined {
  const branches = protocolSchema.oneOf ?? protocolSchema.anyOf;
  if (!Array.isArray(branches)) return undefined;
  return branches.filter(isSchema).find((b) => {
    const properties = b.properties;
    return isSchema(properties) && isSchema(properties.message) && properties.message.const === message;
  });
}

/**
 * The schema of one message, for the editor to validate and complete against: its branch of the protocol's
 * `oneOf`, with the protocol schema's definitions kept so that `$ref`s still resolve. The whole protocol schema
 * when the message is unknown.
 */
export function messageSchema(protocolSchema: JsonObject, message: string): JsonObject {
  const branch = messageBranch(protocolSchema, message);
  if (!branch) return protocolSchema;
  const { oneOf: _oneOf, anyOf: _anyOf, ...shared } = protocolSchema;
  return { ...shared, ...branch };
}

/** A starting JSON for a message: `{message, fields}` with every required field at a plain value of its type. */
export function messageTemplate(protocolSchema: JsonObject, message: string): JsonObject {
  const branch = messageBranch(protocolSchema, message);
  const properties = branch && isSchema(branch.properties) ? branch.properties : {};
  return { message, fields: templateValue(properties.fields, protocolSchema, 0) ?? {} };
}

function resolve(schema: JsonValue | undefined, root: JsonObject): Schema | undefined {
  let node = schema;
  for (let hops = 0; hops < MAX_DEPTH && isSchema(node) && typeof node.$ref === 'string'; hops++) {
    const ref = node.$ref;
    if (!ref.startsWith('#/')) return undefined;
    node = ref
      .slice(2)
      .split('/')
      .reduce<JsonValue | undefined>((at, part) => (isSchema(at) ? at[part] : undefined), root);
  }
  return isSchema(node) ? node : undefined;
}

/** A plain value of a schema: its const, default or first choice, else zero, empty or the smallest allowed. */
export function templateValue(schema: JsonValue | undefined, root: JsonObject, depth: number): JsonValue | undefined {
  const node = resolve(schema, root);
  if (!node || depth > MAX_DEPTH) return undefined;
  if ('const' in node) return node.const;
  if ('default' in node) return node.default;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const choices = node.anyOf ?? node.oneOf;
  if (Array.isArray(choices) && choices.length > 0) return templateValue(choices[0], root, depth + 1);
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case 'object':
      return objectTemplate(node, root, depth);
    case 'array':
      return arrayTemplate(node, root, depth);
    case 'string':
      return stringTemplate(node);
    case 'integer':
    case 'number':
      return typeof node.minimum === 'number' ? node.minimum : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return isSchema(node.properties) ? objectTemplate(node, root, depth) : undefined;
  }
}

/** The required properties (all of them when the schema names none as required). */
function objectTemplate(node: Schema, root: JsonObject, depth: number): JsonObject {
  const properties = isSchema(node.properties) ? node.properties : {};
  const required = Array.isArray(node.required) ? node.required.filter((r) => typeof r === 'string') : null;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(properties)) {
    if (required && !required.includes(key)) continue;
    const value = templateValue(child, root, depth + 1);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function arrayTemplate(node: Schema, root: JsonObject, depth: number): JsonValue[] {
  const count = typeof node.minItems === 'number' ? Math.min(node.minItems, 16) : 0;
  const item = Array.isArray(node.prefixItems) ? undefined : node.items;
  const out: JsonValue[] = [];
  for (let i = 0; i < count; i++) {
    const prefix = Array.isArray(node.prefixItems) ? node.prefixItems[i] : item;
    out.push(templateValue(prefix, root, depth + 1) ?? null);
  }
  return out;
}

/** Hex patterns (`^0x([0-9a-fA-F]{2}){32}$`) give zero bytes of the stated length; digits give "0". */
function stringTemplate(node: Schema): string {
  const pattern = typeof node.pattern === 'string' ? node.pattern : '';
  if (pattern.startsWith('^0x')) {
    const count = /\)\{(\d+)\}\$$/.exec(pattern);
    return `0x${'00'.repeat(count ? Number(count[1]) : 0)}`;
  }
  if (pattern === '^\\d+$') return '0';
  return typeof node.minLength === 'number' ? ' '.repeat(node.minLength) : '';
}
