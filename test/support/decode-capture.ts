import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PacketDecoder, type PacketDecoderOptions } from '../../decoders/net/packet-decoder';
import type { CaptureDamage, CaptureRecord, FrameInfo } from '../../decoders/net/types';
import { readCaptureFile, type CaptureFileInfo } from '../../src-main/capture/read-capture';
import { concat } from './capture-writer';
import { RecordingSink } from './recording-sink';

export interface DecodedCapture {
  info: CaptureFileInfo;
  decoder: PacketDecoder;
  sink: RecordingSink;
  damage: CaptureDamage[];
}

/** Reads a capture file through PacketDecoder into a RecordingSink. */
export async function decodeCaptureFile(path: string, options?: PacketDecoderOptions): Promise<DecodedCapture> {
  const sink = new RecordingSink();
  const decoder = new PacketDecoder(sink, options);
  const damage: CaptureDamage[] = [];
  let last: FrameInfo = { frame: 0, time: 0 };
  const info = await readCaptureFile(path, {
    record(rec) {
      last = { frame: rec.frame, time: rec.time };
      decoder.frame(rec);
    },
    damage(problem) {
      damage.push(problem);
    },
  });
  decoder.finish(last);
  return { info, decoder, sink, damage };
}

/** Feeds frames straight into a PacketDecoder (no file), numbering them from 1. */
export function decodeFrames(
  frames: readonly { time: number; data: Uint8Array; originalLength?: number }[],
  linkType: number,
  options?: PacketDecoderOptions,
): { decoder: PacketDecoder; sink: RecordingSink } {
  const sink = new RecordingSink();
  const decoder = new PacketDecoder(sink, options);
  let last: FrameInfo = { frame: 0, time: 0 };
  frames.forEach((f, i) => {
    const rec: CaptureRecord = {
      frame: i + 1,
      time: f.time,
      linkType,
      data: f.data,
      originalLength: f.originalLength ?? f.data.length,
      fileOffset: 0,
      interfaceId: 0,
    };
    last = { frame: rec.frame, time: rec.time };
    decoder.frame(rec);
  });
  decoder.finish(last);
  return { decoder, sink };
}

/** A scratch directory for capture files, removed by `dispose`. */
export class TempCaptures {
  readonly dir = mkdtempSync(join(tmpdir(), 'peerscope-net-'));

  write(name: string, chunks: readonly Uint8Array[]): string {
    const path = join(this.dir, name);
    writeFileSync(path, concat(chunks));
    return path;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
