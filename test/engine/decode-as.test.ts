import { describe, expect, it } from 'vitest';
import type { DecodeAsError } from '../../src-main/engine/decode-as';
import { decodeAsFor, parseDecodeAs } from '../../src-main/engine/decode-as';

const protocols = ['hobbits', 'eth2rpc'];
const conn = { id: 3, a: { port: 40000 }, b: { port: 9000 } };

describe('decode-as rules', () => {
  it('reads FIELD==VALUE:PROTOCOL and the comma form', () => {
    expect(parseDecodeAs('tcp.port==9000:eth2rpc', protocols)).toMatchObject({
      field: 'tcp.port',
      value: 9000,
      protocol: 'eth2rpc',
    });
    expect(parseDecodeAs(' TCP.STREAM == 3 , Hobbits ', protocols)).toMatchObject({
      field: 'tcp.stream',
      value: 3,
      protocol: 'hobbits',
    });
  });

  it('matches a connection by either port, by side, or by stream, only on its own transport', () => {
    const rule = (r: string) => [parseDecodeAs(r, protocols)];
    expect(decodeAsFor(rule('tcp.port==9000:eth2rpc'), conn, 'tcp')).toBe('eth2rpc');
    expect(decodeAsFor(rule('tcp.port==40000:eth2rpc'), conn, 'tcp')).toBe('eth2rpc');
    expect(decodeAsFor(rule('tcp.srcport==9000:eth2rpc'), conn, 'tcp')).toBeUndefined();
    expect(decodeAsFor(rule('tcp.dstport==9000:eth2rpc'), conn, 'tcp')).toBe('eth2rpc');
    expect(decodeAsFor(rule('tcp.stream==3:hobbits'), conn, 'tcp')).toBe('hobbits');
    expect(decodeAsFor(rule('udp.port==9000:hobbits'), conn, 'tcp')).toBeUndefined();
  });

  it('points at what is wrong in a bad rule', () => {
    const error = (r: string) => {
      try {
        parseDecodeAs(r, protocols);
      } catch (e) {
        return e as DecodeAsError;
      }
      throw new Error('no error');
    };
    expect(error('tcp.port=9000:x').message).toMatch(/expected FIELD==VALUE:PROTOCOL/);
    expect(error('ip.addr==1:hobbits').position).toBe(0);
    expect(error('tcp.port==70000000000:hobbits').message).toMatch(/not a port or stream number/);
    const unknown = error('tcp.port==9000:http');
    expect(unknown.position).toBe(15);
    expect(unknown.message).toMatch(/unknown protocol http; known: hobbits, eth2rpc/);
  });
});
