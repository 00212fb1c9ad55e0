import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify as toYAML } from 'yaml';
import { type ResourceInfo, resourceFor } from '../../api/index.js';
import { printTable } from '../../api/printers/index.js';
import { badRequest, methodNotSupported } from '../../apimachinery/errors/index.js';
import type { Store } from '../../storage/index.js';
import type { UserInfo } from '../authn/index.js';
import {
  createOptionsForRequest,
  decodeObjectBody,
  deleteOptionsForRequest,
  fieldManagerFor,
  fieldValidationOutcome,
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
  strictFieldProblems,
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
import { type RequestIO, type SubresourceOptions, Subresources } from '../subresources/index.js';
import { readBody } from './body.js';
import { notFound as genericNotFound } from './routes.js';
import { methodNotAllowed } from './client-error.js';
import { send, sendJSON } from './responses.js';
import { CachedReads } from './cached-reads.js';
import { patchScale, scaleOf, updateScale } from './scale.js';
import {
  decodeProtobufBody,
  decodeProtobufObject,
  encodeObject,
  isProtobuf,
  PROTOBUF_CONTENT_TYPE,
  wantsProtobuf,
} from './protobuf-io.js';

function must<T>(p: Parsed<T>): T {
  if (!p.ok) throw p.error;
  return p.value;
}

/**
 * What the handler adds to the generic registry: admission, per-resource write hooks, and what
 * the subresources need (authorizer, token authenticators, service account token signing).
 */
export interface ResourceHandlerOptions extends SubresourceOptions {
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
  // Warnings admission raised while serving a response's request.
  private readonly admissionWarnings = new WeakMap<ServerResponse, string[]>();
  private readonly reads: CachedReads;
  private readonly now: () => Date;
  /** The subresources and special resources (reviews, bindings, namespace deletion). */
  readonly subresources: Subresources;

  constructor(
    private readonly store: Store,
    stopping: AbortSignal,
    private readonly opts: ResourceHandlerOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.reads = new CachedReads(store, stopping);
    this.subresources = new Subresources(store, (info) => this.registryFor(info), opts, this.now);
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
    // As upstream's router: a subresource the kind lacks is an unknown path, a method no
    // route serves (OPTIONS, PROPFIND...) a 405.
    if (sub !== '' && !info.subresources.some((r) => r.name === sub)) throw genericNotFound();
    if (ri.verb === '') throw methodNotAllowed();
    const scalable = sub === 'scale' && info.subresources.some((r) => r.name === 'scale');
    const q = parseQuery(splitTarget(req.url ?? '/').rawQuery);
    const admissionWarnings: string[] = [];
    this.admissionWarnings.set(res, admissionWarnings);
    const ctx: RequestContext = {
      namespace: ri.namespace,
      user: user.name,
      userInfo: user,
      now: this.now,
      warnings: admissionWarnings,
    };
    if (this.subresources.handles(info, sub)) {
      await this.subresources.serve(this.io(req, res, q), info, ri, ctx, user);
      return;
    }
    if (sub !== '' && sub !== 'status' && !scalable)
      throw methodNotSupported({ group: ri.apiGroup, resource: `${ri.resource}/${sub}` }, ri.verb);
    const registry = this.registryFor(info);
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
        const out = must(negotiateOutputStream(req.headers.accept, resourceRestrictions()));
        const transform = out.convert?.kind === 'Table' ? this.watchTable(q, gr) : undefined;
        await this.reads.watch(res, info, registry, ctx, opts, transform);
        return;
      }
      case 'create': {
        const opts = must(createOptionsForRequest(q));
        const { body, warnings } = await this.decodeChecked(req, info, opts.fieldValidation);
        const r = await registry.create(ctx, body, {
          dryRun: opts.dryRun.length > 0,
          fieldManager: fieldManagerFor(opts.fieldManager, userAgent),
        });
        this.write(req, res, 201, this.output(req, false), q, gr, r.object, false, [
          ...warnings,
          ...r.warnings,
        ]);
        return;
      }
      case 'update': {
        const opts = must(updateOptionsForRequest(q));
        const { body, warnings } = await this.decodeChecked(req, info, opts.fieldValidation);
        const o = {
          dryRun: opts.dryRun.length > 0,
          fieldManager: fieldManagerFor(opts.fieldManager, userAgent),
        };
        const r =
          sub === 'status'
            ? await registry.updateStatus(ctx, ri.name, body, o)
            : await registry.update(ctx, ri.name, body, o);
        this.write(req, res, r.created ? 201 : 200, this.output(req, false), q, gr, r.object, false, [
          ...warnings,
          ...r.warnings,
        ]);
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
          ...(opts.force === undefined ? {} : { force: opts.force }),
        });
        // An apply that creates the object answers 201, as upstream.
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
      case 'delete': {
        const { body, contentType } = await deleteBody(req);
        const opts = must(deleteOptionsForRequest(q, body, contentType));
        const deleteOpts = {
          ...(opts.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: opts.gracePeriodSeconds }),
          ...(opts.preconditions === undefined ? {} : { preconditions: opts.preconditions }),
          ...(opts.orphanDependents === undefined ? {} : { orphanDependents: opts.orphanDependents }),
          ...(opts.propagationPolicy === undefined ? {} : { propagationPolicy: opts.propagationPolicy }),
          dryRun: opts.dryRun.length > 0,
        };
        // Namespaces are deleted in two phases (Terminating, then gone once finalized).
        const r =
          info.group === '' && info.plural === 'namespaces'
            ? await this.subresources.deleteNamespace(ctx, ri.name, deleteOpts)
            : await registry.delete(ctx, ri.name, deleteOpts);
        // As upstream: 202 only when the object is kept and the request set orphanDependents=false;
        // every other kept object (finalizers, graceful deletion) is answered with 200.
        const accepted = !r.deleted && opts.orphanDependents === false;
        this.write(req, res, accepted ? 202 : 200, this.output(req, false), q, gr, r.object, false);
        return;
      }
      case 'deletecollection': {
        const listOpts = must(listOptionsForRequest(q, { resource: gr }));
        const { body, contentType } = await deleteBody(req);
        const opts = must(deleteOptionsForRequest(q, body, contentType));
        // Every option applies to each object, preconditions included, as upstream passes them on.
        const r = await registry.deleteCollection(ctx, listOpts, {
          ...(opts.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: opts.gracePeriodSeconds }),
          ...(opts.preconditions === undefined ? {} : { preconditions: opts.preconditions }),
          ...(opts.orphanDependents === undefined ? {} : { orphanDependents: opts.orphanDependents }),
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
      // A GET may ask for a Table: the Scale printer's, as upstream serves for `--subresource=scale`.
      const table = { group: ri.apiGroup, resource: ri.resource, subresource: 'scale' };
      const scale = scaleOf(await registry.get(ctx, ri.name));
      this.write(req, res, 200, this.output(req, true), q, table, scale, false);
      return;
    }
    if (ri.verb === 'update') {
      const opts = must(updateOptionsForRequest(q));
      const body = await this.decodeAs(req, 'autoscaling/v1', 'Scale');
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw badRequest('the body of the request is not a Scale');
      const manager = fieldManagerFor(opts.fieldManager, req.headers['user-agent'] ?? '');
      const scale = await updateScale(
        registry,
        ctx,
        ri.name,
        body as JsonObject,
        opts.dryRun.length > 0,
        manager,
      );
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
      fieldManagerFor(opts.fieldManager, req.headers['user-agent'] ?? ''),
    );
    this.write(req, res, 200, out, q, gr, scale, false);
  }

  // The request and response as the subresources see them.
  private io(req: IncomingMessage, res: ServerResponse, q: Query): RequestIO {
    return {
      query: q,
      contentType: req.headers['content-type'],
      userAgent: req.headers['user-agent'] ?? '',
      decodeAs: (apiVersion, kind) => this.decodeAs(req, apiVersion, kind),
      body: () => readBody(req),
      writeObject: (code, obj, gr, warnings = []) =>
        this.write(req, res, code, this.output(req, false), q, gr, obj, false, warnings),
      writeText: (code, text) => send(res, code, 'text/plain', text),
    };
  }

  /**
   * Decodes a create or update body and runs upstream's strict field check on it under the
   * request's fieldValidation directive: Strict fails with 400, Warn (the default) answers the
   * findings as warnings. Protobuf bodies cannot carry unknown fields.
   */
  private async decodeChecked(
    req: IncomingMessage,
    info: ResourceInfo,
    fieldValidation: string,
  ): Promise<{ body: unknown; warnings: readonly string[] }> {
    const apiVersion = info.group === '' ? info.version : `${info.group}/${info.version}`;
    if (isProtobuf(req.headers['content-type']))
      return { body: decodeProtobufObject(await readBody(req), apiVersion, info.kind), warnings: [] };
    const fmt = must(inputFormat(req.headers['content-type']));
    const bytes = await readBody(req);
    const body = must(decodeObjectBody(bytes, fmt, info.kind));
    if (fieldValidation === 'Ignore') return { body, warnings: [] };
    const gvk = { group: info.group, version: info.version, kind: info.kind };
    const problems = strictFieldProblems(bytes, fmt, gvk);
    return { body, warnings: must(fieldValidationOutcome(fieldValidation, problems, gvk)) };
  }

  private async decodeAs(req: IncomingMessage, apiVersion: string, kind: string): Promise<unknown> {
    if (isProtobuf(req.headers['content-type']))
      return decodeProtobufObject(await readBody(req), apiVersion, kind);
    const fmt = must(inputFormat(req.headers['content-type']));
    const bytes = await readBody(req);
    return must(decodeObjectBody(bytes, fmt, kind));
  }

  /**
   * The Table form of watch event objects, as upstream's watch encoder makes it: one row per
   * event, the column definitions on the first event only (unless noHeaders asks for none).
   */
  private watchTable(q: Query, gr: { group: string; resource: string }): (obj: JsonObject) => unknown {
    const { includeObject } = must(tableOptionsForRequest(q));
    let noHeaders = first(q, 'noHeaders') === 'true';
    return (obj) => {
      const meta = obj['metadata'] as Record<string, unknown> | undefined;
      const rv = meta?.['resourceVersion'];
      const table = printTable(gr, [obj], {
        now: this.now(),
        includeObject: includeObject === '' ? 'Metadata' : includeObject,
        noHeaders,
        ...(typeof rv === 'string' ? { listMeta: { resourceVersion: rv } } : {}),
      });
      noHeaders = true;
      return table;
    };
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
    gr: { group: string; resource: string; subresource?: string },
    obj: JsonObject,
    isList: boolean,
    requestWarnings: readonly string[] = [],
  ): void {
    const warnings = [...requestWarnings, ...(this.admissionWarnings.get(res) ?? [])];
    if (warnings.length > 0)
      res.setHeader(
        'Warning',
        warnings.map((w) => `299 - "${w.replaceAll('"', '\\"')}"`),
      );
    let doc: unknown = obj;
    if (out.convert?.kind === 'Table') {
      const { includeObject } = must(tableOptionsForRequest(q));
      const items = isList ? ((obj['items'] as JsonObject[] | undefined) ?? []) : [obj];
      // A single object's table carries the object's resourceVersion, as upstream's convertor does.
      const objMeta = obj['metadata'] as Record<string, unknown> | undefined;
      const meta = (isList ? objMeta : { resourceVersion: objMeta?.['resourceVersion'] }) as
        | Record<string, unknown>
        | undefined;
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
