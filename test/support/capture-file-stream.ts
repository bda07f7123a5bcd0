import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Writes a capture file of any size piece by piece: the writer's records are gathered into large blocks so a
 * multi-GiB file costs few system calls and little memory.
 */
export class CaptureFileStream {
  private readonly fd: number;
  private readonly block: Buffer;
  private used = 0;
  /** Bytes written so far (including those still in the block). */
  bytes = 0;

  constructor(path: string, blockSize = 4 << 20) {
    this.fd = openSync(path, 'w');
    this.block = Buffer.allocUnsafe(blockSize);
  }

  write(bytes: Uint8Array): void {
    this.bytes += bytes.length;
    if (this.used + bytes.length > this.block.length) this.flush();
    if (bytes.length > this.block.length) {
      writeSync(this.fd, bytes);
      return;
    }
    this.block.set(bytes, this.used);
    this.used += bytes.length;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    let at = 0;
    while (at < this.used) at += writeSync(this.fd, this.block, at, this.used - at);
    this.used = 0;
  }
}
