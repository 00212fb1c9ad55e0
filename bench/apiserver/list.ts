import { type Latency, latency } from '../store/measure.js';
import type { BenchClient } from './client.js';

/** Figures of repeated whole LISTs of one namespace. */
export interface ListFigures extends Latency {
  readonly items: number;
  /** Size of one answer. */
  readonly bytes: number;
}

function listPath(namespace: string, resourceVersion: '' | '0'): string {
  return `/api/v1/namespaces/${namespace}/pods${resourceVersion === '' ? '' : '?resourceVersion=0'}`;
}

/**
 * Lists `namespace` once and checks the answer holds `expect` items; resolves to its size in
 * bytes. (The first LIST of a resource also starts the server's watch cache of it.)
 */
export async function checkedList(
  client: BenchClient,
  namespace: string,
  resourceVersion: '' | '0',
  expect: number,
): Promise<{ items: number; bytes: number }> {
  const path = listPath(namespace, resourceVersion);
  const a = await client.send('GET', path);
  if (a.code !== 200) throw new Error(`LIST ${path}: ${a.code} ${a.body.slice(0, 300)}`);
  const items = (JSON.parse(a.body) as { items: unknown[] }).items.length;
  if (items !== expect) throw new Error(`LIST ${path} returned ${items} items, want ${expect}`);
  return { items, bytes: a.bytes };
}

/**
 * Lists `namespace` whole `times` times, one request at a time, with the given resourceVersion
 * ('' leaves it out: a consistent read), and times each to its last byte. Bodies are not parsed
 * (checkedList does that); each answer must be 200 and as long as `bytes`.
 */
export async function repeatedList(
  client: BenchClient,
  namespace: string,
  resourceVersion: '' | '0',
  times: number,
  checked: { items: number; bytes: number },
): Promise<ListFigures> {
  const path = listPath(namespace, resourceVersion);
  const samples: number[] = [];
  for (let r = 0; r < times; r++) {
    const a = await client.send('GET', path, { keepBody: false });
    if (a.code !== 200) throw new Error(`LIST ${path}: ${a.code}`);
    if (a.bytes !== checked.bytes) throw new Error(`LIST ${path}: ${a.bytes} bytes, want ${checked.bytes}`);
    samples.push(a.ms);
  }
  return { ...checked, ...latency(samples) };
}
