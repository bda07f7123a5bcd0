/**
 * Every message of every bundled sample, as `inspect --json` prints it, is valid against its protocol's JSON Schema
 * (the composer's, from the declarations), checked by Ajv, an independent validator: what Peerscope decodes can be
 * edited and encoded again, and the schema does not reject real traffic.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import { defaultRegistry } from '../../src-main/engine/protocols';
import { defaultSamplesDir, listSamples } from '../../src-main/service/sample-catalogue';
import { jsonLines, runCliOk } from '../cli/run-cli';

const registry = defaultRegistry();
const ajv = new Ajv2020({ strict: false, allErrors: true });
const validators = new Map<string, ValidateFunction | null>();

/** The schema of one message: the branch of its protocol's `oneOf` that names it. */
function validatorOf(protocol: string, message: string): ValidateFunction | null {
  const key = `${protocol}/${message}`;
  if (!validators.has(key)) {
    const schema = registry.declaration(protocol)?.schema() as { oneOf: { title: string }[] } | undefined;
    const branch = schema?.oneOf.find((b) => b.title === message);
    validators.set(key, branch ? ajv.compile(branch) : null);
  }
  return validators.get(key)!;
}

/** The problems of one record, as `#index protocol/message: path message`. */
function schemaProblems(record: MessageRecord): string[] {
  const { index, protocol, message, fields } = record;
  const validate = validatorOf(protocol, message);
  if (!validate) return [`#${index} ${protocol}/${message}: no schema`];
  if (validate({ protocol, message, fields })) return [];
  return (validate.errors ?? []).map((e) => `#${index} ${protocol}/${message}: ${e.instancePath} ${e.message}`);
}

const keyArguments = (files: readonly string[]) =>
  files.flatMap((file) => (file.endsWith('.key') ? ['--node-key', file] : ['--keylog', file]));

describe.each(listSamples(defaultSamplesDir()))('the $name sample', (sample) => {
  it('decodes to messages its protocols` schemas accept', async () => {
    const { stdout } = await runCliOk(['inspect', sample.file, '--json', ...keyArguments(sample.keyFiles)]);
    const records = jsonLines<MessageRecord>(stdout);
    expect(records.length).toBeGreaterThan(5);
    expect(records.flatMap(schemaProblems)).toEqual([]);
  });
});
