import type { ResourceInfo } from '../../api/index.js';
import {
  badRequest,
  methodNotSupported,
  StatusError,
  StatusReason,
} from '../../apimachinery/errors/index.js';
import type { Store } from '../../storage/index.js';
import type { TokenAuthenticator, UserInfo } from '../authn/index.js';
import type { AsyncTokenAuthenticator } from '../authn/authenticate-async.js';
import {
  authenticateServiceAccountToken,
  DefaultServiceAccountIssuer,
  type ServiceAccountTokens,
} from '../authn/service-account-token.js';
import type { Authorizer, RuleResolver } from '../authz/index.js';
import {
  createOptionsForRequest,
  fieldManagerFor,
  type Parsed,
  patchOptionsForRequest,
  patchTypeFor,
  type Query,
  type RequestInfo,
  updateOptionsForRequest,
} from '../request/index.js';
import type { JsonObject, RegistryStore, RequestContext } from '../registry/index.js';
import { bindPod } from './binding.js';
import { nodeProxy, podLog, podProxy, podStream, serviceProxy } from './connect.js';
import { evictPod } from './eviction.js';
import { deleteNamespace, finalizeRegistry } from './namespace.js';
import { isReviewResource, review, type TokenReviewOutcome } from './reviews.js';
import { approvalRegistry, ephemeralContainersRegistry, resizeRegistry } from './strategies.js';
import { requestToken } from './token-request.js';
import { builtin, isObject, rawRegistry } from './util.js';

/** How a subresource reads its request and writes its answer (the HTTP layer provides it). */
export interface RequestIO {
  readonly query: Query;
  readonly contentType: string | undefined;
  readonly userAgent: string;
  /** The body decoded as `apiVersion`/`kind` (JSON, YAML or protobuf). */
  decodeAs(apiVersion: string, kind: string): Promise<unknown>;
  /** The raw body. */
  body(): Promise<Uint8Array>;
  /** Writes an object (content negotiation by the HTTP layer). */
  writeObject(
    code: number,
    obj: JsonObject,
    gr: { group: string; resource: string },
    warnings?: readonly string[],
  ): void;
  /** Writes plain text (pod logs). */
  writeText(code: number, text: string): void;
}

/** What the subresources need from the server besides the store. */
export interface SubresourceOptions {
  /** The authorizer of the review resources (default: the server's). */
  readonly authorizer?: Authorizer;
  /** Lists a user's rules (SelfSubjectRulesReview). */
  readonly rules?: RuleResolver;
  /** The static token authenticators TokenReview consults. */
  readonly tokenAuthenticators?: readonly TokenAuthenticator[];
  /** Issues and verifies service account tokens; without it serviceaccounts/token is a 404. */
  readonly serviceAccountTokens?: ServiceAccountTokens;
  /** The API audiences (default: the service account issuer). */
  readonly apiAudiences?: readonly string[];
}

function must<T>(p: Parsed<T>): T {
  if (!p.ok) throw p.error;
  return p.value;
}

function asObject(v: unknown, what: string): JsonObject {
  if (!isObject(v)) throw badRequest(`the body of the request is not a ${what}`);
  return v;
}

/** The subresources and special resources served beside the generic registry. */
export class Subresources {
  private readonly raw = new Map<string, RegistryStore>();
  private readonly special = new Map<string, RegistryStore>();
  readonly apiAudiences: readonly string[];

  constructor(
    private readonly store: Store,
    private readonly registryFor: (info: ResourceInfo) => RegistryStore,
    private readonly opts: SubresourceOptions,
    private readonly now: () => Date,
  ) {
    this.apiAudiences = opts.apiAudiences ?? [
      opts.serviceAccountTokens?.issuer ?? DefaultServiceAccountIssuer,
    ];
  }

  private core(resource: string): RegistryStore {
    return this.registryFor(builtin('', 'v1', resource));
  }

  private rawFor(info: ResourceInfo): RegistryStore {
    const key = `${info.group}/${info.plural}`;
    let r = this.raw.get(key);
    if (r === undefined) {
      r = rawRegistry(info, this.store);
      this.raw.set(key, r);
    }
    return r;
  }

