import { API_METHODS, type PeerscopeApi } from '../api/peerscope-api';

/**
 * Checks what a transport received before the service sees it: the method is one of API_METHODS and every
 * parameter has the shape the API declares. Both shells (the WebSocket server and Electron's IPC) call this; a
 * failure is an ApiParamError naming the method and the parameter.
 */
export class ApiParamError extends Error {
  override name = 'ApiParamError';
}

type Check = (value: unknown, where: string) => void;

/** Rows per getRows call: a screenful, or a page of a few thousand for exports done in the UI. */
const MAX_ROWS = 10_000;
const MAX_TEXT = 64 * 1024;
/** Hex or base64 payloads: a message to decode, a capture uploaded inline. */
const MAX_PAYLOAD = 512 * 1024 * 1024;

function fail(where: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new ApiParamError(`${where}: expected ${expected}, got ${got}`);
}

const text =
  (max = MAX_TEXT): Check =>
  (v, where) => {
    if (typeof v !== 'string') fail(where, 'a string', v);
    if (v.length > max) throw new ApiParamError(`${where}: longer than ${max} characters`);
  };

const count =
  (max = Number.MAX_SAFE_INTEGER): Check =>
  (v, where) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) {
      fail(where, `an integer from 0 to ${max}`, v);
    }
  };

const oneOf =
  (...values: string[]): Check =>
  (v, where) => {
    if (typeof v !== 'string' || !values.includes(v)) fail(where, values.map((x) => JSON.stringify(x)).join(' or '), v);
  };

const bool: Check = (v, where) => {
  if (typeof v !== 'boolean') fail(where, 'a boolean', v);
};

const optional =
  (check: Check): Check =>
  (v, where) => {
    if (v !== undefined) check(v, where);
  };

const list =
  (check: Check, max = 1000): Check =>
  (v, where) => {
    if (!Array.isArray(v)) fail(where, 'an array', v);
    if (v.length > max) throw new ApiParamError(`${where}: more than ${max} items`);
    v.forEach((item, i) => check(item, `${where}[${i}]`));
  };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object with exactly these keys (optional ones may be absent); anything else is refused. */
const object =
  (fields: Record<string, Check>): Check =>
  (v, where) => {
    if (!isPlainObject(v)) fail(where, 'an object', v);
    for (const key of Object.keys(v))
      if (!(key in fields)) throw new ApiParamError(`${where}: unknown key ${JSON.stringify(key)}`);
    for (const [key, check] of Object.entries(fields)) check(v[key], `${where}.${key}`);
  };

const jsonObject: Check = (v, where) => {
  if (!isPlainObject(v)) fail(where, 'a JSON object', v);
};

const openSource: Check = (v, where) => {
  if (!isPlainObject(v)) fail(where, 'an object', v);
  const shapes: Record<string, Check> = {
    path: object({ kind: oneOf('path'), path: text(4096) }),
    sample: object({ kind: oneOf('sample'), name: text(200) }),
    upload: object({ kind: oneOf('upload'), name: text(1024), base64: text(MAX_PAYLOAD) }),
    uploaded: object({ kind: oneOf('uploaded'), uploadId: text(200), name: text(1024) }),
  };
  const shape = typeof v.kind === 'string' ? shapes[v.kind] : undefined;
  if (!shape) fail(`${where}.kind`, Object.keys(shapes).join(', '), v.kind);
  shape(v, where);
};

const captureId = text(200);
const columnKey = oneOf('index', 'time', 'src', 'dst', 'protocol', 'message', 'requestId', 'pair', 'length', 'info');

const PARAMS: { [M in keyof PeerscopeApi]: Check[] } = {
  about: [],
  listSamples: [],
  recentFiles: [],
  openCaptures: [],
  openCapture: [openSource, optional(object({ decodeAs: optional(list(text(200), 100)) }))],
  cancelLoad: [captureId],
  closeCapture: [captureId],
  progress: [captureId],
  setView: [
    captureId,
    object({
      filter: text(),
      sort: optional((v, where) => {
        if (v !== null) object({ column: columnKey, descending: bool })(v, where);
      }),
    }),
  ],
  getRows: [captureId, count(), count(MAX_ROWS)],
  rowOf: [captureId, count()],
  getMessage: [captureId, count()],
  expertInfo: [captureId],
  conversations: [captureId],
  statistics: [captureId],
  loadKeys: [
    captureId,
    object({
      keylogText: optional(text(16 * 1024 * 1024)),
      keylogName: optional(text(1024)),
      nodeKeys: optional(list(text(200), 1000)),
    }),
  ],
  checkFilter: [text()],
  completeFilter: [text(), count(MAX_TEXT)],
  protocols: [],
  decode: [text(100), text(MAX_PAYLOAD)],
  encode: [text(100), jsonObject],
  exportView: [captureId, oneOf('jsonl', 'csv')],
  exportPcapng: [captureId],
};

export function isApiMethod(method: unknown): method is keyof PeerscopeApi {
  return typeof method === 'string' && (API_METHODS as readonly string[]).includes(method);
}

/** Throws ApiParamError unless `method` is an API method and `params` fit it. */
export function checkApiCall(method: unknown, params: unknown): asserts method is keyof PeerscopeApi {
  if (!isApiMethod(method)) throw new ApiParamError(`unknown method ${JSON.stringify(String(method).slice(0, 100))}`);
  if (!Array.isArray(params)) throw new ApiParamError(`${method}: params must be an array`);
  const checks = PARAMS[method];
  if (params.length > checks.length)
    throw new ApiParamError(`${method}: takes at most ${checks.length} parameters, got ${params.length}`);
  checks.forEach((check, i) => check(params[i], `${method} parameter ${i + 1}`));
}

/** Calls the method on the service once the call is checked. */
export function dispatchApiCall(api: PeerscopeApi, method: unknown, params: unknown): Promise<unknown> {
  checkApiCall(method, params);
  const fn = api[method] as (...args: unknown[]) => Promise<unknown>;
  return fn.apply(api, params as unknown[]);
}
