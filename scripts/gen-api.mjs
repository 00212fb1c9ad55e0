// Generates src/api/generated/{resources,definitions}.json from an upstream Kubernetes
// OpenAPI v2 document. Only this script reads the reference document; the build and the
// runtime use the committed output.
//
//   node scripts/gen-api.mjs [path/to/kubernetes-openapi-v2.json] [--go-src DIR]... [--out DIR]
//
// The default path is ../shared/reference/kubernetes-openapi-v2.json relative to the repo root.
// With --go-src (checkouts of k8s.io/api, apimachinery, apiextensions-apiserver,
// kube-aggregator), it also regenerates src/api/generated/go-types.json: the Go type names
// of fields whose type the OpenAPI document does not name (`v1.RestartPolicy`), which
// decode error messages quote. Without it, the committed go-types.json is kept.
// Output is deterministic: every list and every object key is sorted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const goSources = [];
const positional = [];
let outArg;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--go-src') goSources.push(resolve(args[++i] ?? ''));
  else if (args[i] === '--out') outArg = resolve(args[++i] ?? '');
  else positional.push(args[i]);
}
const input = resolve(repoRoot, positional[0] ?? '../shared/reference/kubernetes-openapi-v2.json');
const outDir = outArg ?? join(repoRoot, 'src/api/generated');

// The stable group-versions kite serves ('' is the core group).
const SERVED = [
  '/v1',
  'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'apiregistration.k8s.io/v1',
  'apps/v1',
  'authentication.k8s.io/v1',
  'authorization.k8s.io/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'certificates.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1',
  'networking.k8s.io/v1',
  'node.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
];
const servedSet = new Set(SERVED.map((gv) => (gv.startsWith('/') ? gv.slice(1) : gv)));
const gvKey = (group, version) => (group === '' ? version : `${group}/${version}`);

// Discovery verbs a path action contributes. Connect actions map by HTTP method; HEAD and
// OPTIONS have no discovery verb.
const ACTION_VERB = {
  get: 'get',
  list: 'list',
  watch: 'watch',
  watchlist: 'watch',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
};
const CONNECT_VERB = { get: 'get', post: 'create', put: 'update', patch: 'patch', delete: 'delete' };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