  private specialFor(key: string, make: () => RegistryStore): RegistryStore {
    let r = this.special.get(key);
    if (r === undefined) {
      r = make();
      this.special.set(key, r);
    }
    return r;
  }

  /** Whether `sub` of `info` (or the subresource-less special resource) is served here. */
  handles(info: ResourceInfo, sub: string): boolean {
    if (sub === '')
      return isReviewResource(info.group, info.plural) || (info.group === '' && info.plural === 'bindings');
    const gr = `${info.group}/${info.plural}/${sub}`;
    return ROUTES.has(gr);
  }

  private asyncTokens: readonly AsyncTokenAuthenticator[] | undefined;

  /** The token authenticators that read stored objects (service account tokens); cached. */
  asyncTokenAuthenticators(): readonly AsyncTokenAuthenticator[] {
    if (this.asyncTokens === undefined) {
      const sa = this.serviceAccountAuthenticator();
      this.asyncTokens = sa === undefined ? [] : [sa];
    }
    return this.asyncTokens;
  }

  /** The service account token authenticator, when the server issues tokens. */
  serviceAccountAuthenticator(): AsyncTokenAuthenticator | undefined {
    const tokens = this.opts.serviceAccountTokens;
    if (tokens === undefined) return undefined;
    const get = (resource: string) => async (namespace: string, name: string) => {
      try {
        return await this.core(resource).get({ namespace, user: 'system:apiserver', now: this.now }, name);
      } catch {
        return undefined;
      }
    };
    const getter = {
      getServiceAccount: get('serviceaccounts'),
      getPod: get('pods'),
      getSecret: get('secrets'),
    };
    return async (token, audiences) => {
      const r = await authenticateServiceAccountToken(tokens, getter, token, audiences);
      if (r.kind === 'ok') return { user: r.user, audiences: r.audiences };
      if (r.kind === 'error') return { error: r.error };
      return undefined;
    };
  }

  // TokenReview: the static token authenticators, then service account tokens.
  private async reviewToken(token: string, audiences: readonly string[]): Promise<TokenReviewOutcome> {
    for (const a of this.opts.tokenAuthenticators ?? []) {
      const u = a.authenticateToken(token);
      if (u !== undefined) return { user: withAuthenticated(u), audiences };
    }
    const sa = this.serviceAccountAuthenticator();
    if (sa !== undefined) {
      const r = await sa(token, audiences);
      if (r !== undefined && 'user' in r) return { user: withAuthenticated(r.user), audiences: r.audiences };
      if (r !== undefined) return { error: r.error };
    }
    return { error: 'invalid bearer token' };
  }

  /** Serves the request; `handles(info, ri.subresource)` must hold. */
  async serve(
    io: RequestIO,
    info: ResourceInfo,
    ri: RequestInfo,
    ctx: RequestContext,
    user: UserInfo,
  ): Promise<void> {
    const sub = ri.subresource;
    if (sub === '') {
      if (ri.verb !== 'create')
        throw methodNotSupported({ group: info.group, resource: info.plural }, ri.verb);
      const opts = must(createOptionsForRequest(io.query));
      if (info.plural === 'bindings') {
        const body = asObject(await io.decodeAs('v1', 'Binding'), 'Binding');
        const name =
          isObject(body['metadata']) && typeof body['metadata']['name'] === 'string'
            ? body['metadata']['name']
            : '';
        const st = await bindPod(
          this.rawFor(builtin('', 'v1', 'pods')),
          ctx,
          name,
          body,
          opts.dryRun.length > 0,
        );
        io.writeObject(201, st, { group: '', resource: 'bindings' });
        return;
      }
      const authorizer = this.opts.authorizer;
      if (authorizer === undefined) throw badRequest('no authorizer is configured');
      const kindName = info.kind;
      const body = asObject(await io.decodeAs(`${info.group}/${info.version}`, kindName), kindName);
      const out = await review(
        {
          authorizer,
          ...(this.rules() === undefined ? {} : { rules: this.rules()! }),
          reviewToken: (t, a) => this.reviewToken(t, a),
          apiAudiences: this.apiAudiences,
          now: this.now,
        },
        info.group,
        info.plural,
        ri.namespace,
        user,
        body,
      );
      io.writeObject(201, out, { group: info.group, resource: info.plural });
      return;
    }
    const route = ROUTES.get(`${info.group}/${info.plural}/${sub}`);
    const verbs = info.subresources.find((s) => s.name === sub)?.verbs ?? [];
    const gr = { group: info.group, resource: `${info.plural}/${sub}` };
    if (route === undefined || !verbs.includes(ri.verb as never)) throw methodNotSupported(gr, ri.verb);
    await route.call(this, io, info, ri, ctx);
  }

