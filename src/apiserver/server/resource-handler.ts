import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify as toYAML } from 'yaml';
import { type ResourceInfo, resourceFor } from '../../api/index.js';
import { printTable } from '../../api/printers/index.js';
import { badRequest, methodNotSupported, notFound } from '../../apimachinery/errors/index.js';
import type { Store } from '../../storage/index.js';
import type { UserInfo } from '../authn/index.js';
import {
  createOptionsForRequest,
  decodeBody,
  deleteOptionsForRequest,
  fieldManagerFor,
  inputFormat,
  listOptionsForRequest,
  negotiateOutput,
  negotiateOutputStream,
  type OutputMediaType,
  type Parsed,
  patchOptionsForRequest,
  patchTypeFor,
  parseQuery,
  type Query,
  type RequestInfo,
  resourceRestrictions,
  splitTarget,
  tableOptionsForRequest,
  updateOptionsForRequest,
} from '../request/index.js';
import {
  type Admission,
  type JsonObject,
  type RegistryHooks,
  type RequestContext,
  RegistryStore,
} from '../registry/index.js';
import { readBody } from './body.js';
import { notFound as genericNotFound } from './routes.js';
import { send, sendJSON } from './responses.js';
import { CachedReads } from './cached-reads.js';
import { patchScale, scaleOf, updateScale } from './scale.js';
import {
  decodeProtobufBody,
  encodeObject,
  isProtobuf,
  PROTOBUF_CONTENT_TYPE,
  wantsProtobuf,
} from './protobuf-io.js';

function must<T>(p: Parsed<T>): T {
  if (!p.ok) throw p.error;
  return p.value;
}

/** What the handler adds to the generic registry: admission and per-resource write hooks. */
export interface ResourceHandlerOptions {
  /** Admission control of every write (default: none). */
  readonly admission?: Admission;
  /** Write hooks of a resource (services' allocations), or undefined for none. */
  readonly hooksFor?: (info: ResourceInfo) => RegistryHooks | undefined;
  /** The clock (tests). */
  readonly now?: () => Date;
}

/** Serves object requests (get, list, watch, create, update, patch, delete, deletecollection). */
export class ResourceHandler {
  private readonly registries = new Map<string, RegistryStore>();
  private readonly reads: CachedReads;
  private readonly now: () => Date;

  constructor(
    private readonly store: Store,
    stopping: AbortSignal,
    private readonly opts: ResourceHandlerOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.reads = new CachedReads(store, stopping);
  }

  /** The registry of a served resource (one per group/version/resource). */
  registryFor(info: ResourceInfo): RegistryStore {
    const key = `${info.group}/${info.version}/${info.plural}`;
    let r = this.registries.get(key);
    if (r === undefined) {
      const hooks = this.opts.hooksFor?.(info);
      r = new RegistryStore(info, this.store, {
        ...(this.opts.admission === undefined ? {} : { admission: this.opts.admission }),
        ...(hooks === undefined ? {} : { hooks }),
      });
      this.registries.set(key, r);
    }
    return r;
  }

