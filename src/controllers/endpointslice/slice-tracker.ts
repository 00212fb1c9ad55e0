// Which EndpointSlice generations this controller wrote, per owning service, so that the
// controller can tell its own writes from others' and an informer cache that lags behind them.
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { LABEL_SERVICE_NAME } from './labels.js';

const DELETION_EXPECTED = -1;

function serviceKeyOf(slice: EndpointSlice): string {
  return `${slice.metadata?.namespace ?? ''}/${slice.metadata?.labels?.[LABEL_SERVICE_NAME] ?? ''}`;
}

/** Tracks expected slice generations by service (upstream's EndpointSliceTracker). Single-threaded. */
export class EndpointSliceTracker {
  private readonly byService = new Map<string, Map<string, number>>();

  /** Whether the slice's UID is tracked. */
  has(slice: EndpointSlice): boolean {
    return this.byService.get(serviceKeyOf(slice))?.has(slice.metadata?.uid ?? '') ?? false;
  }

  /** Whether an event for `slice` needs a sync: it is untracked or newer than what was written. */
  shouldSync(slice: EndpointSlice): boolean {
    const gens = this.byService.get(serviceKeyOf(slice));
    if (gens === undefined) return true;
    const g = gens.get(slice.metadata?.uid ?? '');
    return g === undefined || (slice.metadata?.generation ?? 0) > g;
  }

  /**
   * Whether the cached `slices` of the service at `namespace/name` lag behind what was written:
   * one expected deleted is still there, one is older than written, or one written is missing.
   */
  staleSlices(namespace: string, name: string, slices: readonly EndpointSlice[]): boolean {
    const gens = this.byService.get(`${namespace}/${name}`);
    if (gens === undefined) return false;
    const seen = new Set<string>();
    for (const s of slices) {
      const uid = s.metadata?.uid ?? '';
      seen.add(uid);
      const g = gens.get(uid);
      if (g !== undefined && (g === DELETION_EXPECTED || g > (s.metadata?.generation ?? 0))) return true;
    }
    for (const [uid, g] of gens) if (g !== DELETION_EXPECTED && !seen.has(uid)) return true;
    return false;
  }

  /** Records a slice this controller created or updated. */
  update(slice: EndpointSlice): void {
    const key = serviceKeyOf(slice);
    let gens = this.byService.get(key);
    if (gens === undefined) {
      gens = new Map();
      this.byService.set(key, gens);
    }
    gens.set(slice.metadata?.uid ?? '', slice.metadata?.generation ?? 0);
  }

  /** Records a slice this controller deleted. */
  expectDeletion(slice: EndpointSlice): void {
    const key = serviceKeyOf(slice);
    let gens = this.byService.get(key);
    if (gens === undefined) {
      gens = new Map();
      this.byService.set(key, gens);
    }
    gens.set(slice.metadata?.uid ?? '', DELETION_EXPECTED);
  }

  /** Forgets a deleted slice; true when its deletion was expected. */
  handleDeletion(slice: EndpointSlice): boolean {
    const key = serviceKeyOf(slice);
    const gens = this.byService.get(key);
    const uid = slice.metadata?.uid ?? '';
    if (gens === undefined || !gens.has(uid)) return false;
    const g = gens.get(uid);
    gens.delete(uid);
    if (gens.size === 0) this.byService.delete(key);
    return g === DELETION_EXPECTED;
  }

  /** Forgets a service. */
  deleteService(namespace: string, name: string): void {
    this.byService.delete(`${namespace}/${name}`);
  }
}
