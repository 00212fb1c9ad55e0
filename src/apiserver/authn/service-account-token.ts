import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { goJSON } from '../../apimachinery/field/index.js';
import type { UserInfo } from './user.js';

/** kube-apiserver's conventional `--service-account-issuer`, also its default API audience. */
export const DefaultServiceAccountIssuer = 'https://kubernetes.default.svc.cluster.local';

/** The `user.extra` keys a service account token adds, as upstream names them. */
export const PodNameKey = 'authentication.kubernetes.io/pod-name';
export const PodUIDKey = 'authentication.kubernetes.io/pod-uid';
export const NodeNameKey = 'authentication.kubernetes.io/node-name';
export const NodeUIDKey = 'authentication.kubernetes.io/node-uid';
export const CredentialIDExtraKey = 'authentication.kubernetes.io/credential-id';

/** A name/uid reference inside the `kubernetes.io` claim. */
export interface ObjectRef {
  readonly name: string;
  readonly uid: string;
}

/** What a token is issued for. */
export interface TokenSpec {
  readonly namespace: string;
  readonly serviceAccount: ObjectRef;
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  readonly pod?: ObjectRef;
  readonly node?: ObjectRef;
  readonly secret?: ObjectRef;
}

/** The claims of a verified token that validation against stored objects needs. */
export interface VerifiedClaims {
  readonly namespace: string;
  readonly serviceAccount: ObjectRef;
  readonly pod?: ObjectRef;
  readonly node?: ObjectRef;
  readonly secret?: ObjectRef;
  readonly jti?: string;
  /** The token's audiences that the request accepts. */
  readonly audiences: readonly string[];
}

/** Outcome of verifying a bearer token: not a token of this issuer, an error, or claims. */
export type VerifyResult =
  | { readonly kind: 'not-ours' }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'ok'; readonly claims: VerifiedClaims };

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Upstream's key id: base64url (no padding) of the SHA-256 of the public key's PKIX DER. */
export function keyIDFor(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url');
}

function refOf(v: unknown): ObjectRef | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  return typeof o['name'] === 'string' && typeof o['uid'] === 'string'
    ? { name: o['name'], uid: o['uid'] }
    : undefined;
}

/**
 * Issues and verifies RS256 service account JWTs with upstream's claims: iss, sub
 * `system:serviceaccount:NS:NAME`, aud, iat, nbf, exp, jti and the `kubernetes.io` claim
 * (namespace, serviceaccount, and the pod, node or secret the token is bound to). Keys sorted as
 * Go's encoder writes them. Pure apart from the clock and the random jti.
 */
export class ServiceAccountTokens {
  readonly issuer: string;
  readonly keyID: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly now: () => Date;

  constructor(opts: { privateKeyPEM: string; issuer?: string; now?: () => Date }) {
    this.privateKey = createPrivateKey(opts.privateKeyPEM);
    this.publicKey = createPublicKey(this.privateKey);
    this.keyID = keyIDFor(this.publicKey);
    this.issuer = opts.issuer ?? DefaultServiceAccountIssuer;
    this.now = opts.now ?? (() => new Date());
  }

  /** Signs a token for `spec`; returns it with the time it expires (second precision). */
  sign(spec: TokenSpec): { token: string; expiresAt: Date } {
    const nowSec = Math.floor(this.now().getTime() / 1000);
    const exp = nowSec + spec.expirationSeconds;
    const k8s: Record<string, unknown> = {
      namespace: spec.namespace,
      serviceaccount: { name: spec.serviceAccount.name, uid: spec.serviceAccount.uid },
    };
    if (spec.pod !== undefined) k8s['pod'] = { name: spec.pod.name, uid: spec.pod.uid };
    if (spec.node !== undefined) k8s['node'] = { name: spec.node.name, uid: spec.node.uid };
    if (spec.secret !== undefined) k8s['secret'] = { name: spec.secret.name, uid: spec.secret.uid };
    const claims = {
      aud: [...spec.audiences],
      exp,
      iat: nowSec,
      iss: this.issuer,
      jti: randomUUID(),
      'kubernetes.io': k8s,
      nbf: nowSec,
      sub: `system:serviceaccount:${spec.namespace}:${spec.serviceAccount.name}`,
    };
    const header = `{"alg":"RS256","kid":${JSON.stringify(this.keyID)}}`;
    const input = `${b64url(header)}.${b64url(goJSON(claims))}`;
    const sig = sign('sha256', Buffer.from(input), this.privateKey);
    return { token: `${input}.${b64url(sig)}`, expiresAt: new Date(exp * 1000) };
  }

