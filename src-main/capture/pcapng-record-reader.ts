import { PcapngParser } from '../../decoders/net/pcapng';
import type { CaptureDamage, CaptureRecord, NameRecord } from '../../decoders/net/types';
import type { CaptureFormatReader } from './capture-format-reader';

export interface PcapngRecordHandlers {
  record(rec: CaptureRecord): void;
  secrets?(secretsType: number, data: Uint8Array, offset: number): void;
  names?(record: NameRecord): void;
  damage(problem: CaptureDamage): void;
}

/** pcapng through the pure push parser in decoders/net. */
export class PcapngRecordReader implements CaptureFormatReader {
  private readonly parser: PcapngParser;

  constructor(handlers: PcapngRecordHandlers) {
    this.parser = new PcapngParser(handlers);
  }

  get frames(): number {
    return this.parser.frames;
  }

  get damaged(): boolean {
    return this.parser.damaged;
  }

  get stopped(): boolean {
    return this.parser.damaged;
  }

  push(chunk: Buffer): void {
    // A plain Uint8Array view: downstream `slice()` must copy, which a Buffer's does not.
    this.parser.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
  }

  end(): void {
    this.parser.end();
  }
}