// Definitions whose Go types decode themselves; the compact schema marks them so that
// the runtime can tell them apart (these markers are removed again when publishing).
const MARKERS = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { 'x-kubernetes-int-or-string': true },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { 'x-kite-decoder': 'quantity' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { 'x-kite-decoder': 'time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { 'x-kite-decoder': 'micro-time' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': {
    'x-kite-decoder': 'raw',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': {
    'x-kite-decoder': 'raw',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': {
    'x-kite-decoder': 'raw',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': {
    'x-kite-decoder': 'schema-or-bool',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': {
    'x-kite-decoder': 'schema-or-array',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': {
    'x-kite-decoder': 'schema-or-string-array',
    'x-kubernetes-preserve-unknown-fields': true,
  },
};

const doc = JSON.parse(readFileSync(input, 'utf8'));
if (doc.swagger !== '2.0' || typeof doc.paths !== 'object' || typeof doc.definitions !== 'object') {
  throw new Error(`${input}: not an OpenAPI v2 document`);
}

const refName = (ref) => ref.replace(/^#\/definitions\//, '');

/** Splits an API path into group, version, scope, resource, name and subresource. */
function parsePath(path) {
  const seg = path.split('/').filter((s) => s !== '');
  let group;
  let rest;
  if (seg[0] === 'api' && seg.length >= 2) {
    group = '';
    rest = seg.slice(1);
  } else if (seg[0] === 'apis' && seg.length >= 3) {
    group = seg[1];
    rest = seg.slice(2);
  } else return undefined;
  const version = rest[0];
  rest = rest.slice(1);
  let watch = false;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  let namespaced = false;
  if (rest[0] === 'namespaces' && rest[1] === '{namespace}' && rest.length >= 3) {
    namespaced = true;
    rest = rest.slice(2);
  }
  if (rest.length === 0) return undefined;
  const [resource, name, sub] = rest;
  if (name !== undefined && name !== '{name}') return undefined;
  return { group, version, watch, namespaced, resource, item: name !== undefined, sub };
}

const resources = new Map();
const extraRoots = new Set();
for (const path of Object.keys(doc.paths).sort()) {
  const p = parsePath(path);
  if (!p || !servedSet.has(gvKey(p.group, p.version))) continue;
  const key = `${p.group}/${p.version}/${p.resource}`;
  let r = resources.get(key);
  if (!r) {
    r = { group: p.group, version: p.version, plural: p.resource, verbs: new Set(), subresources: new Map() };
    r.namespaced = undefined;
    resources.set(key, r);
  }
  for (const method of METHODS) {
    const op = doc.paths[path][method];
    if (!op) continue;
    const action = op['x-kubernetes-action'];
    const gvk = op['x-kubernetes-group-version-kind'];
    const verb = action === 'connect' ? CONNECT_VERB[method] : ACTION_VERB[action];
    for (const code of ['200', '201']) {
      const ref = op.responses?.[code]?.schema?.$ref;
      if (ref) extraRoots.add(refName(ref));
    }
    for (const param of op.parameters ?? []) {
      const resolved = param.$ref ? doc.parameters?.[param.$ref.replace(/^#\/parameters\//, '')] : param;
      if (resolved?.schema?.$ref) extraRoots.add(refName(resolved.schema.$ref));
    }
    if (p.sub !== undefined) {
      let s = r.subresources.get(p.sub);
      if (!s) {
        s = { name: p.sub, verbs: new Set() };
        r.subresources.set(p.sub, s);
      }
      if (gvk) Object.assign(s, { kind: gvk.kind, group: gvk.group, version: gvk.version });
      if (verb) s.verbs.add(verb);
      continue;
    }
    if (gvk && !p.watch && action !== 'deletecollection') r.kind = gvk.kind;
    if (gvk && r.kind === undefined) r.kind = gvk.kind;
    if (verb) r.verbs.add(verb);
    if (action === 'delete') {
      // Some registries answer DELETE with the deleted object instead of a Status.
      const ref = op.responses?.['200']?.schema?.$ref;
      r.deleteReturnsObject = ref !== undefined && !ref.endsWith('.meta.v1.Status');
    }
    if (action === 'list') {
      const ref = op.responses?.['200']?.schema?.$ref;
      if (ref) r.listKind = refName(ref).split('.').pop();
    }
    // Cluster-wide list paths of namespaced resources say nothing about scope.
    if (p.namespaced) r.namespaced = true;
    else if (p.item || action === 'post') r.namespaced ??= false;
    if (!p.watch && (action === 'get' || action === 'post' || action === 'put' || action === 'list')) {
      const ref = op.responses?.['200']?.schema?.$ref ?? op.responses?.['201']?.schema?.$ref;
      if (ref && action !== 'list') r.definition = refName(ref);
    }
  }
}

const sortedResources = [...resources.values()]
  .map((r) => ({
    group: r.group,
    version: r.version,
    kind: r.kind,
    listKind: r.listKind,
    plural: r.plural,
    namespaced: r.namespaced ?? false,
    deleteReturnsObject: r.deleteReturnsObject ?? false,
    definition: r.definition,
    verbs: [...r.verbs].sort(),
    subresources: [...r.subresources.values()]
      .map((s) => ({
        name: s.name,
        group: s.group,
        version: s.version,
        kind: s.kind,
        verbs: [...s.verbs].sort(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }))
  .sort((a, b) => (`${a.group}/${a.version}/${a.plural}` < `${b.group}/${b.version}/${b.plural}` ? -1 : 1));
for (const r of sortedResources) {
  if (!r.kind || !r.definition)
    throw new Error(`no kind/definition found for ${r.group}/${r.version}/${r.plural}`);
}

// Definitions reachable from served kinds, their lists and everything the served paths use.
// Discovery and version documents are published with the API too.
const roots = new Set([
  ...extraRoots,
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup',
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList',
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList',
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions',
  'io.k8s.apimachinery.pkg.version.Info',
]);
for (const [name, def] of Object.entries(doc.definitions)) {
  const gvks = def['x-kubernetes-group-version-kind'] ?? [];
  if (gvks.some((g) => servedSet.has(gvKey(g.group, g.version)))) roots.add(name);
}
const reachable = new Set();
const queue = [...roots];
while (queue.length > 0) {
  const name = queue.pop();
  if (reachable.has(name)) continue;
  if (!doc.definitions[name]) throw new Error(`dangling $ref ${name}`);
  reachable.add(name);
  JSON.stringify(doc.definitions[name], (k, v) => {
    if (k === '$ref' && typeof v === 'string') queue.push(refName(v));
    return v;
  });
}

/** Copies a schema node without description texts, keys sorted, gvk lists filtered to served. */
function compact(node) {
  if (Array.isArray(node)) return node.map(compact);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const key of Object.keys(node).sort()) {
    if (key === 'description') continue;
    let v = node[key];
    if (key === 'properties') {
      const props = {};
      for (const pk of Object.keys(v).sort()) props[pk] = compact(v[pk]);
      out[key] = props;
      continue;
    }
    if (key === 'x-kubernetes-group-version-kind') {
      v = v
        .filter((g) => servedSet.has(gvKey(g.group, g.version)))
        .sort((a, b) => (gvKey(a.group, a.version) + a.kind < gvKey(b.group, b.version) + b.kind ? -1 : 1));
      if (v.length === 0) continue;
    }
    out[key] = compact(v);
  }
  return out;
}

const definitions = {};
const added = {};
for (const name of [...reachable].sort()) {
  const def = compact(doc.definitions[name]);
  const marks = MARKERS[name];
  if (marks) {
    Object.assign(def, marks);
    added[name] = Object.keys(marks).sort();
  }
  const sorted = {};
  for (const k of Object.keys(def).sort()) sorted[k] = def[k];
  definitions[name] = sorted;
}

mkdirSync(outDir, { recursive: true });

// The repository's formatter owns the layout of committed JSON; pass every file through it
// so that a fresh generation is byte-identical to what `biome format` leaves behind.
const biome = join(repoRoot, 'node_modules/.bin/biome');
if (!existsSync(biome)) console.warn('biome not installed: generated JSON left unformatted');
function writeJson(name, value) {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  let out = text;
  if (existsSync(biome)) {
    const r = spawnSync(biome, ['format', `--stdin-file-path=src/api/generated/${name}`], {
      cwd: repoRoot,
      input: text,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`biome format failed on ${name}: ${r.stderr}`);
    out = r.stdout;
  }
  writeFileSync(join(outDir, name), out);
}

const groupVersions = SERVED.map((gv) => {
  const [group, version] = gv.split('/');
  return { group, version };
});
writeJson('resources.json', { groupVersions, resources: sortedResources });
writeJson('definitions.json', { added, definitions });
if (goSources.length > 0) {
  const { goTypesFor } = await import('./gen-api-go-types.mjs');
  writeJson('go-types.json', goTypesFor(goSources, definitions));
} else if (!existsSync(join(outDir, 'go-types.json'))) {
  console.warn('go-types.json not written: pass --go-src to generate it');
}
console.log(
  `wrote ${sortedResources.length} resources and ${Object.keys(definitions).length} definitions to ${outDir}`,
);
