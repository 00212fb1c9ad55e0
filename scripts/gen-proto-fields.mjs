#!/usr/bin/env node
// Builds src/api/generated/proto-fields.json: the protobuf field table of every message that the
// catalogue's OpenAPI definitions name. Input: checkout roots (kubernetes/api, kubernetes/apimachinery,
// kubernetes/apiextensions-apiserver, kubernetes/kube-aggregator); every `generated.proto` below them is
// read, plus the Go sources beside it (to learn which scalar fields are non-pointer `omitempty`). Only
// facts are kept: message names, field names, numbers, types, cardinality and that omitempty flag.
//
//   node scripts/gen-proto-fields.mjs <checkout>... [--out path]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let out = join(repoRoot, 'src/api/generated/proto-fields.json');
const roots = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = resolve(args[++i] ?? '');
  else roots.push(resolve(args[i]));
}
if (roots.length === 0) {
  console.error('usage: gen-proto-fields.mjs <checkout>... [--out file]');
  process.exit(2);
}

const definitions = JSON.parse(
  readFileSync(join(repoRoot, 'src/api/generated/definitions.json'), 'utf8'),
).definitions;

function* protoFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === '.git' || name === 'node_modules') continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) yield* protoFiles(p);
    else if (name === 'generated.proto') yield p;
  }
}

// `k8s.io.api.core.v1` → `io.k8s.api.core.v1`; Go module names with `-` become `_` in proto packages.
function openAPIPackage(protoPackage) {
  const rest = protoPackage.replace(/^k8s\.io\./, '');
  return 'io.k8s.' + rest.replaceAll('_', '-');
}

const SCALARS = new Set(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']);

function typeRef(raw, pkg) {
  if (SCALARS.has(raw)) return raw;
  if (raw.startsWith('.')) {
    const parts = raw.slice(1).split('.');
    const name = parts.pop();
    return openAPIPackage(parts.join('.')) + '.' + name;
  }
  return pkg + '.' + raw;
}

const normalize = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Parses one generated.proto: returns [{ name, wrapper, fields: [...] }] in OpenAPI naming. */
function parseProto(text) {
  const pkgMatch = /^package\s+([\w.]+);/m.exec(text);
  if (!pkgMatch) throw new Error('no package statement');
  const pkg = openAPIPackage(pkgMatch[1]);
  const messages = [];
  const lines = text.split('\n');
  let current;
  let pendingComments = [];
  for (const line of lines) {
    const t = line.trim();
    if (t.startsWith('//')) {
      pendingComments.push(t);
      continue;
    }
    const msg = /^message\s+(\w+)\s*\{$/.exec(t);
    if (msg) {
      // A "+protobuf.nullable=true" message wraps a Go slice type; its JSON form is the bare list.
      const wrapper = pendingComments.some((c) => c.includes('+protobuf.nullable=true'));
      current = { name: `${pkg}.${msg[1]}`, wrapper, fields: [] };
      messages.push(current);
      pendingComments = [];
      continue;
    }
    pendingComments = [];
    if (t === '}') {
      current = undefined;
      continue;
    }
    if (!current) continue;
    const map = /^map<\s*(\w+)\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+);$/.exec(t);
    if (map) {
      current.fields.push({
        protoName: map[3],
        number: Number(map[4]),
        type: `map<${typeRef(map[1], pkg)},${typeRef(map[2], pkg)}>`,
        repeated: false,
        optional: false,
      });
      continue;
    }
    const field = /^(optional|repeated)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+);$/.exec(t);
    if (field) {
      current.fields.push({
        protoName: field[3],
        number: Number(field[4]),
        type: typeRef(field[2], pkg),
        repeated: field[1] === 'repeated',
        optional: field[1] === 'optional',
      });
      continue;
    }
    if (t.startsWith('option ') || t === '') continue;
    throw new Error(`unparsed line in message ${current.name}: ${t}`);
  }
  return messages;
}