  // The rule resolver: the configured one, or the authorizer when it can list rules.
  private rules(): RuleResolver | undefined {
    if (this.opts.rules !== undefined) return this.opts.rules;
    const a = this.opts.authorizer as (Authorizer & Partial<RuleResolver>) | undefined;
    return a?.rulesFor === undefined ? undefined : (a as Authorizer & RuleResolver);
  }

  /** Deletes a namespace with upstream's two-phase semantics (see deleteNamespace). */
  deleteNamespace(ctx: RequestContext, name: string, opts: Parameters<typeof deleteNamespace>[4]) {
    const info = builtin('', 'v1', 'namespaces');
    return deleteNamespace(this.registryFor(info), this.rawFor(info), ctx, name, opts);
  }

  // get / update / patch through a registry with the subresource's strategy.
  async serveView(
    io: RequestIO,
    info: ResourceInfo,
    ri: RequestInfo,
    ctx: RequestContext,
    registry: RegistryStore,
  ): Promise<void> {
    const gr = { group: info.group, resource: info.plural };
    if (ri.verb === 'get') {
      io.writeObject(200, await registry.get(ctx, ri.name), gr);
      return;
    }
    if (ri.verb === 'update') {
      const opts = must(updateOptionsForRequest(io.query));
      const apiVersion = info.group === '' ? info.version : `${info.group}/${info.version}`;
      const body = await io.decodeAs(apiVersion, info.kind);
      const r = await registry.update(ctx, ri.name, body, {
        dryRun: opts.dryRun.length > 0,
        fieldManager: fieldManagerFor(opts.fieldManager, io.userAgent),
      });
      io.writeObject(200, r.object, gr, r.warnings);
      return;
    }
    const patchType = must(patchTypeFor(io.contentType));
    const opts = must(patchOptionsForRequest(io.query, patchType));
    const r = await registry.patch(ctx, ri.name, patchType, await io.body(), {
      dryRun: opts.dryRun.length > 0,
      fieldManager: fieldManagerFor(opts.fieldManager, io.userAgent),
    });
    io.writeObject(200, r.object, gr, r.warnings);
  }

  async binding(io: RequestIO, _info: ResourceInfo, ri: RequestInfo, ctx: RequestContext): Promise<void> {
    const opts = must(createOptionsForRequest(io.query));
    const body = asObject(await io.decodeAs('v1', 'Binding'), 'Binding');
    const st = await bindPod(
      this.rawFor(builtin('', 'v1', 'pods')),
      ctx,
      ri.name,
      body,
      opts.dryRun.length > 0,
    );
    io.writeObject(201, st, { group: '', resource: 'pods' });
  }

  async eviction(io: RequestIO, _info: ResourceInfo, ri: RequestInfo, ctx: RequestContext): Promise<void> {
    const opts = must(createOptionsForRequest(io.query));
    const body = asObject(await io.decodeAs('policy/v1', 'Eviction'), 'Eviction');
    const av = body['apiVersion'];
    if (av !== undefined && av !== 'policy/v1' && av !== 'policy/v1beta1')
      throw badRequest(`no kind "Eviction" is registered for version "${String(av)}"`);
    const st = await evictPod(
      { pods: this.core('pods'), pdbs: this.registryFor(builtin('policy', 'v1', 'poddisruptionbudgets')) },
      ctx,
      ri.name,
      body,
      opts.dryRun,
    );
    io.writeObject(201, st, { group: '', resource: 'pods' });
  }

