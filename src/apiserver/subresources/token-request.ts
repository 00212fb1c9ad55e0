import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import { badRequest, conflict, invalid } from '../../apimachinery/errors/index.js';
import { type FieldError, invalid as fieldInvalid, path, tooLong } from '../../apimachinery/field/index.js';
import type { ServiceAccountTokens } from '../authn/service-account-token.js';
import type { JsonObject, RegistryStore, RequestContext } from '../registry/index.js';
import { field, isObject, str } from './util.js';

/** TokenRequest's default lifetime (upstream's defaulting: one hour). */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_UINT32 = 4294967295;

/** What a token request reads. */
export interface TokenRequestStores {
  readonly serviceAccounts: RegistryStore;
  readonly pods: RegistryStore;
  readonly nodes: RegistryStore;
  readonly secrets: RegistryStore;
}

/** Upstream's ValidateTokenRequest: at least ten minutes, at most 2^32-1 seconds. Pure. */
export function validateTokenRequest(expirationSeconds: number): FieldError[] {
  const p = path('spec', 'expirationSeconds');
  const errs: FieldError[] = [];
  if (expirationSeconds < MIN_EXPIRATION_SECONDS)
    errs.push(fieldInvalid(p, expirationSeconds, 'may not specify a duration less than 10 minutes'));
  if (expirationSeconds > MAX_UINT32) errs.push(tooLong(p, expirationSeconds, MAX_UINT32));
  return errs;
}

function uidOf(o: JsonObject): string {
  return str(field(o, 'metadata'), 'uid');
}

/**
 * POST serviceaccounts/NAME/token, as upstream's TokenREST: the body's name and namespace must
 * match the URL when set (422), the service account must exist (404), audiences default to the
 * server's, expirationSeconds to an hour (at least 10 minutes, 422). A boundObjectRef to a Pod
 * (running as this service account), a Node or a Secret binds the token to it (409 when its uid
 * differs). Answers the TokenRequest with status.token and status.expirationTimestamp.
 */
export async function requestToken(
  stores: TokenRequestStores,
  tokens: ServiceAccountTokens,
  apiAudiences: readonly string[],
  ctx: RequestContext,
  name: string,
  body: JsonObject,
): Promise<JsonObject> {
  if (ctx.namespace === '') throw badRequest('namespace is required');
  const gk = { group: 'authentication.k8s.io', kind: 'TokenRequest' };
  const meta = isObject(body['metadata']) ? structuredClone(body['metadata']) : {};
  if (str(meta, 'name') !== '' && meta['name'] !== name)
    throw invalid(gk, name, [
      fieldInvalid(
        path('metadata', 'name'),
        meta['name'],
        'must match the service account name if specified',
      ),
    ]);
  if (str(meta, 'namespace') !== '' && meta['namespace'] !== ctx.namespace)
    throw invalid(gk, name, [
      fieldInvalid(
        path('metadata', 'namespace'),
        meta['namespace'],
        'must match the service account namespace if specified',
      ),
    ]);
  const sa = await stores.serviceAccounts.get(ctx, name);
  const spec = isObject(body['spec']) ? structuredClone(body['spec']) : {};
  const auds = Array.isArray(spec['audiences'])
    ? spec['audiences'].filter((a): a is string => typeof a === 'string')
    : [];
  spec['audiences'] = auds.length > 0 ? auds : [...apiAudiences];
  if (typeof spec['expirationSeconds'] !== 'number') spec['expirationSeconds'] = DEFAULT_EXPIRATION_SECONDS;
  const expirationSeconds = spec['expirationSeconds'] as number;
  meta['name'] = str(meta, 'name') || name;
  meta['namespace'] = str(meta, 'namespace') || ctx.namespace;
  const now = ctx.now();
  meta['creationTimestamp'] = formatRFC3339(now);
  const errs = validateTokenRequest(expirationSeconds);
  if (errs.length > 0) throw invalid(gk, '', errs);

  let pod: { name: string; uid: string } | undefined;
  let node: { name: string; uid: string } | undefined;
  let secret: { name: string; uid: string } | undefined;
  const ref = isObject(spec['boundObjectRef']) ? spec['boundObjectRef'] : undefined;
  if (ref !== undefined) {
    const apiVersion = str(ref, 'apiVersion');
    const kind = str(ref, 'kind');
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
    const refName = str(ref, 'name');
    let uid: string;
    if (group === '' && kind === 'Pod') {
      const p = await stores.pods.get(ctx, refName);
      if (str(field(p, 'spec'), 'serviceAccountName') !== name)
        throw badRequest(
          `cannot bind token for serviceaccount ${JSON.stringify(name)} to pod running with different serviceaccount name.`,
        );
      uid = uidOf(p);
      pod = { name: refName, uid };
      const nodeName = str(field(p, 'spec'), 'nodeName');
      if (nodeName !== '') {
        try {
          const n = await stores.nodes.get({ ...ctx, namespace: '' }, nodeName);
          node = { name: nodeName, uid: uidOf(n) };
        } catch {
          // As upstream: a pod's node that cannot be read is left out of the claims.
        }
      }
    } else if (group === '' && kind === 'Node') {
      const n = await stores.nodes.get({ ...ctx, namespace: '' }, refName);
      uid = uidOf(n);
      node = { name: refName, uid };
    } else if (group === '' && kind === 'Secret') {
      const s = await stores.secrets.get(ctx, refName);
      uid = uidOf(s);
      secret = { name: refName, uid };
    } else {
      const gvk = `${group === '' ? '' : `${group}/`}${apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion}, Kind=${kind}`;
      throw badRequest(`cannot bind token to object of type ${gvk}`);
    }
    const wantUID = str(ref, 'uid');
    if (wantUID !== '' && wantUID !== uid) {
      throw conflict(
        { group, resource: kind },
        refName,
        `the UID in the bound object reference (${wantUID}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
    }
  }
  const signed = tokens.sign({
    namespace: ctx.namespace,
    serviceAccount: { name, uid: uidOf(sa) },
    audiences: spec['audiences'] as string[],
    expirationSeconds,
    ...(pod === undefined ? {} : { pod }),
    ...(node === undefined ? {} : { node }),
    ...(secret === undefined ? {} : { secret }),
  });
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: meta,
    spec,
    status: {
      token: signed.token,
      expirationTimestamp: formatRFC3339(new Date(now.getTime() + expirationSeconds * 1000)),
    },
  };
}
