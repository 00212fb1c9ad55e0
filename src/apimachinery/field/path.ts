/**
 * A path to a field inside an object, printed as upstream prints it:
 * `spec.containers[0].image`, `metadata.labels[app.kubernetes.io/name]`.
 * Paths are immutable; every method returns a new path and never changes the receiver.
 */
export class FieldPath {
  private constructor(
    private readonly parent: FieldPath | undefined,
    private readonly name: string,
    private readonly kind: 'root' | 'child' | 'index' | 'key',
  ) {}

  /** A root path from one or more dotted segments: `path('spec', 'template')` → `spec.template`. */
  static root(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(undefined, name, 'root');
    for (const m of more) p = p.child(m);
    return p;
  }

  /** A child field: `spec` → `spec.containers`. */
  child(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(this, name, 'child');
    for (const m of more) p = p.child(m);
    return p;
  }

  /** A list element: `spec.containers` → `spec.containers[0]`. */
  index(i: number): FieldPath {
    return new FieldPath(this, String(i), 'index');
  }

  /** A map entry: `metadata.labels` → `metadata.labels[app]`. */
  key(k: string): FieldPath {
    return new FieldPath(this, k, 'key');
  }

  toString(): string {
    const parts: FieldPath[] = [];
    for (let p: FieldPath | undefined = this; p !== undefined; p = p.parent) parts.push(p);
    let out = '';
    for (let i = parts.length - 1; i >= 0; i--) {
      const p = parts[i]!;
      if (p.kind === 'index' || p.kind === 'key') out += `[${p.name}]`;
      else if (out === '') out = p.name;
      else out += `.${p.name}`;
    }
    return out;
  }
}

/** Shorthand for `FieldPath.root(...)`. */
export function path(name: string, ...more: string[]): FieldPath {
  return FieldPath.root(name, ...more);
}
