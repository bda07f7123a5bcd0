/** Both transports check calls here: only API methods, only parameters of the declared shape. */
import { describe, expect, it } from 'vitest';
import { API_METHODS, type PeerscopeApi } from '../../src-main/api/peerscope-api';
import { ApiParamError, checkApiCall, dispatchApiCall } from '../../src-main/service/api-params';

describe('API call checks', () => {
  it('accept every method with well-formed parameters', () => {
    const good: Record<(typeof API_METHODS)[number], unknown[]> = {
      about: [],
      listSamples: [],
      recentFiles: [],
      openCaptures: [],
      openCapture: [{ kind: 'path', path: '/tmp/x.pcap' }, { decodeAs: ['tcp.port==9000:eth2rpc'] }],
      cancelLoad: ['capture-1'],
      closeCapture: ['capture-1'],
      progress: ['capture-1'],
      setView: ['capture-1', { filter: 'pair', sort: { column: 'time', descending: true } }],
      getRows: ['capture-1', 0, 100],
      rowOf: ['capture-1', 5],
      getMessage: ['capture-1', 5],
      expertInfo: ['capture-1'],
      conversations: ['capture-1'],
      statistics: ['capture-1'],
      loadKeys: ['capture-1', { keylogText: 'RLPX aa bb', keylogName: 'x.keylog', nodeKeys: ['00'.repeat(32)] }],
      checkFilter: ['pair'],
      completeFilter: ['hob', 3],
      protocols: [],
      decode: ['hobbits', '00'],
      encode: ['hobbits', { message: 'PING', fields: {} }],
      exportView: ['capture-1', 'csv'],
      exportPcapng: ['capture-1'],
    };
    for (const method of API_METHODS) expect(() => checkApiCall(method, good[method])).not.toThrow();
    expect(() => checkApiCall('openCapture', [{ kind: 'sample', name: 'hobbits' }])).not.toThrow();
    expect(() => checkApiCall('openCapture', [{ kind: 'uploaded', uploadId: 'u1', name: 'a.pcap' }])).not.toThrow();
    expect(() => checkApiCall('setView', ['c', { filter: '' }])).not.toThrow();
  });

  it.each([
    ['toString', [], /unknown method/],
    ['__proto__', [], /unknown method/],
    ['constructor', [], /unknown method/],
    ['getRows', 'c', /params must be an array/],
    ['getRows', ['c', -1, 10], /parameter 2: expected an integer/],
    ['getRows', ['c', 0, 10_001], /parameter 3: expected an integer from 0 to 10000/],
    ['getRows', ['c', 0.5, 1], /expected an integer/],
    ['getRows', [7, 0, 1], /parameter 1: expected a string/],
    ['about', [1], /at most 0 parameters/],
    ['openCapture', [{ kind: 'exec', path: '/bin/sh' }], /kind: expected path, sample, upload, uploaded/],
    ['openCapture', [{ kind: 'path', path: '/x', extra: 1 }], /unknown key "extra"/],
    ['openCapture', [{ kind: 'path' }], /path: expected a string/],
    ['openCapture', [null], /expected an object/],
    ['setView', ['c', { filter: 'x', sort: { column: 'evil', descending: false } }], /column: expected/],
    ['setView', ['c', { filter: 'x'.repeat(70_000) }], /longer than/],
    ['exportView', ['c', 'xml'], /expected "jsonl" or "csv"/],
    ['encode', ['hobbits', []], /expected a JSON object/],
    ['loadKeys', ['c', { nodeKeys: 'aa' }], /nodeKeys: expected an array/],
  ])('refuse %s %j', (method, params, error) => {
    expect(() => checkApiCall(method, params)).toThrow(ApiParamError);
    expect(() => checkApiCall(method, params)).toThrow(error);
  });

  it('dispatch a checked call to the service method, with its arguments', async () => {
    const calls: unknown[][] = [];
    const api = { getRows: async (...args: unknown[]) => (calls.push(args), ['row']) } as unknown as PeerscopeApi;
    await expect(dispatchApiCall(api, 'getRows', ['c', 1, 2])).resolves.toEqual(['row']);
    expect(calls).toEqual([['c', 1, 2]]);
    expect(() => dispatchApiCall(api, 'getRows', ['c', 1])).toThrow(/parameter 3/);
  });
});
