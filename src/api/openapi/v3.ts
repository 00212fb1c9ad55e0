import { createHash } from 'node:crypto';
import { refName, type SchemaNode } from '../schema/index.js';
import { allOperations, type Operation } from './operations.js';
import { type JsonObject, type OpenAPIOptions, publishedDefinition } from './v2.js';

const V2_PREFIX = '#/definitions/';
const V3_PREFIX = '#/components/schemas/';

// Types that decode from more than one JSON type are published with oneOf in v3.
const V3_OVERRIDES: Readonly<Record<string, JsonObject>> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

/** Rewrites `$ref`s from v2 to v3 form, copying the node. */
function toV3(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toV3);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith(V2_PREFIX)
        ? V3_PREFIX + v.slice(V2_PREFIX.length)
        : toV3(v);
  }
  return out;
}

/** Definition names reachable from the given roots. */
function closure(roots: Iterable<string>): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    const def = publishedDefinition(name);
    if (def === undefined) continue;
    seen.add(name);
    JSON.stringify(def, (k, v: unknown) => {
      if (k === '$ref' && typeof v === 'string') queue.push(refName(v));
      return v;
    });
  }
  return [...seen].sort();
}

const schemaOf = (def: string | undefined): JsonObject =>
  def === undefined ? { type: 'string' } : { $ref: V3_PREFIX + def };

function v3Operation(op: Operation): JsonObject {
  const parameters: JsonObject[] = [
    ...op.pathParams.map((name) => ({
      in: 'path',
      name,
      required: true,
      schema: { type: 'string', uniqueItems: true },
    })),
    ...op.query.map((p) => ({ in: 'query', name: p.name, schema: { type: p.type, uniqueItems: true } })),
  ];
  const content = (types: readonly string[], def: string | undefined) =>
    Object.fromEntries(types.map((t) => [t, { schema: schemaOf(def) }]));
  const out: JsonObject = {
    operationId: op.operationId,
    responses: {
      '200': { description: 'OK', content: content(op.produces, op.response) },
      '401': { description: 'Unauthorized' },
    },
    tags: [op.tag],
  };
  if (parameters.length > 0) out['parameters'] = parameters;
  if (op.body !== undefined) out['requestBody'] = { content: content(op.consumes, op.body), required: true };
  if (op.action !== undefined) out['x-kubernetes-action'] = op.action;
  if (op.gvk !== undefined)
    out['x-kubernetes-group-version-kind'] = {
      group: op.gvk.group,
      kind: op.gvk.kind,
      version: op.gvk.version,
    };
  return out;
}

interface Built {
  readonly docs: ReadonlyMap<string, JsonObject>;
  readonly hashes: ReadonlyMap<string, string>;
}
const cache = new Map<string, Built>();

function build(version: string): Built {
  const hit = cache.get(version);
  if (hit !== undefined) return hit;
  const byPath = new Map<string, Operation[]>();
  for (const op of allOperations()) {
    const list = byPath.get(op.groupVersionPath) ?? [];
    list.push(op);
    byPath.set(op.groupVersionPath, list);
  }
  const docs = new Map<string, JsonObject>();
  const hashes = new Map<string, string>();
  for (const key of [...byPath.keys()].sort()) {
    const ops = byPath.get(key)!;
    const paths: Record<string, JsonObject> = {};
    for (const op of ops) paths[op.path] = { ...paths[op.path], [op.method]: v3Operation(op) };
    const roots = ops.flatMap((op) => [op.response, op.body]).filter((d): d is string => d !== undefined);
    const schemas: Record<string, unknown> = {};
    for (const name of closure(roots)) {
      const def: SchemaNode = publishedDefinition(name)!;
      schemas[name] = toV3({ ...def, ...V3_OVERRIDES[name] });
    }
    const doc: JsonObject = {
      components: {
        schemas,
        securitySchemes: { BearerToken: { in: 'header', name: 'authorization', type: 'apiKey' } },
      },
      info: { title: 'Kubernetes', version },
      openapi: '3.0.0',
      paths,
    };
    docs.set(key, doc);
    hashes.set(key, createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase());
  }
  const built = { docs, hashes };
  cache.set(version, built);
  return built;
}

/**
 * The `/openapi/v3` index: one entry per document (`api/v1`, `apis/apps/v1`, `apis/apps`, ...)
 * with `serverRelativeURL` carrying the document's content hash. Cached; do not mutate.
 */
export function openAPIV3Index(options: OpenAPIOptions = {}): JsonObject {
  const { hashes } = build(options.version ?? 'unversioned');
  const paths: Record<string, JsonObject> = {};
  for (const [key, hash] of hashes) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  return { paths };
}

/**
 * The OpenAPI v3 document for one index key (`apis/apps/v1`), with the schemas its paths use
 * under `components.schemas`; undefined for keys not served. Cached; do not mutate.
 */
export function openAPIV3Document(key: string, options: OpenAPIOptions = {}): JsonObject | undefined {
  return build(options.version ?? 'unversioned').docs.get(key);
}

/** The content hash (uppercase hex SHA-512) of a v3 document, undefined for keys not served. */
export function openAPIV3Hash(key: string, options: OpenAPIOptions = {}): string | undefined {
  return build(options.version ?? 'unversioned').hashes.get(key);
}
