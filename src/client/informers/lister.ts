// Listers: selector-filtered reads of an informer cache, as client-go's generated listers.
import type { Selector } from '../../apimachinery/labels/index.js';
import type { KubeObject } from '../types.js';
import { type Indexer, type Lister, NAMESPACE_INDEX } from './types.js';

function matches(obj: KubeObject, selector: Selector | undefined): boolean {
  return selector === undefined || selector.empty() || selector.matches(obj.metadata?.labels ?? {});
}

/**
 * A Lister over `indexer`. Reads are live (no snapshot) and return the cached objects themselves:
 * callers must not mutate them. Namespace listing uses NAMESPACE_INDEX; namespace '' lists every
 * namespace (metav1.NamespaceAll), as upstream listers do.
 */
export class CacheLister<T extends KubeObject> implements Lister<T> {
  constructor(private readonly indexer: Indexer<T>) {}

  list(selector?: Selector): T[] {
    return this.indexer.list().filter((o) => matches(o, selector));
  }

  listNamespace(namespace: string, selector?: Selector): T[] {
    if (namespace === '') return this.list(selector);
    return this.indexer.byIndex(NAMESPACE_INDEX, namespace).filter((o) => matches(o, selector));
  }

  get(namespace: string, name: string): T | undefined {
    return this.indexer.get(namespace, name);
  }
}
