import type { Codec, JsonSchema } from './codec';

/**
 * One message of a protocol, declared once: decoding, encoding, the composer's schema, pairing and the filter
 * field names all derive from it (as Wireshark derives everything from its field registration table).
 */
export interface MessageDeclaration {
  /** Spelled as in the spec: `GET_BLOCK_HEADERS`, `beacon_block_roots`, `GetBlockHeaders`. */
  name: string;
  /** The message code / method id on the wire, or null when the message has none (Hobbits PING). */
  code: number | null;
  /** Messages with the same code in different numbering spaces (Hobbits RPC vs GOSSIP) get a space name. */
  space?: string;
  /** One line for the tree, the composer and `--help`. */
  summary: string;
  /** Spec reference: section or message code as the spec gives it. */
  spec?: string;
  /** The codec of the message's content (its body as the spec defines it). */
  body: Codec;
  /** This message is a request; these messages answer it. */
  answeredBy?: readonly string[];
}

export interface ProtocolDeclaration {
  /** Lowercase protocol key as in `--json` output and filters: `hobbits`, `eth2rpc`. */
  name: string;
  title: string;
  spec: string;
  messages: readonly MessageDeclaration[];
  /**
   * The schema of a message's whole `fields` object when the message carries more than its body (a framing
   * envelope, a header): the composer validates against it. Defaults to the body's schema.
   */
  fieldsSchema?(message: MessageDeclaration): JsonSchema;
}

/** A declaration plus the tables derived from it. */
export interface DeclaredProtocol extends ProtocolDeclaration {
  message(name: string): MessageDeclaration | undefined;
  byCode(code: number, space?: string): MessageDeclaration | undefined;
  /** Whether `name` is a request, a response, both (Hobbits HELLO answers HELLO) or neither (GOSSIP). */
  roleOf(name: string): MessageRole;
  /** Requests that `response` can answer. */
  requestsAnsweredBy(response: string): readonly string[];
  /** JSON Schema of one message of this protocol as `decode` prints it and `encode` reads it. */
  schema(): JsonSchema;
}

export type MessageRole = 'request' | 'response' | 'either' | 'none';

export function declareProtocol(declaration: ProtocolDeclaration): DeclaredProtocol {
  const byName = new Map<string, MessageDeclaration>();
  const byCode = new Map<string, MessageDeclaration>();
  const answers = new Map<string, string[]>();
  for (const m of declaration.messages) {
    if (byName.has(m.name)) throw new Error(`${declaration.name}: message ${m.name} declared twice`);
    byName.set(m.name, m);
    if (m.code !== null) {
      const key = `${m.space ?? ''}:${m.code}`;
      if (byCode.has(key)) throw new Error(`${declaration.name}: code ${key} declared twice`);
      byCode.set(key, m);
    }
  }
  for (const m of declaration.messages) {
    for (const response of m.answeredBy ?? []) {
      if (!byName.has(response)) throw new Error(`${declaration.name}: ${m.name} answered by unknown ${response}`);
      const list = answers.get(response) ?? [];
      list.push(m.name);
      answers.set(response, list);
    }
  }
  return {
    ...declaration,
    message: (name) => byName.get(name),
    byCode: (code, space) => byCode.get(`${space ?? ''}:${code}`),
    roleOf(name) {
      const isRequest = (byName.get(name)?.answeredBy?.length ?? 0) > 0;
      const isResponse = answers.has(name);
      return isRequest && isResponse ? 'either' : isRequest ? 'request' : isResponse ? 'response' : 'none';
    },
    requestsAnsweredBy: (response) => answers.get(response) ?? [],
    schema() {
      return {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        title: declaration.title,
        oneOf: declaration.messages.map((m) => ({
          title: m.name,
          description: m.summary,
          type: 'object',
          properties: {
            protocol: { const: declaration.name },
            message: { const: m.name },
            fields: declaration.fieldsSchema ? declaration.fieldsSchema(m) : m.body.schema(),
          },
          required: ['message', 'fields'],
        })),
      };
    },
  };
}
