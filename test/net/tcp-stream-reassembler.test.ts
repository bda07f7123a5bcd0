import { describe, expect, it } from 'vitest';
import type { Severity } from '../../decoders/core/notes';
import {
  DEFAULT_REASSEMBLY_LIMITS,
  TcpStreamReassembler,
  type TcpStreamOutput,
} from '../../decoders/net/tcp-reassembly';
import type { FrameInfo, TcpEndReason } from '../../decoders/net/types';

/** Records one direction's output as a transcript. */
class Transcript implements TcpStreamOutput {
  readonly events: string[] = [];
  data(bytes: Uint8Array, at: FrameInfo): void {
    this.events.push(`data ${bytes.length} [${[...bytes.subarray(0, 3)].join(',')}] @${at.frame}`);
  }
  gap(length: number, at: FrameInfo): void {
    this.events.push(`gap ${length} @${at.frame}`);
  }
  end(how: TcpEndReason, at: FrameInfo): void {
    this.events.push(`end ${how} @${at.frame}`);
  }
  note(_severity: Severity, kind: string, _text: string, at: FrameInfo): void {
    this.events.push(`note ${kind} @${at.frame}`);
  }
}

const at = (frame: number): FrameInfo => ({ frame, time: frame });
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('one TCP direction', () => {
  it('keeps counting stream offsets past 4 GiB', () => {
    const out = new Transcript();
    const r = new TcpStreamReassembler(out, DEFAULT_REASSEMBLY_LIMITS);
    const isn = 123456;
    r.segment(isn, true, false, bytes(), 0, at(1));
    // Capture loss acknowledged in steps just under the largest plausible jump, to beyond 2^32.
    const step = 2 ** 30 - 1;
    let offset = 0;
    for (let i = 0; i < 5; i++) {
      offset += step;
      r.acknowledged((isn + 1 + offset) % 2 ** 32, at(2 + i));
    }
    expect(offset).toBeGreaterThan(2 ** 32);
    r.segment((isn + 1 + offset) % 2 ** 32, false, false, bytes(7, 8, 9), 3, at(10));
    r.segment((isn + 1 + offset + 3) % 2 ** 32, false, false, bytes(10), 1, at(11));
    expect(out.events).toEqual([
      ...[2, 3, 4, 5, 6].map((f) => `gap ${step} @${f}`),
      'data 3 [7,8,9] @10',
      'data 1 [10] @11',
    ]);
  });

  it('waits for data before an early FIN and ends once it arrives', () => {
    const out = new Transcript();
    const r = new TcpStreamReassembler(out, DEFAULT_REASSEMBLY_LIMITS);
    r.segment(1000, true, false, bytes(), 0, at(1));
    r.segment(1004, false, true, bytes(4, 5), 2, at(2));
    r.segment(1001, false, false, bytes(1, 2, 3), 3, at(3));
    r.finish(at(4));
    expect(out.events).toEqual(['data 3 [1,2,3] @3', 'data 2 [4,5] @3', 'end fin @3']);
  });

  it('declares the bytes before a FIN missing at the end of the capture, then ends with fin', () => {
    const out = new Transcript();
    const r = new TcpStreamReassembler(out, DEFAULT_REASSEMBLY_LIMITS);
    r.segment(1000, true, false, bytes(), 0, at(1));
    r.segment(1011, false, true, bytes(), 0, at(2));
    r.finish(at(3));
    expect(out.events).toEqual(['gap 10 @3', 'end fin @3']);
  });

  it('treats an ACK of the FIN as covering no byte', () => {
    const out = new Transcript();
    const r = new TcpStreamReassembler(out, DEFAULT_REASSEMBLY_LIMITS);
    r.segment(1000, true, false, bytes(), 0, at(1));
    r.segment(1001, false, false, bytes(1, 2), 2, at(2));
    r.segment(1003, false, true, bytes(), 0, at(3));
    r.acknowledged(1004, at(4));
    expect(out.events).toEqual(['data 2 [1,2] @2', 'end fin @3']);
  });

  it('ignores acknowledgments and segments implausibly far ahead', () => {
    const out = new Transcript();
    const r = new TcpStreamReassembler(out, DEFAULT_REASSEMBLY_LIMITS);
    r.segment(0, true, false, bytes(), 0, at(1));
    r.acknowledged(2 ** 31, at(2));
    r.segment(2 ** 31 - 5, false, false, bytes(1), 1, at(3));
    r.segment(1, false, false, bytes(9), 1, at(4));
    expect(out.events).toEqual(['note tcp.out-of-window @3', 'data 1 [9] @4']);
  });

  it('keeps data carried on a SYN (TCP Fast Open) at offset 0', () => {
    const out = new Transcript();
    const r = new TcpStreamReassembler(out, DEFAULT_REASSEMBLY_LIMITS);
    r.segment(500, true, false, bytes(1, 2), 2, at(1));
    r.segment(503, false, false, bytes(3), 1, at(2));
    expect(out.events).toEqual(['data 2 [1,2] @1', 'data 1 [3] @2']);
  });
});
