import { readFileSync } from 'node:fs';

/** The public vector files (test/vectors, copied from ../shared/vectors), read as they are. */
function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../vectors/${name}`, import.meta.url), 'utf8')) as T;
}

export interface WireVector {
  name: string;
  message_type: string;
  inputs: Record<string, unknown>;
  expected: string;
}

export interface WireSet {
  name: string;
  source: string;
  vectors: WireVector[];
}

export const wireVectors = load<{ sets: WireSet[]; enr_rlp_decoded_locally: { enr1: string; enr2: string } }>(
  'portal-wire.json',
);

export interface UtpVector {
  name: string;
  header: Record<string, number>;
  selective_ack: number[] | null;
  payload: number[];
  expected: string;
}

export const utpVectors = load<{ vectors: UtpVector[] }>('portal-utp.json').vectors;

export interface KeyVector {
  name: string;
  content_key: string;
  content_id?: string;
  content_id_check?: string;
  input_text?: string;
  block_number?: string;
}

export const keyVectors = load<{ sets: { name: string; source: string; era: string; vectors: KeyVector[] }[] }>(
  'portal-content-keys.json',
).sets;

export interface ValueVector {
  source: string;
  name: string;
  content_key: string;
  content_value?: string;
  content_value_offer?: string;
  content_value_retrieval?: string;
  block_number?: string;
}

export const valueVectors = load<{ values: ValueVector[] }>('portal-content-values.json').values;

/** The three message eras of portal-wire.json: current, 2021-11-23 (selectors from 0), 2021-11-16 (the seed's). */
export const [currentSet, zeroBasedSet, seedSet] = wireVectors.sets as [WireSet, WireSet, WireSet];
