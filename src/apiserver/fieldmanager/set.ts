import {
  compareElements,
  elementKey,
  type Json,
  type Path,
  type PathElement,
  parseElementKey,
} from './path.js';

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

/**
 * A set of field paths (structured-merge-diff's fieldpath.Set) kept as a trie: `members` are the
 * paths that end at this level, `children` the subsets below an element. A child set is never
 * empty. Operations return new sets and never mutate their operands; `insert` mutates.
 */
export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  /** A set holding the given paths. */
  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds `path` (the empty path, which names the root, is ignored). Mutates. */
  insert(path: Path): void {
    if (path.length === 0) return;
    let s: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) s = s.childOrCreate(path[i]!);
    const last = path[path.length - 1]!;
    s.members.set(elementKey(last), last);
  }

  private childOrCreate(pe: PathElement): FieldSet {
    const k = elementKey(pe);
    let c = this.children.get(k);
    if (c === undefined) {
      c = { pe, set: new FieldSet() };
      this.children.set(k, c);
    }
    return c.set;
  }

  /** Whether `path` is a member. */
  has(path: Path): boolean {
    if (path.length === 0) return false;
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && s !== undefined; i++)
      s = s.children.get(elementKey(path[i]!))?.set;
    return s?.members.has(elementKey(path[path.length - 1]!)) === true;
  }

  /** Whether `pe` is a member at this level. */
  hasMember(pe: PathElement): boolean {
    return this.members.has(elementKey(pe));
  }

  /** True when the set holds no path. */
  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  /** The subset below `pe` (paths relative to it); empty when none. */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(elementKey(pe))?.set ?? new FieldSet();
  }

  /** The elements at this level that have paths below them, in upstream's order. */
  childElements(): PathElement[] {
    return [...this.children.values()].map((c) => c.pe).sort(compareElements);
  }

  /** The member elements at this level, in upstream's order. */
  memberElements(): PathElement[] {
    return [...this.members.values()].sort(compareElements);
  }

  /** Paths in either set. */
  union(other: FieldSet): FieldSet {
    const out = this.clone();
    out.addAll(other);
    return out;
  }

  private addAll(other: FieldSet): void {
    for (const [k, pe] of other.members) this.members.set(k, pe);
    for (const [k, c] of other.children) {
      const mine = this.children.get(k);
      if (mine === undefined) this.children.set(k, { pe: c.pe, set: c.set.clone() });
      else mine.set.addAll(c.set);
    }
  }

  /**
   * A copy in which, at each level, the child elements `visit` marks are also members; `visit`
   * also gives the context passed down to that child (a type, for schema-driven callers).
   */
  rebuild<T>(ctx: T, visit: (ctx: T, pe: PathElement) => { member: boolean; next: T }): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const v = visit(ctx, c.pe);
      if (v.member) out.members.set(k, c.pe);
      out.children.set(k, { pe: c.pe, set: c.set.rebuild(v.next, visit) });
    }
    return out;
  }

  /** A deep copy. */
  clone(): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) out.members.set(k, pe);
    for (const [k, c] of this.children) out.children.set(k, { pe: c.pe, set: c.set.clone() });
    return out;
  }

  /** Paths in this set that are not members of `other` (members of other never drop subtrees). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!other.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const theirs = other.children.get(k);
      const sub = theirs === undefined ? c.set.clone() : c.set.difference(theirs.set);
      if (!sub.isEmpty()) out.children.set(k, { pe: c.pe, set: sub });
    }
    return out;
  }

  /** As difference, but a member of `other` also removes every path below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!other.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      if (other.members.has(k)) continue;
      const theirs = other.children.get(k);
      const sub = theirs === undefined ? c.set.clone() : c.set.recursiveDifference(theirs.set);
      if (!sub.isEmpty()) out.children.set(k, { pe: c.pe, set: sub });
    }
    return out;
  }

  /** Paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (other.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const theirs = other.children.get(k);
      if (theirs === undefined) continue;
      const sub = c.set.intersection(theirs.set);
      if (!sub.isEmpty()) out.children.set(k, { pe: c.pe, set: sub });
    }
    return out;
  }

  /** Same paths. */
  equals(other: FieldSet): boolean {
    if (this.members.size !== other.members.size || this.children.size !== other.children.size) return false;
    for (const k of this.members.keys()) if (!other.members.has(k)) return false;
    for (const [k, c] of this.children) {
      const theirs = other.children.get(k);
      if (theirs === undefined || !c.set.equals(theirs.set)) return false;
    }
    return true;
  }

  /**
   * Every path in upstream's iteration order: at each level the members first, then the
   * children's paths, both sorted by element.
   */
  paths(): Path[] {
    const out: Path[] = [];
    this.collect([], out);
    return out;
  }

  private collect(prefix: PathElement[], out: Path[]): void {
    for (const pe of this.memberElements()) out.push([...prefix, pe]);
    for (const pe of this.childElements()) {
      this.children.get(elementKey(pe))!.set.collect([...prefix, pe], out);
    }
  }

  /**
   * The FieldsV1 JSON form: one key per element, `{}` for a member without children, and a
   * `.` entry first in a child that is also a member; keys in upstream's order.
   */
  toFieldsV1(): Record<string, Json> {
    const out: Record<string, Json> = {};
    const keys = new Set<string>();
    const elems = [...this.members.values(), ...[...this.children.values()].map((c) => c.pe)].filter((pe) => {
      const k = elementKey(pe);
      if (keys.has(k)) return false;
      keys.add(k);
      return true;
    });
    for (const pe of elems.sort(compareElements)) {
      const k = elementKey(pe);
      const child = this.children.get(k);
      if (child === undefined) {
        out[k] = {};
      } else {
        out[k] = this.members.has(k) ? { '.': {}, ...child.set.toFieldsV1() } : child.set.toFieldsV1();
      }
    }
    return out;
  }

  /**
   * Reads the FieldsV1 JSON form. Throws Error with upstream-like text for a malformed key or a
   * non-object value.
   */
  static fromFieldsV1(v: unknown): FieldSet {
    const out = new FieldSet();
    out.read(v);
    return out;
  }

  private read(v: unknown): void {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('expected an object');
    for (const [k, sub] of Object.entries(v)) {
      if (k === '.') continue;
      const pe = parseElementKey(k);
      if (pe === undefined) throw new Error(`parsing key as path element: ${k}`);
      if (sub === null || typeof sub !== 'object' || Array.isArray(sub))
        throw new Error('expected an object');
      const entries = Object.keys(sub);
      if (entries.length === 0 || entries.includes('.')) this.members.set(elementKey(pe), pe);
      if (entries.some((e) => e !== '.')) {
        const child = new FieldSet();
        child.read(sub);
        if (!child.isEmpty()) this.children.set(elementKey(pe), { pe, set: child });
      }
    }
  }
}
