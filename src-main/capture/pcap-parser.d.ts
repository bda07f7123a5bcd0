/** Types for the `pcap-parser` package (0.2.1), which ships none. */
declare module 'pcap-parser' {
  import type { EventEmitter } from 'node:events';

  namespace pcapParser {
    interface GlobalHeader {
      magicNumber: number;
      majorVersion: number;
      minorVersion: number;
      gmtOffset: number;
      timestampAccuracy: number;
      snapshotLength: number;
      linkLayerType: number;
    }

    interface PacketHeader {
      timestampSeconds: number;
      /** The fraction as written: microseconds, or whatever unit the magic promised. */
      timestampMicroseconds: number;
      capturedLength: number;
      originalLength: number;
    }

    interface Packet {
      header: PacketHeader;
      data: Buffer;
    }

    /** Minimal input: pcap-parser only calls pause, resume and on('data' | 'error' | 'end'). */
    interface ParserInput {
      pause(): unknown;
      resume(): unknown;
      on(event: string, listener: (chunk: Buffer) => void): unknown;
    }

    interface Parser extends EventEmitter {
      on(event: 'globalHeader', listener: (header: GlobalHeader) => void): this;
      on(event: 'packetHeader', listener: (header: PacketHeader) => void): this;
      on(event: 'packet', listener: (packet: Packet) => void): this;
      on(event: 'error', listener: (error: Error) => void): this;
      on(event: 'end', listener: () => void): this;
    }

    function parse(input: string | ParserInput): Parser;
  }

  export = pcapParser;
}
