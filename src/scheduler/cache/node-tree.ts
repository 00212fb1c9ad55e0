// Nodes grouped by zone, listed round-robin across zones (upstream nodeTree) so that the scheduler's
// partial node search spreads over zones.
import type { Node } from 'kubernetes-types/core/v1.js';

/** Upstream's zone key: region and zone labels (GA, else the deprecated beta ones) joined. */
export function zoneKeyOf(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/** Node names by zone, in insertion order. */
export class NodeTree {
  private readonly zones = new Map<string, string[]>();
  private count = 0;
  /** Bumped on every membership or zone change. */
  version = 0;

  get numNodes(): number {
    return this.count;
  }

  add(node: Node): void {
    const zone = zoneKeyOf(node);
    const name = node.metadata?.name ?? '';
    let names = this.zones.get(zone);
    if (names === undefined) {
      names = [];
      this.zones.set(zone, names);
    }
    if (names.includes(name)) return;
    names.push(name);
    this.count += 1;
    this.version += 1;
  }

  remove(node: Node): boolean {
    const zone = zoneKeyOf(node);
    const name = node.metadata?.name ?? '';
    const names = this.zones.get(zone);
    const i = names?.indexOf(name) ?? -1;
    if (names === undefined || i < 0) return false;
    names.splice(i, 1);
    if (names.length === 0) this.zones.delete(zone);
    this.count -= 1;
    this.version += 1;
    return true;
  }

  /** Moves the node if its zone changed. */
  update(oldNode: Node | undefined, newNode: Node): void {
    if (oldNode !== undefined && zoneKeyOf(oldNode) === zoneKeyOf(newNode)) return;
    if (oldNode !== undefined) this.remove(oldNode);
    this.add(newNode);
  }

  /** All names, one from each zone in turn. */
  list(): string[] {
    const out: string[] = [];
    const lists = [...this.zones.values()];
    for (let i = 0; out.length < this.count; i++) {
      for (const l of lists) {
        const n = l[i];
        if (n !== undefined) out.push(n);
      }
    }
    return out;
  }
}
