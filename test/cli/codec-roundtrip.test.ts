/**
 * `decode` then `encode` gives back the bytes of every message of the samples, taken from the capture as the
 * engine reassembled them (DecodedMessage.bytes). Every message goes through the commands' code in process; the
 * built CLI, as a user runs it, gets the most involved wire forms (a CLI run costs a Node start, and the machine
 * has two shared cores).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { decodeCommand, encodeCommand } from '../../src-main/cli/codec-commands';
import { defaultRegistry } from '../../src-main/engine/protocols';
import { SAMPLES } from '../../samples/recording/sample-list';
import { analyzeSample, type SampleMessage } from '../samples/analyzed-sample';
import { runCliOk } from './run-cli';

interface WireForm {
  what: string;
  matches: (m: SampleMessage) => boolean;
}

const hasError = (m: SampleMessage) => m.record.notes.some((n) => n.severity === 'error');
const isMessage = (name: string, field?: string, value?: string) => (m: SampleMessage) =>
  m.record.message === name && (field === undefined || m.record.fields[field] === value);

/** The messages the CLI round trip takes: the most involved wire forms of each sample, the malformed one included. */
const CLI_MESSAGES: Record<string, WireForm[]> = {
  hobbits: [
    { what: 'BLOCK_BODIES as an Artemis document', matches: isMessage('BLOCK_BODIES', 'body_form', 'document') },
    { what: 'the malformed RPC', matches: hasError },
  ],
  eth2rpc: [
    { what: 'beacon_block_bodies_response', matches: isMessage('beacon_block_bodies_response') },
    { what: 'the malformed response', matches: hasError },
  ],
};

describe.each(SAMPLES)('decode and encode the $name messages', (sample) => {
  let messages: SampleMessage[];
  beforeAll(async () => {
    messages = (await analyzeSample(sample.capture)).messages;
  });

  it('give back the same hex for every message (the commands in process)', () => {
    const protocol = defaultRegistry().get(sample.name)!;
    const failures = messages.flatMap((m) => {
      const hex = toHex(m.bytes);
      const encoded = encodeCommand(protocol, decodeCommand(protocol, hex), false);
      return encoded === hex ? [] : [`#${m.record.index} ${m.record.message}`];
    });
    expect(messages.length).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });

  it.concurrent.for(CLI_MESSAGES[sample.name]!)(
    'give back the same hex through the built CLI: $what',
    async ({ matches }, { expect }) => {
      const message = messages.find(matches);
      expect(message, 'the sample has this form').toBeDefined();
      const hex = toHex(message!.bytes);
      const decoded = await runCliOk(['decode', sample.name, hex]);
      const encoded = await runCliOk(['encode', sample.name, '-'], { stdin: Buffer.from(decoded.stdout) });
      expect(encoded.stdout).toBe(`${hex}\n`);
    },
  );
});