  async handle(req: IncomingMessage, res: ServerResponse, ri: RequestInfo, user: UserInfo): Promise<void> {
    const info = resourceFor({ group: ri.apiGroup, version: ri.apiVersion, resource: ri.resource });
    if (info === undefined) throw genericNotFound();
    const sub = ri.subresource;
    const scalable = sub === 'scale' && info.subresources.some((r) => r.name === 'scale');
    if (sub !== '' && sub !== 'status' && !scalable)
      throw methodNotSupported({ group: ri.apiGroup, resource: `${ri.resource}/${sub}` }, ri.verb);
    const q = parseQuery(splitTarget(req.url ?? '/').rawQuery);
    const registry = this.registryFor(info);
    const ctx: RequestContext = { namespace: ri.namespace, user: user.name, userInfo: user, now: this.now };
    const gr = { group: info.group, resource: info.plural };
    const verbs = sub === 'status' || sub === 'scale' ? ['get', 'update', 'patch'] : info.verbs;
    if (!verbs.includes(ri.verb as never)) throw methodNotSupported(gr, ri.verb);
    const userAgent = req.headers['user-agent'] ?? '';
    if (scalable) {
      await this.serveScale(req, res, q, registry, ctx, ri);
      return;
    }

    switch (ri.verb) {
      case 'get': {
        const out = this.output(req, true);
        this.write(
          req,
          res,
          200,
          out,
          q,
          gr,
          await registry.get(ctx, ri.name, { resourceVersion: first(q, 'resourceVersion') }),
          false,
        );
        return;
      }
      case 'list': {
        const opts = must(listOptionsForRequest(q, { resource: gr }));
        const out = this.output(req, true);
        this.write(req, res, 200, out, q, gr, await this.reads.list(info, registry, ctx, opts), true);
        return;
      }
      case 'watch': {
        const opts = must(listOptionsForRequest(q, { resource: gr }));
        must(negotiateOutputStream(req.headers.accept, resourceRestrictions({ table: false })));
        await this.reads.watch(res, info, registry, ctx, opts);
        return;
      }
      case 'create': {
        await this.requireNamespace(ctx, info);
        const opts = must(createOptionsForRequest(q));
        const body = await this.decode(req, info);
        const r = await registry.create(ctx, body, {
          dryRun: opts.dryRun.length > 0,
          fieldManager: fieldManagerFor(opts.fieldManager, userAgent),
        });
        this.write(req, res, 201, this.output(req, false), q, gr, r.object, false, r.warnings);
        return;
      }
      case 'update': {
        const opts = must(updateOptionsForRequest(q));
        const body = await this.decode(req, info);
        const o = {
          dryRun: opts.dryRun.length > 0,
          fieldManager: fieldManagerFor(opts.fieldManager, userAgent),
        };
        const r =
          sub === 'status'
            ? await registry.updateStatus(ctx, ri.name, body, o)
            : await registry.update(ctx, ri.name, body, o);
        this.write(
          req,
          res,
          r.created ? 201 : 200,
          this.output(req, false),
          q,
          gr,
          r.object,
          false,
          r.warnings,
        );
        return;
      }
      case 'patch': {
        const patchType = must(patchTypeFor(req.headers['content-type']));
        const opts = must(patchOptionsForRequest(q, patchType));
        const body = await readBody(req);
        const r = await registry.patch(ctx, ri.name, patchType, body, {
          dryRun: opts.dryRun.length > 0,
          fieldManager: fieldManagerFor(opts.fieldManager, userAgent),
          ...(opts.fieldValidation === ''
            ? {}
            : { fieldValidation: opts.fieldValidation as 'Ignore' | 'Warn' | 'Strict' }),
          ...(sub === 'status' ? { subresource: 'status' as const } : {}),
        });
        this.write(req, res, 200, this.output(req, false), q, gr, r.object, false, r.warnings);
        return;
      }
      case 'delete': {
        const { body, contentType } = await deleteBody(req);
        const opts = must(deleteOptionsForRequest(q, body, contentType));
        const r = await registry.delete(ctx, ri.name, {
          ...(opts.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: opts.gracePeriodSeconds }),
          ...(opts.preconditions === undefined ? {} : { preconditions: opts.preconditions }),
          ...(opts.orphanDependents === undefined ? {} : { orphanDependents: opts.orphanDependents }),
          ...(opts.propagationPolicy === undefined ? {} : { propagationPolicy: opts.propagationPolicy }),
          dryRun: opts.dryRun.length > 0,
        });
        // 202 when the object is kept (finalizers, graceful deletion), as upstream answers.
        this.write(req, res, r.deleted ? 200 : 202, this.output(req, false), q, gr, r.object, false);
        return;
      }
      case 'deletecollection': {
        const listOpts = must(listOptionsForRequest(q, { resource: gr }));
        const { body, contentType } = await deleteBody(req);
        const opts = must(deleteOptionsForRequest(q, body, contentType));
        const r = await registry.deleteCollection(ctx, listOpts, {
          ...(opts.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: opts.gracePeriodSeconds }),
          ...(opts.propagationPolicy === undefined ? {} : { propagationPolicy: opts.propagationPolicy }),
          dryRun: opts.dryRun.length > 0,
        });
        this.write(req, res, 200, this.output(req, false), q, gr, r, true);
        return;
      }
      default:
        throw methodNotSupported(gr, ri.verb);
    }
  }

  // The scale subresource: an autoscaling/v1 Scale view of spec.replicas.
  private async serveScale(
    req: IncomingMessage,
    res: ServerResponse,
    q: Query,
    registry: RegistryStore,
    ctx: RequestContext,
    ri: RequestInfo,
  ): Promise<void> {
    const out = this.output(req, false);
    const gr = { group: 'autoscaling', resource: 'scale' };
    if (ri.verb === 'get') {
      this.write(req, res, 200, out, q, gr, scaleOf(await registry.get(ctx, ri.name)), false);
      return;
    }
    if (ri.verb === 'update') {
      const opts = must(updateOptionsForRequest(q));
      const body = await this.decodeAs(req, 'autoscaling/v1', 'Scale');
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw badRequest('the body of the request is not a Scale');
      const scale = await updateScale(registry, ctx, ri.name, body as JsonObject, opts.dryRun.length > 0);
      this.write(req, res, 200, out, q, gr, scale, false);
      return;
    }
    const patchType = must(patchTypeFor(req.headers['content-type']));
    const opts = must(patchOptionsForRequest(q, patchType));
    const scale = await patchScale(
      registry,
      ctx,
      ri.name,
      patchType,
      await readBody(req),
      opts.dryRun.length > 0,
    );
    this.write(req, res, 200, out, q, gr, scale, false);
  }

  // NamespaceLifecycle: objects are created only in namespaces that exist.
  private async requireNamespace(ctx: RequestContext, info: ResourceInfo): Promise<void> {
    if (!info.namespaced || ctx.namespace === '') return;
    const ns = resourceFor({ group: '', version: 'v1', resource: 'namespaces' })!;
    try {
      await this.registryFor(ns).get({ ...ctx, namespace: '' }, ctx.namespace);
    } catch {
      throw notFound({ group: '', resource: 'namespaces' }, ctx.namespace);
    }
  }

  private async decode(req: IncomingMessage, info: ResourceInfo): Promise<unknown> {
    const apiVersion = info.group === '' ? info.version : `${info.group}/${info.version}`;
    return this.decodeAs(req, apiVersion, info.kind);
  }

  private async decodeAs(req: IncomingMessage, apiVersion: string, kind: string): Promise<unknown> {
    if (isProtobuf(req.headers['content-type']))
      return decodeProtobufBody(await readBody(req), apiVersion, kind);
    const fmt = must(inputFormat(req.headers['content-type']));
    const bytes = await readBody(req);
    if (bytes.length === 0) throw badRequest('the body of the request is empty');
    return must(decodeBody(bytes, fmt));
  }

  private output(req: IncomingMessage, table: boolean): OutputMediaType {
    return must(negotiateOutput(req.headers.accept, resourceRestrictions({ table })));
  }

  private write(
    req: IncomingMessage,
    res: ServerResponse,
    code: number,
    out: OutputMediaType,
    q: Query,
    gr: { group: string; resource: string },
    obj: JsonObject,
    isList: boolean,
    warnings: readonly string[] = [],
  ): void {
    if (warnings.length > 0)
      res.setHeader(
        'Warning',
        warnings.map((w) => `299 - "${w.replaceAll('"', '\\"')}"`),
      );
    let doc: unknown = obj;
    if (out.convert?.kind === 'Table') {
      const { includeObject } = must(tableOptionsForRequest(q));
      const items = isList ? ((obj['items'] as JsonObject[] | undefined) ?? []) : [obj];
      const meta = (isList ? obj['metadata'] : undefined) as Record<string, unknown> | undefined;
      doc = printTable(gr, items, {
        now: this.now(),
        includeObject: includeObject === '' ? 'Metadata' : includeObject,
        noHeaders: first(q, 'noHeaders') === 'true',
        ...(meta === undefined ? {} : { listMeta: meta }),
      });
    }
    if (doc === obj && wantsProtobuf(req, obj)) {
      const bytes = encodeObject(obj as Parameters<typeof encodeObject>[0]);
      res.writeHead(code, { 'Content-Type': PROTOBUF_CONTENT_TYPE, 'Content-Length': bytes.length });
      res.end(bytes);
    } else if (out.format === 'yaml') send(res, code, 'application/yaml', toYAML(doc));
    else sendJSON(res, code, doc);
  }
}

// DeleteOptions bodies may come as protobuf from typed clients; the option parser reads JSON.
async function deleteBody(
  req: IncomingMessage,
): Promise<{ body: Uint8Array | undefined; contentType: string | undefined }> {
  const bytes = await readBody(req);
  if (bytes.length === 0) return { body: undefined, contentType: req.headers['content-type'] };
  if (!isProtobuf(req.headers['content-type']))
    return { body: bytes, contentType: req.headers['content-type'] };
  const opts = decodeProtobufBody(bytes, 'v1', 'DeleteOptions');
  return { body: Buffer.from(JSON.stringify(opts)), contentType: 'application/json' };
}

function first(q: Query, key: string): string | undefined {
  return q.get(key)?.[0];
}
