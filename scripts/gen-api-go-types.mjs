// Part of gen-api.mjs: reads the Go sources of the API types and records, per OpenAPI
// definition and property, the Go type name the JSON decoder quotes in its errors when the
// OpenAPI document cannot tell it (named string types, named maps such as v1.ResourceList).
//
// A descriptor is the Go type string as reflect prints it (pointer removed), followed by
// `=<underlying>` when the named type is a slice or map, so that element types can be found.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILTIN = new Map([
  ['string', 'string'],
  ['bool', 'bool'],
  ['int', 'int'],
  ['int32', 'int32'],
  ['int64', 'int64'],
  ['uint8', 'uint8'],
  ['byte', 'uint8'],
  ['float32', 'float32'],
  ['float64', 'float64'],
]);

function goFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) goFiles(p, out);
    else if (
      name.endsWith('.go') &&
      !name.endsWith('_test.go') &&
      !name.startsWith('zz_') &&
      !name.includes('generated')
    )
      out.push(p);
  }
  return out;
}

/** Parses the struct fields and named types of every package under the roots, keyed by directory. */
function scan(roots) {
  const packages = new Map();
  for (const root of roots) {
    for (const file of goFiles(root)) {
      const dir = file.slice(0, file.lastIndexOf('/'));
      const text = readFileSync(file, 'utf8');
      const pkgName = /^package (\w+)/m.exec(text)?.[1];
      if (!pkgName) continue;
      const imports = new Map();
      for (const m of text.matchAll(/^(?:import )?\s*(\w+)?\s*"([^"]+)"$/gm)) {
        const path = m[2];
        imports.set(m[1] ?? path.slice(path.lastIndexOf('/') + 1), path.slice(path.lastIndexOf('/') + 1));
      }
      const pkg = packages.get(dir) ?? { name: pkgName, structs: new Map(), named: new Map() };
      packages.set(dir, pkg);
      const qualify = (expr) => qualifyType(expr.trim(), pkgName, imports);
      for (const m of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
        const fields = new Map();
        for (const line of m[2].split('\n')) {
          const f = /^\t(\w+)\s+([^\s`]+)\s+`[^`]*json:"([^",]*)/.exec(line);
          if (!f || f[3] === '' || f[3] === '-') continue;
          fields.set(f[3], qualify(f[2]));
        }
        pkg.structs.set(m[1], fields);
      }
      for (const m of text.matchAll(
        /^type (\w+) ((?:\[\]|map\[)[^\n/]*|string|bool|int32|int64|float64)\s*$/gm,
      ))
        pkg.named.set(`${pkgName}.${m[1]}`, qualify(m[2]));
    }
  }
  return packages;
}

function qualifyType(expr, pkgName, imports) {
  if (expr.startsWith('*')) return `*${qualifyType(expr.slice(1), pkgName, imports)}`;
  if (expr.startsWith('[]')) return `[]${qualifyType(expr.slice(2), pkgName, imports)}`;
  if (expr.startsWith('map[')) {
    let depth = 0;
    let i = 3;
    for (; i < expr.length; i++) {
      if (expr[i] === '[') depth++;
      else if (expr[i] === ']' && --depth === 0) break;
    }
    return `map[${qualifyType(expr.slice(4, i), pkgName, imports)}]${qualifyType(expr.slice(i + 1), pkgName, imports)}`;
  }
  if (expr === 'interface{}' || expr === 'any') return 'interface {}';
  if (BUILTIN.has(expr)) return BUILTIN.get(expr);
  const dot = expr.indexOf('.');
  if (dot > 0) return `${imports.get(expr.slice(0, dot)) ?? expr.slice(0, dot)}.${expr.slice(dot + 1)}`;
  return `${pkgName}.${expr}`;
}

/** What the runtime derives from the schema alone (mirrors goTypeOf in src/api/schema). */
function schemaGoType(node) {
  if (node.$ref) return node.$ref.split('.').slice(-2).join('.');
  switch (node.type) {
    case 'array':
      return `[]${node.items ? schemaGoType(node.items) : 'interface {}'}`;
    case 'object':
      return typeof node.additionalProperties === 'object'
        ? `map[string]${schemaGoType(node.additionalProperties)}`
        : 'map[string]interface {}';
    case 'string':
      return node.format === 'byte' ? '[]uint8' : 'string';
    case 'integer':
      return node.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    default:
      return 'interface {}';
  }
}

/** The package directory holding a definition's Go type, by path suffix (`core.v1` → `.../core/v1`). */
function packageFor(packages, definition) {
  const parts = definition.split('.');
  const suffix = `/${parts.slice(3, -1).join('/')}`;
  const matches = [...packages.keys()].filter((d) => d.endsWith(suffix));
  return matches.length === 1 ? packages.get(matches[0]) : undefined;
}

/**
 * Go type descriptors for the properties of the given compact definitions, only where they
 * differ from what the schema implies. Sorted keys.
 */
export function goTypesFor(roots, definitions) {
  const packages = scan(roots);
  const named = new Map();
  for (const pkg of packages.values()) for (const [k, v] of pkg.named) named.set(k, v);
  const out = {};
  let missing = 0;
  for (const name of Object.keys(definitions).sort()) {
    const props = definitions[name].properties;
    if (!props) continue;
    const struct = packageFor(packages, name)?.structs.get(name.slice(name.lastIndexOf('.') + 1));
    if (!struct) {
      missing++;
      continue;
    }
    const entry = {};
    for (const prop of Object.keys(props).sort()) {
      const goType = struct.get(prop);
      if (goType === undefined) continue;
      const bare = goType.replace(/^\*/, '');
      const underlying = named.get(bare);
      const descriptor = underlying && /^(\[\]|map\[)/.test(underlying) ? `${bare}=${underlying}` : bare;
      if (descriptor !== schemaGoType(props[prop])) entry[prop] = descriptor;
    }
    if (Object.keys(entry).length > 0) out[name] = entry;
  }
  if (missing > 0) console.warn(`go-types: ${missing} definitions without Go sources (left to the schema)`);
  return out;
}
