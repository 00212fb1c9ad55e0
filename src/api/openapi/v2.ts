import { ADDED_KEYS, DEFINITIONS, own, type SchemaNode } from '../schema/index.js';
import { allOperations, type Operation } from './operations.js';

/** A JSON object as published (plain data, safe to serialise). */
export type JsonObject = { [key: string]: unknown };

/** Options for the published documents. */
export interface OpenAPIOptions {
  /** `info.version`; upstream publishes the server's git version (e.g. `v1.36.0`). */
  readonly version?: string;
}

/** A copy of a definition without the markers the generator added (upstream does not publish them). */
export function publishedDefinition(name: string): SchemaNode | undefined {
  const def = own(DEFINITIONS, name);
  if (def === undefined) return undefined;
  const added = own(ADDED_KEYS, name);
  if (added === undefined) return def;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(def)) if (!added.includes(k)) out[k] = v;
  return out;
}

/** All published definitions, keys sorted. */
export function publishedDefinitions(): Record<string, SchemaNode> {
  const out: Record<string, SchemaNode> = {};
  for (const name of Object.keys(DEFINITIONS).sort()) out[name] = publishedDefinition(name)!;
  return out;
}

const ref = (prefix: string, def: string | undefined): JsonObject =>
  def === undefined ? { type: 'string' } : { $ref: `${prefix}${def}` };

/** Renders one operation object; `refPrefix` is `#/definitions/` (v2) or `#/components/schemas/` (v3). */
export function v2Operation(op: Operation, refPrefix = '#/definitions/'): JsonObject {
  const parameters: JsonObject[] = op.query.map((p) => ({
    in: 'query',
    name: p.name,
    type: p.type,
    uniqueItems: true,
  }));
  if (op.body !== undefined)
    parameters.unshift({ in: 'body', name: 'body', required: true, schema: ref(refPrefix, op.body) });
  const responses: JsonObject = {
    '200': { description: 'OK', schema: ref(refPrefix, op.response) },
    '401': { description: 'Unauthorized' },
  };
  if (op.method === 'post' && op.action === 'post') {
    responses['201'] = { description: 'Created', schema: ref(refPrefix, op.response) };
    responses['202'] = { description: 'Accepted', schema: ref(refPrefix, op.response) };
  }
  if (op.method === 'put' || (op.method === 'patch' && op.action === 'patch'))
    responses['201'] = { description: 'Created', schema: ref(refPrefix, op.response) };
  if (op.action === 'delete')
    responses['202'] = { description: 'Accepted', schema: ref(refPrefix, op.response) };
  const out: JsonObject = {
    consumes: [...op.consumes],
    operationId: op.operationId,
    produces: [...op.produces],
    responses,
    schemes: ['https'],
    tags: [op.tag],
  };
  if (op.action !== undefined) out['x-kubernetes-action'] = op.action;
  if (op.gvk !== undefined)
    out['x-kubernetes-group-version-kind'] = {
      group: op.gvk.group,
      kind: op.gvk.kind,
      version: op.gvk.version,
    };
  if (parameters.length > 0) out['parameters'] = parameters;
  return out;
}

/** Path-level parameters (path segments, plus `pretty`). */
export function pathParameters(op: Operation): JsonObject[] {
  const params: JsonObject[] = op.pathParams.map((name) => ({
    in: 'path',
    name,
    required: true,
    type: 'string',
    uniqueItems: true,
  }));
  if (op.action !== 'connect' && op.action !== undefined)
    params.push({ in: 'query', name: 'pretty', type: 'string', uniqueItems: true });
  return params;
}

let cachedV2: JsonObject | undefined;
let cachedVersion: string | undefined;

/**
 * The `/openapi/v2` document: swagger 2.0 with every served path (x-kubernetes-action and
 * x-kubernetes-group-version-kind on each operation) and the compact definitions. Built once
 * per version and cached: callers must not mutate the result.
 */
export function openAPIV2Document(options: OpenAPIOptions = {}): JsonObject {
  const version = options.version ?? 'unversioned';
  if (cachedV2 !== undefined && cachedVersion === version) return cachedV2;
  const paths: Record<string, JsonObject> = {};
  for (const op of allOperations()) {
    const entry = paths[op.path] ?? { parameters: pathParameters(op) };
    entry[op.method] = v2Operation(op);
    paths[op.path] = entry;
  }
  cachedV2 = {
    definitions: publishedDefinitions(),
    info: { title: 'Kubernetes', version },
    paths,
    security: [{ BearerToken: [] }],
    securityDefinitions: { BearerToken: { in: 'header', name: 'authorization', type: 'apiKey' } },
    swagger: '2.0',
  };
  cachedVersion = version;
  return cachedV2;
}
