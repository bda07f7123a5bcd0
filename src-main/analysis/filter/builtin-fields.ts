import type { MessageRecord } from '../../../decoders/core/message';
import type { Note } from '../../../decoders/core/notes';
import { decimalAt, endpointPort } from './address';
import type { FieldAccessor, FieldDescription, ValueKind, ValueVisitor } from './field-accessor';

/**
 * The fields every record has, whatever its protocol: message-level ones read straight from the record and
 * transport-level ones (`ip.*`, `tcp.*`, `udp.*`) derived from its endpoints and stream, as Wireshark names them.
 */

type Getter = (record: MessageRecord) => unknown;

interface BuiltinSpec {
  /** Canonical name first, then aliases. */
  names: readonly string[];
  kind: ValueKind;
  description: FieldDescription;
  get?: Getter;
  some?: (record: MessageRecord, visit: ValueVisitor) => boolean;
}

function single(subject: string, presence = `${subject} is present`): FieldDescription {
  return { subject, noun: subject.replace(/^the /, ''), repeated: false, presence };
}

function repeated(noun: string, presence: string): FieldDescription {
  return { subject: `${/^([aeiou]|IP)/.test(noun) ? 'an' : 'a'} ${noun}`, noun, repeated: true, presence };
}

/** `null` in a record means absent; the filter treats both alike. */
function present<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

function eachNote(read: (note: Note) => string | null): (record: MessageRecord, visit: ValueVisitor) => boolean {
  return (record, visit) => {
    const notes = record.notes;
    for (let i = 0; i < notes.length; i++) {
      const value = read(notes[i]!);
      if (value !== null && visit(value)) return true;
    }
    return false;
  };
}

/** `tcp:3` → 3 when the stream is of `transport`. */
function streamNumber(stream: string, transport: string): number | undefined {
  const n = transport.length;
  if (stream.charCodeAt(n) !== 0x3a || !stream.startsWith(transport)) return undefined;
  return decimalAt(stream, n + 1, stream.length);
}

function portOf(transport: string, endpoint: 'src' | 'dst'): Getter {
  return (r) => (streamNumber(r.stream, transport) === undefined ? undefined : endpointPort(r[endpoint]));
}

function eitherPort(transport: string): (record: MessageRecord, visit: ValueVisitor) => boolean {
  return (r, visit) => {
    if (streamNumber(r.stream, transport) === undefined) return false;
    const src = endpointPort(r.src);
    if (src !== undefined && visit(src)) return true;
    const dst = endpointPort(r.dst);
    return dst !== undefined && visit(dst);
  };
}

function transportFields(transport: 'tcp' | 'udp'): BuiltinSpec[] {
  const upper = transport.toUpperCase();
  return [
    {
      names: [`${transport}.port`],
      kind: 'number',
      description: repeated(`${upper} port (source or destination)`, `the message travels over ${upper}`),
      some: eitherPort(transport),
    },
    {
      names: [`${transport}.srcport`],
      kind: 'number',
      description: single(`the ${upper} source port`),
      get: portOf(transport, 'src'),
    },
    {
      names: [`${transport}.dstport`],
      kind: 'number',
      description: single(`the ${upper} destination port`),
      get: portOf(transport, 'dst'),
    },
    {
      names: [`${transport}.stream`, transport],
      kind: 'number',
      description: single(`the ${upper} stream number`, `the message travels over ${upper}`),
      get: (r) => streamNumber(r.stream, transport),
    },
  ];
}

