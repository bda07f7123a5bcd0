/** The API's stateless calls: decode and encode as the CLI's commands, protocols, filter checks and completion. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../decoders/core/json';
import { filterFieldNames } from '../../src-main/analysis/filter';
import { defaultRegistry } from '../../src-main/engine/protocols';
import { runCliOk } from '../cli/run-cli';
import { openLoaded, startService } from './support/service-harness';

let harness: Awaited<ReturnType<typeof startService>>;
beforeAll(async () => {
  harness = await startService();
});
afterAll(() => harness.dispose());

describe('decode and encode', () => {
  it('decode a message as `peerscope decode` does, with its tree and bytes; encode gives the bytes back', async () => {
    const { service } = harness;
    const { info } = await openLoaded(service, { kind: 'sample', name: 'eth2rpc' });
    for (const index of [0, 1, 5]) {
      const detail = await service.getMessage(info.id, index);
      const hex = `0x${Buffer.from(detail.sources[0]!.base64, 'base64').toString('hex')}`;
      const decoded = await service.decode('eth2rpc', hex);
      const cli = JSON.parse((await runCliOk(['decode', 'eth2rpc', hex])).stdout) as JsonObject;
      expect(decoded.record).toEqual(cli);
      expect(decoded.tree.end).toBe((hex.length - 2) / 2);
      expect(decoded.sources[0]!.base64).toBe(detail.sources[0]!.base64);
      const encoded = await service.encode('eth2rpc', {
        message: decoded.record.message,
        fields: decoded.record.fields,
      });
      expect(encoded).toEqual({ hex });
    }
  });

  it('report what cannot be decoded or encoded', async () => {
    const { service } = harness;
    await expect(service.decode('nosuch', '00')).rejects.toThrow(/unknown protocol nosuch; known: .*hobbits/);
    await expect(service.decode('hobbits', 'zz')).rejects.toThrow(/bad hex/);
    const broken = await service.decode('hobbits', '0x4557');
    expect(broken.record.notes.some((n) => n.severity === 'error')).toBe(true);
    const refused = await service.encode('hobbits', { message: 'HELLO', fields: { header: { id: 'x' } } });
    expect(refused).toEqual({ error: expect.any(String), path: 'body' });
    expect(await service.encode('hobbits', { message: 'NOSUCH', fields: {} })).toMatchObject({
      error: expect.stringMatching(/NOSUCH/),
    });
  });
});

describe('protocols and filters', () => {
  it('list every registered protocol with its messages and a JSON Schema', async () => {
    const protocols = await harness.service.protocols();
    const registry = defaultRegistry();
    expect(protocols.map((p) => p.name)).toEqual(registry.names());
    const hobbits = protocols.find((p) => p.name === 'hobbits')!;
    expect(hobbits.transport).toBe('tcp');
    expect(hobbits.messages.map((m) => m.name)).toContain('GET_STATUS');
    expect(hobbits.schema.oneOf).toBeInstanceOf(Array);
    expect(JSON.parse(JSON.stringify(protocols))).toEqual(protocols);
  });

  it('check filters with the place of the problem, and complete field names', async () => {
    const { service } = harness;
    expect(await service.checkFilter('hobbits.header.id == 5')).toBeNull();
    expect(await service.checkFilter('')).toBeNull();
    expect(await service.checkFilter('pair == ')).toMatchObject({ position: 8 });
    expect(await service.checkFilter('hobbits.heder.id == 5')).toMatchObject({
      position: 0,
      suggestion: 'hobbits.header.id',
    });
    const completion = await service.completeFilter('hobbits.hea', 11);
    expect(completion.from).toBe(0);
    expect(completion.options).toContain('hobbits.header');
    expect(filterFieldNames(defaultRegistry().declarations())).toContain('hobbits.header.id');
  });

  it('forget a capture once closed', async () => {
    const { service } = harness;
    const { info } = await openLoaded(service, { kind: 'sample', name: 'hobbits' });
    expect((await service.openCaptures()).map((c) => c.id)).toContain(info.id);
    await service.closeCapture(info.id);
    expect((await service.openCaptures()).map((c) => c.id)).not.toContain(info.id);
    await expect(service.getRows(info.id, 0, 1)).rejects.toThrow(/no open capture/);
  });
});