  async token(io: RequestIO, _info: ResourceInfo, ri: RequestInfo, ctx: RequestContext): Promise<void> {
    const tokens = this.opts.serviceAccountTokens;
    // Upstream serves serviceaccounts/token only when the server can sign tokens.
    if (tokens === undefined) {
      throw new StatusError({
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: StatusReason.NotFound,
        details: {},
        code: 404,
      });
    }
    must(createOptionsForRequest(io.query));
    const body = asObject(await io.decodeAs('authentication.k8s.io/v1', 'TokenRequest'), 'TokenRequest');
    const out = await requestToken(
      {
        serviceAccounts: this.core('serviceaccounts'),
        pods: this.core('pods'),
        nodes: this.core('nodes'),
        secrets: this.core('secrets'),
      },
      tokens,
      this.apiAudiences,
      ctx,
      ri.name,
      body,
    );
    io.writeObject(201, out, { group: 'authentication.k8s.io', resource: 'tokenrequests' });
  }

  private connectStores() {
    return {
      pods: this.core('pods'),
      nodes: this.core('nodes'),
      services: this.core('services'),
      endpoints: this.core('endpoints'),
    };
  }

  async log(io: RequestIO, _info: ResourceInfo, ri: RequestInfo, ctx: RequestContext): Promise<void> {
    io.writeText(200, await podLog(this.connectStores(), ctx, ri.name, io.query));
  }

  async stream(io: RequestIO, _info: ResourceInfo, ri: RequestInfo, ctx: RequestContext): Promise<void> {
    await podStream(
      this.connectStores(),
      ctx,
      ri.name,
      ri.subresource as 'exec' | 'attach' | 'portforward',
      io.query,
    );
  }

  async proxy(_io: RequestIO, info: ResourceInfo, ri: RequestInfo, ctx: RequestContext): Promise<void> {
    const stores = this.connectStores();
    if (info.plural === 'pods') await podProxy(stores, ctx, ri.name);
    else if (info.plural === 'services') await serviceProxy(stores, ctx, ri.name);
    else await nodeProxy(stores, { ...ctx, namespace: '' }, ri.name);
  }

  async ephemeral(io: RequestIO, info: ResourceInfo, ri: RequestInfo, ctx: RequestContext): Promise<void> {
    await this.serveView(
      io,
      info,
      ri,
      ctx,
      this.specialFor('ephemeral', () => ephemeralContainersRegistry(info, this.store)),
    );
  }

  async resize(io: RequestIO, info: ResourceInfo, ri: RequestInfo, ctx: RequestContext): Promise<void> {
    await this.serveView(
      io,
      info,
      ri,
      ctx,
      this.specialFor('resize', () => resizeRegistry(info, this.store)),
    );
  }

  async approval(io: RequestIO, info: ResourceInfo, ri: RequestInfo, ctx: RequestContext): Promise<void> {
    await this.serveView(
      io,
      info,
      ri,
      ctx,
      this.specialFor('approval', () => approvalRegistry(info, this.store, this.now)),
    );
  }

  async finalize(io: RequestIO, info: ResourceInfo, ri: RequestInfo, ctx: RequestContext): Promise<void> {
    await this.serveView(
      io,
      info,
      ri,
      { ...ctx, namespace: '' },
      this.specialFor('finalize', () => finalizeRegistry(info, this.store)),
    );
  }
}

type Route = (
  this: Subresources,
  io: RequestIO,
  info: ResourceInfo,
  ri: RequestInfo,
  ctx: RequestContext,
) => Promise<void>;

const p = Subresources.prototype;
const ROUTES = new Map<string, Route>([
  ['/pods/binding', p.binding],
  ['/pods/eviction', p.eviction],
  ['/pods/log', p.log],
  ['/pods/exec', p.stream],
  ['/pods/attach', p.stream],
  ['/pods/portforward', p.stream],
  ['/pods/proxy', p.proxy],
  ['/services/proxy', p.proxy],
  ['/nodes/proxy', p.proxy],
  ['/pods/ephemeralcontainers', p.ephemeral],
  ['/pods/resize', p.resize],
  ['/serviceaccounts/token', p.token],
  ['/namespaces/finalize', p.finalize],
  ['certificates.k8s.io/certificatesigningrequests/approval', p.approval],
]);

function withAuthenticated(u: UserInfo): UserInfo {
  if (u.groups.includes('system:authenticated') || u.groups.includes('system:unauthenticated')) return u;
  return { ...u, groups: [...u.groups, 'system:authenticated'] };
}