const BUILTIN_SPECS: readonly BuiltinSpec[] = [
  { names: ['index'], kind: 'number', description: single('the message index'), get: (r) => r.index },
  { names: ['frame', 'frame.number'], kind: 'number', description: single('the frame number'), get: (r) => r.frame },
  { names: ['time'], kind: 'number', description: single('the capture time (seconds since 1970)'), get: (r) => r.time },
  { names: ['stream'], kind: 'name', description: single('the stream'), get: (r) => r.stream },
  { names: ['src'], kind: 'text', description: single('the source endpoint'), get: (r) => r.src },
  { names: ['dst'], kind: 'text', description: single('the destination endpoint'), get: (r) => r.dst },
  { names: ['protocol'], kind: 'name', description: single('the protocol'), get: (r) => r.protocol },
  { names: ['message'], kind: 'name', description: single('the message name'), get: (r) => r.message },
  {
    names: ['code'],
    kind: 'number',
    description: single('the message code', 'the message has a code'),
    get: (r) => present(r.code),
  },
  {
    names: ['requestid', 'reqid'],
    kind: 'json',
    description: single('the request id', 'the message has a request id'),
    get: (r) => present(r.requestId),
  },
  {
    names: ['pair.status', 'pair'],
    kind: 'name',
    description: single('the pairing status', 'the message is a request or a response'),
    get: (r) => r.pair?.status,
  },
  {
    names: ['pair.index'],
    kind: 'number',
    description: single("the paired message's index", 'the message has a partner'),
    get: (r) => present(r.pair?.index),
  },
  {
    names: ['pair.latency', 'pair.latencyms'],
    kind: 'number',
    description: single('the response time in ms', 'the response time is known'),
    get: (r) => present(r.pair?.latencyMs),
  },
  {
    names: ['note.severity', 'note', 'expert', 'expert.severity'],
    kind: 'name',
    description: repeated('note severity', 'the message has a note'),
    some: eachNote((n) => n.severity),
  },
  {
    names: ['note.kind', 'expert.kind'],
    kind: 'name',
    description: repeated('note kind', 'the message has a note'),
    some: eachNote((n) => n.kind),
  },
  {
    names: ['note.text', 'expert.text', 'expert.message'],
    kind: 'text',
    description: repeated('note text', 'the message has a note'),
    some: eachNote((n) => n.text),
  },
  {
    names: ['note.field', 'expert.field'],
    kind: 'text',
    description: repeated('note field path', 'the message has a note about one of its fields'),
    some: eachNote((n) => n.field),
  },
  {
    names: ['ip.addr', 'ip'],
    kind: 'address',
    description: repeated('IP address (source or destination)', 'the message travels over IP'),
    some: (r, visit) => visit(r.src) || visit(r.dst),
  },
  { names: ['ip.src'], kind: 'address', description: single('the source IP address'), get: (r) => r.src },
  { names: ['ip.dst'], kind: 'address', description: single('the destination IP address'), get: (r) => r.dst },
  ...transportFields('tcp'),
  ...transportFields('udp'),
];

function accessorOf(spec: BuiltinSpec): FieldAccessor {
  const get = spec.get;
  const some =
    spec.some ??
    ((record: MessageRecord, visit: ValueVisitor) => {
      const value = get!(record);
      return value !== undefined && visit(value);
    });
  const accessor: FieldAccessor = { name: spec.names[0]!, kind: spec.kind, description: spec.description, some };
  return get ? { ...accessor, get } : accessor;
}

/** Every built-in name (aliases included, lowercase) → its accessor. */
export const BUILTIN_FIELDS: ReadonlyMap<string, FieldAccessor> = new Map(
  BUILTIN_SPECS.flatMap((spec) => {
    const accessor = accessorOf(spec);
    return spec.names.map((name) => [name, accessor] as const);
  }),
);

/** Display spellings of the built-in names, for completion and `filterFieldNames`. */
export const BUILTIN_FIELD_NAMES: readonly string[] = BUILTIN_SPECS.flatMap((spec) =>
  spec.names.map((name) => (name === 'requestid' ? 'requestId' : name === 'pair.latencyms' ? 'pair.latencyMs' : name)),
);

/** First segments that belong to built-in fields: `note.colour` is a typo there, never a protocol field. */
export const BUILTIN_NAMESPACES: ReadonlySet<string> = new Set([...BUILTIN_FIELDS.keys()].map((n) => n.split('.')[0]!));