  /**
   * Verifies a bearer token for `audiences`: anything that is not a JWT of this issuer is
   * 'not-ours'; a bad signature, an expired or not-yet-valid token, or audiences that miss the
   * request's are errors worded as upstream's.
   */
  verify(token: string, audiences: readonly string[]): VerifyResult {
    const parts = token.split('.');
    if (parts.length !== 3) return { kind: 'not-ours' };
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString()) as Record<string, unknown>;
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as Record<string, unknown>;
    } catch {
      return { kind: 'not-ours' };
    }
    if (typeof claims !== 'object' || claims === null || claims['iss'] !== this.issuer)
      return { kind: 'not-ours' };
    if (header['alg'] !== 'RS256') return { kind: 'error', error: 'invalid signature' };
    const ok = verify(
      'sha256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      this.publicKey,
      Buffer.from(parts[2]!, 'base64url'),
    );
    if (!ok) return { kind: 'error', error: 'invalid signature' };
    const nowSec = Math.floor(this.now().getTime() / 1000);
    const leeway = 60;
    if (typeof claims['exp'] === 'number' && nowSec > claims['exp'] + leeway)
      return { kind: 'error', error: 'service account token has expired' };
    if (typeof claims['nbf'] === 'number' && nowSec + leeway < claims['nbf'])
      return { kind: 'error', error: 'service account token is not valid yet' };
    if (typeof claims['iat'] === 'number' && nowSec + leeway < claims['iat'])
      return { kind: 'error', error: 'service account token is issued in the future' };
    const aud = claims['aud'];
    const tokenAuds = Array.isArray(aud)
      ? aud.filter((a): a is string => typeof a === 'string')
      : typeof aud === 'string'
        ? [aud]
        : [];
    const accepted = tokenAuds.filter((a) => audiences.includes(a));
    if (accepted.length === 0) {
      return {
        kind: 'error',
        error: `token audiences ${goStrings(tokenAuds)} is invalid for the target audiences ${goStrings(audiences)}`,
      };
    }
    const k8s = claims['kubernetes.io'];
    const k = (typeof k8s === 'object' && k8s !== null ? k8s : {}) as Record<string, unknown>;
    const sa = refOf(k['serviceaccount']);
    const namespace = typeof k['namespace'] === 'string' ? k['namespace'] : '';
    if (sa === undefined || namespace === '')
      return { kind: 'error', error: 'service account token claims are missing' };
    const pod = refOf(k['pod']);
    const node = refOf(k['node']);
    const secret = refOf(k['secret']);
    return {
      kind: 'ok',
      claims: {
        namespace,
        serviceAccount: sa,
        audiences: accepted,
        ...(pod === undefined ? {} : { pod }),
        ...(node === undefined ? {} : { node }),
        ...(secret === undefined ? {} : { secret }),
        ...(typeof claims['jti'] === 'string' ? { jti: claims['jti'] } : {}),
      },
    };
  }
}

// Go's %q of a []string: ["a" "b"].
function goStrings(list: readonly string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}

/** Reads the objects a token is bound to; undefined when absent. */
export interface ServiceAccountGetter {
  getServiceAccount(namespace: string, name: string): Promise<Record<string, unknown> | undefined>;
  getPod(namespace: string, name: string): Promise<Record<string, unknown> | undefined>;
  getSecret(namespace: string, name: string): Promise<Record<string, unknown> | undefined>;
}

/** The outcome of authenticating a service account token. */
export type ServiceAccountAuthResult =
  | { readonly kind: 'not-ours' }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'ok'; readonly user: UserInfo; readonly audiences: readonly string[] };

function metaOf(o: Record<string, unknown>): Record<string, unknown> {
  const m = o['metadata'];
  return typeof m === 'object' && m !== null ? (m as Record<string, unknown>) : {};
}

/**
 * Authenticates a service account token as upstream's validator: a verified token whose service
 * account (and bound pod or secret) still exists with the uid of the claim. The user is
 * `system:serviceaccount:NS:NAME` (uid: the service account's) in `system:serviceaccounts` and
 * `system:serviceaccounts:NS`, with the pod, node and credential id in extra.
 */
export async function authenticateServiceAccountToken(
  tokens: ServiceAccountTokens,
  getter: ServiceAccountGetter,
  token: string,
  audiences: readonly string[],
): Promise<ServiceAccountAuthResult> {
  const v = tokens.verify(token, audiences);
  if (v.kind !== 'ok') return v;
  const c = v.claims;
  const sa = await getter.getServiceAccount(c.namespace, c.serviceAccount.name);
  if (sa === undefined)
    return { kind: 'error', error: `serviceaccounts ${JSON.stringify(c.serviceAccount.name)} not found` };
  const saUID = typeof metaOf(sa)['uid'] === 'string' ? (metaOf(sa)['uid'] as string) : '';
  if (saUID !== c.serviceAccount.uid)
    return {
      kind: 'error',
      error: `service account UID (${saUID}) does not match claim (${c.serviceAccount.uid})`,
    };
  if (c.pod !== undefined) {
    const pod = await getter.getPod(c.namespace, c.pod.name);
    if (pod === undefined) return { kind: 'error', error: `pods ${JSON.stringify(c.pod.name)} not found` };
    const uid = String(metaOf(pod)['uid'] ?? '');
    if (uid !== c.pod.uid)
      return { kind: 'error', error: `pod UID (${uid}) does not match claim (${c.pod.uid})` };
  }
  if (c.secret !== undefined) {
    const secret = await getter.getSecret(c.namespace, c.secret.name);
    if (secret === undefined)
      return { kind: 'error', error: `secrets ${JSON.stringify(c.secret.name)} not found` };
    const uid = String(metaOf(secret)['uid'] ?? '');
    if (uid !== c.secret.uid)
      return { kind: 'error', error: `secret UID (${uid}) does not match claim (${c.secret.uid})` };
  }
  const extra: Record<string, string[]> = {};
  if (c.pod !== undefined) {
    extra[PodNameKey] = [c.pod.name];
    extra[PodUIDKey] = [c.pod.uid];
  }
  if (c.node !== undefined) {
    extra[NodeNameKey] = [c.node.name];
    extra[NodeUIDKey] = [c.node.uid];
  }
  if (c.jti !== undefined) extra[CredentialIDExtraKey] = [`JTI=${c.jti}`];
  const user: UserInfo = {
    name: `system:serviceaccount:${c.namespace}:${c.serviceAccount.name}`,
    uid: saUID,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${c.namespace}`],
  };
  if (Object.keys(extra).length > 0) user.extra = extra;
  return { kind: 'ok', user, audiences: c.audiences };
}
