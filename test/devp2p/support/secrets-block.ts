import { writeFileSync } from 'node:fs';
import { readCaptureFile } from '../../../src-main/capture/read-capture';
import { PEERSCOPE_SECRETS_TYPE } from '../../../src-main/engine/analyze-capture';
import { concat, PcapngWriter } from '../../support/capture-writer';

/**
 * Rewrites a single-interface capture as pcapng with the key log in a Decryption Secrets Block (type PSKL) before the
 * first packet, as `editcap --inject-secrets` does for TLS: the capture then decrypts without `--keylog`.
 */
export async function withSecretsBlock(capture: string, keyLog: string, out: string): Promise<void> {
  const writer = new PcapngWriter();
  const blocks: Uint8Array[] = [writer.sectionHeader({ comment: 'RLPx session with its Peerscope key log' })];
  let linkType: number | null = null;
  await readCaptureFile(capture, {
    record(rec) {
      if (linkType === null) {
        linkType = rec.linkType;
        blocks.push(writer.interfaceDescription({ linkType, tsresol: 9 }));
        blocks.push(writer.decryptionSecrets(PEERSCOPE_SECRETS_TYPE, new TextEncoder().encode(keyLog)));
      }
      blocks.push(
        writer.enhancedPacket({
          interfaceId: 0,
          time: rec.time,
          data: rec.data.slice(),
          originalLength: rec.originalLength,
        }),
      );
    },
    damage(problem) {
      throw new Error(`${capture} is damaged: ${JSON.stringify(problem)}`);
    },
  });
  writeFileSync(out, concat(blocks));
}