// Go struct facts from the package's own sources: `<Struct>.<protoName>` → whether the JSON encoding
// omits the field's zero value (a non-pointer scalar tagged omitempty).
const omitZero = new Set();
function readGoStructs(dir, pkg) {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.go') || name.endsWith('_test.go') || name.includes('generated')) continue;
    let struct;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      const s = /^type\s+(\w+)\s+struct\s*\{/.exec(line);
      if (s) struct = s[1];
      const f = /^\s*\w+\s+(\S+)\s+`json:"([^"]*)".*protobuf:"[^"]*name=(\w+)/.exec(line);
      if (!struct || !f) continue;
      const goType = f[1];
      const scalar = /^(string|bool|u?int(8|16|32|64)?|float(32|64)|(\w+\.)?[A-Z]\w*)$/.test(goType);
      if (scalar && f[2].split(',').includes('omitempty')) omitZero.add(`${pkg}.${struct}.${f[3]}`);
    }
  }
}

const all = new Map();
for (const root of roots) {
  for (const file of protoFiles(root)) {
    const messages = parseProto(readFileSync(file, 'utf8'));
    for (const m of messages) all.set(m.name, m);
    if (messages[0]) readGoStructs(dirname(file), messages[0].name.replace(/\.\w+$/, ''));
  }
}

const skipped = [];

/** Leaf JSON names a message contributes when embedded, following nested embeddings. */
function leafNames(type, props, seen = new Set()) {
  if (seen.has(type)) return undefined;
  seen.add(type);
  const names = [];
  for (const g of all.get(type).fields) {
    if (props.has(normalize(g.protoName))) names.push(g.protoName);
    else if (!g.repeated && all.has(g.type) && leafNames(g.type, props, seen) !== undefined)
      names.push(g.type);
    else return undefined;
  }
  return names;
}

/** The JSON-facing fields of one message; fields the served schema does not know are left out. */
function resolveFields(name) {
  const m = all.get(name);
  const def = definitions[name];
  // Messages whose JSON form is a scalar (Time, Quantity, IntOrString, ...) keep their proto names:
  // the codec converts them by hand.
  if (def === undefined || def.properties === undefined || m.wrapper) {
    return m.fields.map((f) => ({ jsonName: f.protoName, ...pick(f, name) }));
  }
  const props = Object.keys(def.properties);
  const byNorm = new Map(props.map((p) => [normalize(p), p]));
  const out = [];
  for (const f of m.fields) {
    // The Go json tag equals the OpenAPI property name; proto names differ only in case and
    // punctuation (`ref` ↔ `$ref`, `xKubernetesListType` ↔ `x-kubernetes-list-type`).
    const jsonName = props.includes(f.protoName) ? f.protoName : byNorm.get(normalize(f.protoName));
    if (jsonName !== undefined) out.push({ jsonName, ...pick(f, name) });
    else if (!f.repeated && all.has(f.type) && leafNames(f.type, byNorm) !== undefined) {
      // An embedded Go struct (`json:",inline"`): its fields are the parent's own properties.
      out.push({ inline: true, ...pick(f, name) });
    } else skipped.push(`${name}.${f.protoName}`);
  }
  return out.sort((a, b) => a.number - b.number);
}

function pick(f, owner) {
  const base = { number: f.number, type: f.type, repeated: f.repeated, optional: f.optional };
  // Only scalar types: a named Go type that is a struct is never "zero" for encoding/json.
  return SCALARS.has(f.type) && omitZero.has(`${owner}.${f.protoName}`) ? { ...base, omitZero: true } : base;
}

// Walk from every served definition through the kept fields, so helper messages (map value wrappers
// such as ExtraValue, embedded structs such as ProbeHandler) are included too.
const result = {};
const queue = Object.keys(definitions).filter((n) => all.has(n));
while (queue.length > 0) {
  const name = queue.pop();
  if (result[name] !== undefined) continue;
  const fields = resolveFields(name);
  result[name] = all.get(name).wrapper ? { wrapper: true, fields } : { fields };
  for (const f of fields) {
    for (const ref of f.type.replace(/^map<|>$/g, '').split(',')) {
      if (SCALARS.has(ref)) continue;
      if (!all.has(ref)) throw new Error(`${name}: unknown message ${ref}`);
      queue.push(ref);
    }
  }
}
const sorted = Object.fromEntries(
  Object.keys(result)
    .sort()
    .map((k) => [k, result[k]]),
);

// Pass the text through the repository formatter so regeneration matches the committed layout.
let text = `${JSON.stringify(sorted, null, 2)}\n`;
const biome = join(repoRoot, 'node_modules/.bin/biome');
if (existsSync(biome)) {
  const r = spawnSync(biome, ['format', '--stdin-file-path=src/api/generated/proto-fields.json'], {
    cwd: repoRoot,
    input: text,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`biome format failed: ${r.stderr}`);
  text = r.stdout;
}
writeFileSync(out, text);
if (skipped.length > 0) console.log(`fields not in the served schema, left out: ${skipped.join(', ')}`);
console.log(`wrote ${Object.keys(sorted).length} messages to ${out}`);
