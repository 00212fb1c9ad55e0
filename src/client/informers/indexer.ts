// The informer cache: objects by key, with secondary indexes (client-go's thread-safe store and
// indexer, on one event loop).
import type { KubeObject } from '../types.js';
import { objectKey } from './keys.js';
import { type IndexFunc, type Indexer, NAMESPACE_INDEX } from './types.js';

/** Files an object under its namespace ('' for cluster-scoped objects), as MetaNamespaceIndexFunc. */
export function namespaceIndexFunc(obj: KubeObject): readonly string[] {
  return [obj.metadata?.namespace ?? ''];
}

/**
 * An Indexer keyed by `namespace/name` with NAMESPACE_INDEX built in. Objects are stored as given
 * (never copied). Not safe for re-entrant use from inside an IndexFunc.
 */
export class CacheIndexer<T extends KubeObject> implements Indexer<T> {
  private readonly items = new Map<string, T>();
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();
  /** index name → value → keys. */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Readonly<Record<string, IndexFunc<T>>> = {}) {
    this.addIndexers({ [NAMESPACE_INDEX]: namespaceIndexFunc, ...indexers });
  }

  get(namespace: string, name: string): T | undefined {
    return this.items.get(namespace === '' ? name : `${namespace}/${name}`);
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  byIndex(indexName: string, value: string): T[] {
    const index = this.indices.get(indexName);
    if (index === undefined) throw new Error(`Index with name ${indexName} does not exist`);
    const keys = index.get(value);
    if (keys === undefined) return [];
    const out: T[] = [];
    for (const k of keys) {
      const obj = this.items.get(k);
      if (obj !== undefined) out.push(obj);
    }
    return out;
  }

  /** Keys of the objects whose index `indexName` includes `value`. Throws for an unknown index. */
  indexKeys(indexName: string, value: string): string[] {
    const index = this.indices.get(indexName);
    if (index === undefined) throw new Error(`Index with name ${indexName} does not exist`);
    return [...(index.get(value) ?? [])];
  }

  addIndexers(indexers: Readonly<Record<string, IndexFunc<T>>>): void {
    for (const name of Object.keys(indexers)) {
      if (this.indexFuncs.has(name)) throw new Error(`indexer conflict: ${name}`);
    }
    for (const [name, fn] of Object.entries(indexers)) {
      this.indexFuncs.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) addToIndex(index, fn(obj), key);
    }
  }

  add(obj: T): void {
    this.put(obj);
  }

  update(obj: T): void {
    this.put(obj);
  }

  delete(obj: T): void {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old === undefined) return;
    this.unindex(old, key);
    this.items.delete(key);
  }

  replace(objs: readonly T[]): void {
    this.items.clear();
    for (const index of this.indices.values()) index.clear();
    for (const obj of objs) this.put(obj);
  }

  private put(obj: T): void {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old !== undefined) this.unindex(old, key);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indices.get(name);
      if (index !== undefined) addToIndex(index, fn(obj), key);
    }
  }

  private unindex(obj: T, key: string): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indices.get(name);
      if (index === undefined) continue;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        if (keys === undefined) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
    }
  }
}

function addToIndex(index: Map<string, Set<string>>, values: readonly string[], key: string): void {
  for (const value of values) {
    let keys = index.get(value);
    if (keys === undefined) {
      keys = new Set();
      index.set(value, keys);
    }
    keys.add(key);
  }
}
