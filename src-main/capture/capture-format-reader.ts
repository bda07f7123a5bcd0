/** One capture format's reader: chunks of the file in order, records out through its handlers. */
export interface CaptureFormatReader {
  push(chunk: Buffer): void;
  /** End of input: reports a record or block the file cut short. */
  end(): void;
  readonly frames: number;
  readonly damaged: boolean;
  /** True once damage stopped the reader: the rest of the input need not be read. */
  readonly stopped: boolean;
}
