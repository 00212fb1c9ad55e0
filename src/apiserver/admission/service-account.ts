import { internalError } from '../../apimachinery/errors/index.js';
import { generateName, type RandomInt } from '../../apimachinery/meta/index.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { JsonObject } from '../registry/types.js';
import { RESOURCES } from './resources.js';
import type { AdmissionLookup, AdmissionPlugin } from './types.js';
import {
  admissionForbidden,
  boolAt,
  ensureObject,
  isObject,
  isResource,
  metadataOf,
  objectAt,
  objectsAt,
  stringAt,
  stringMapAt,
} from './util.js';

/** Upstream's plugin name. */
export const SERVICE_ACCOUNT = 'ServiceAccount';

/** The service account a pod without one runs as. */
export const DEFAULT_SERVICE_ACCOUNT_NAME = 'default';

/** Where the API credentials are mounted in every container. */
export const DEFAULT_API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Prefix of the projected volume's name (`kube-api-access-xxxxx`). */
export const SERVICE_ACCOUNT_VOLUME_NAME = 'kube-api-access';

/** The token lifetime the projected volume asks for (upstream's WarnOnlyBoundTokenExpirationSeconds). */
export const TOKEN_EXPIRATION_SECONDS = 3607;

/** The annotation with which a service account restricts the secrets its pods may use. */
export const ENFORCE_MOUNTABLE_SECRETS_ANNOTATION = 'kubernetes.io/enforce-mountable-secrets';

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** Options of the ServiceAccount plugin. */
export interface ServiceAccountOptions {
  /**
   * Refuse pods whose service account does not exist, as upstream does. Off by default: the
   * controller that creates the `default` service account in every namespace does not exist
   * yet, and until it does every pod would be refused. Turn it on once that controller runs.
   */
  readonly requireServiceAccount?: boolean;
  /** Add the projected API credentials volume to pods (default true, as upstream). */
  readonly mountServiceAccountToken?: boolean;
  /** Randomness of the volume name suffix (default crypto). */
  readonly random?: RandomInt;
}

/**
 * The projected volume source upstream mounts for API access: a bound token, the cluster CA
 * from the `kube-root-ca.crt` ConfigMap and the pod's namespace, with mode 0644.
 */
export function tokenVolumeSource(): JsonObject {
  return {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
        },
      },
    ],
  };
}

/**
 * ServiceAccount: on pod create, defaults spec.serviceAccountName to `default`, mounts the
 * projected API credentials (`kube-api-access-xxxxx`) into every container unless
 * automountServiceAccountToken is false on the pod (or else on the service account), copies
 * the service account's imagePullSecrets to a pod without any, and refuses mirror pods that
 * reference service accounts, secrets or token projections. With the
 * kubernetes.io/enforce-mountable-secrets annotation on the service account, refuses secrets
 * the account does not list. Whether a missing service account is refused is an option (see
 * {@link ServiceAccountOptions.requireServiceAccount}). Reads the service account.
 */
export function serviceAccount(lookup: AdmissionLookup, opts: ServiceAccountOptions = {}): AdmissionPlugin {
  const require = opts.requireServiceAccount === true;
  const mount = opts.mountServiceAccountToken !== false;

  // The service account, undefined when it is absent and absence is allowed.
  async function accountFor(a: AdmissionAttributes, name: string): Promise<JsonObject | undefined> {
    const sa = await lookup.get(RESOURCES.serviceAccounts, a.namespace, name);
    if (sa === undefined && require) {
      throw admissionForbidden(
        a,
        `error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`,
      );
    }
    return sa;
  }

  async function validate(a: AdmissionAttributes): Promise<void> {
    if (ignored(a)) return;
    const pod = a.object!;
    const spec = objectAt(pod, 'spec');
    if (a.operation === 'UPDATE' && a.subresource === 'ephemeralcontainers') {
      return limitEphemeralContainerSecrets(a, spec, accountFor);
    }
    if (a.operation !== 'CREATE') return;
    if (MIRROR_POD_ANNOTATION in stringMapAt(metadataOf(pod), 'annotations'))
      return validateMirrorPod(a, spec);
    const saName = stringAt(spec, 'serviceAccountName');
    if (saName === '') {
      const podName = stringAt(metadataOf(pod), 'name');
      throw admissionForbidden(a, `no service account specified for pod ${a.namespace}/${podName}`);
    }
    const sa = await accountFor(a, saName);
    if (sa === undefined || !enforcesMountableSecrets(sa)) return;
    const why = unlistedSecret(sa, spec);
    if (why !== undefined) throw admissionForbidden(a, why);
  }

  return {
    name: SERVICE_ACCOUNT,
    async admit(a: AdmissionAttributes): Promise<void> {
      if (ignored(a) || a.operation !== 'CREATE') return;
      const pod = a.object!;
      if (!(MIRROR_POD_ANNOTATION in stringMapAt(metadataOf(pod), 'annotations'))) {
        const spec = ensureObject(pod, 'spec');
        if (stringAt(spec, 'serviceAccountName') === '')
          spec['serviceAccountName'] = DEFAULT_SERVICE_ACCOUNT_NAME;
        const sa = await accountFor(a, stringAt(spec, 'serviceAccountName'));
        if (mount && shouldAutomount(sa, spec)) mountToken(spec, opts.random);
        const pull = objectsAt(sa, 'imagePullSecrets');
        if (objectsAt(spec, 'imagePullSecrets').length === 0 && pull.length > 0) {
          spec['imagePullSecrets'] = pull.map((s) => ({ name: stringAt(s, 'name') }));
        }
      }
      await validate(a);
    },
    validate,
  };
}

function ignored(a: AdmissionAttributes): boolean {
  if (!isResource(a, '', 'pods')) return true;
  if (a.subresource !== '' && a.subresource !== 'ephemeralcontainers') return true;
  return !isObject(a.object);
}

// The pod's choice wins, then the service account's; mounting is the default.
function shouldAutomount(sa: JsonObject | undefined, spec: JsonObject): boolean {
  return boolAt(spec, 'automountServiceAccountToken') ?? boolAt(sa, 'automountServiceAccountToken') ?? true;
}

function mountToken(spec: JsonObject, random: RandomInt | undefined): void {
  const volumes = objectsAt(spec, 'volumes');
  const existing = volumes.find((v) => stringAt(v, 'name').startsWith(`${SERVICE_ACCOUNT_VOLUME_NAME}-`));
  const volumeName =
    existing !== undefined
      ? stringAt(existing, 'name')
      : generateName(`${SERVICE_ACCOUNT_VOLUME_NAME}-`, ...(random === undefined ? [] : [random]));
  const mountFor = () => ({ name: volumeName, readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH });
  let needed = false;
  for (const list of ['initContainers', 'containers']) {
    for (const c of objectsAt(spec, list)) {
      const mounts = objectsAt(c, 'volumeMounts');
      // A container that mounts something at the path keeps it.
      if (mounts.some((m) => stringAt(m, 'mountPath') === DEFAULT_API_TOKEN_MOUNT_PATH)) continue;
      const current = Array.isArray(c['volumeMounts']) ? (c['volumeMounts'] as unknown[]) : [];
      c['volumeMounts'] = [...current, mountFor()];
      needed = true;
    }
  }
  if (existing === undefined && needed) {
    const current = Array.isArray(spec['volumes']) ? (spec['volumes'] as unknown[]) : [];
    spec['volumes'] = [...current, { name: volumeName, projected: tokenVolumeSource() }];
  }
}

function validateMirrorPod(a: AdmissionAttributes, spec: JsonObject | undefined): void {
  if (stringAt(spec, 'serviceAccountName') !== '') {
    throw admissionForbidden(a, 'a mirror pod may not reference service accounts');
  }
  if (podSecretNames(spec).length > 0) throw admissionForbidden(a, 'a mirror pod may not reference secrets');
  for (const v of objectsAt(spec, 'volumes')) {
    const sources = objectsAt(objectAt(v, 'projected'), 'sources');
    if (sources.some((s) => isObject(s['serviceAccountToken']))) {
      throw admissionForbidden(a, 'a mirror pod may not use ServiceAccountToken volume projections');
    }
  }
}

// Go's strconv.ParseBool, true values only.
function enforcesMountableSecrets(sa: JsonObject): boolean {
  const v = stringMapAt(metadataOf(sa), 'annotations')[ENFORCE_MOUNTABLE_SECRETS_ANNOTATION];
  return v !== undefined && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v);
}

function secretRefName(obj: JsonObject | undefined, key: string): string {
  return stringAt(objectAt(obj, key), 'name');
}

/** Every secret name a pod spec references, as upstream's VisitPodSecretNames visits them. Pure. */
export function podSecretNames(spec: JsonObject | undefined): string[] {
  const names: string[] = [];
  const add = (n: string) => {
    if (n !== '') names.push(n);
  };
  for (const s of objectsAt(spec, 'imagePullSecrets')) add(stringAt(s, 'name'));
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of objectsAt(spec, list)) {
      for (const e of objectsAt(c, 'envFrom')) add(secretRefName(e, 'secretRef'));
      for (const e of objectsAt(c, 'env')) add(secretRefName(objectAt(e, 'valueFrom'), 'secretKeyRef'));
    }
  }
  for (const v of objectsAt(spec, 'volumes')) {
    add(stringAt(objectAt(v, 'azureFile'), 'secretName'));
    add(stringAt(objectAt(v, 'secret'), 'secretName'));
    for (const k of ['cephfs', 'cinder', 'flexVolume', 'rbd', 'scaleIO', 'iscsi', 'storageos']) {
      add(secretRefName(objectAt(v, k), 'secretRef'));
    }
    add(secretRefName(objectAt(v, 'csi'), 'nodePublishSecretRef'));
    for (const s of objectsAt(objectAt(v, 'projected'), 'sources'))
      add(stringAt(objectAt(s, 'secret'), 'name'));
  }
  return names;
}

// Upstream's limitSecretReferences: the first reference the service account does not allow.
function unlistedSecret(sa: JsonObject, spec: JsonObject | undefined): string | undefined {
  const saName = stringAt(metadataOf(sa), 'name');
  const mountable = new Set(objectsAt(sa, 'secrets').map((s) => stringAt(s, 'name')));
  const tail = `is not allowed because service account ${saName} does not reference that secret`;
  for (const v of objectsAt(spec, 'volumes')) {
    const secret = objectAt(v, 'secret');
    if (secret === undefined) continue;
    const name = stringAt(secret, 'secretName');
    if (!mountable.has(name)) return `volume with secret.secretName="${name}" ${tail}`;
  }
  for (const [list, label] of [
    ['initContainers', 'init container'],
    ['containers', 'container'],
  ] as const) {
    for (const c of objectsAt(spec, list)) {
      const why = containerSecretViolation(c, label, mountable, tail);
      if (why !== undefined) return why;
    }
  }
  const pull = new Set(objectsAt(sa, 'imagePullSecrets').map((s) => stringAt(s, 'name')));
  const refs = objectsAt(spec, 'imagePullSecrets');
  for (const [i, ref] of refs.entries()) {
    const name = stringAt(ref, 'name');
    if (!pull.has(name)) {
      return `imagePullSecrets[${i}].name="${name}" is not allowed because service account ${saName} does not reference that imagePullSecret`;
    }
  }
  return undefined;
}

function containerSecretViolation(
  c: JsonObject,
  label: string,
  mountable: ReadonlySet<string>,
  tail: string,
): string | undefined {
  const cname = stringAt(c, 'name');
  for (const e of objectsAt(c, 'env')) {
    const ref = objectAt(objectAt(e, 'valueFrom'), 'secretKeyRef');
    if (ref === undefined) continue;
    const name = stringAt(ref, 'name');
    if (!mountable.has(name)) {
      return `${label} ${cname} with envVar ${stringAt(e, 'name')} referencing secret.secretName="${name}" ${tail}`;
    }
  }
  for (const e of objectsAt(c, 'envFrom')) {
    const ref = objectAt(e, 'secretRef');
    if (ref === undefined) continue;
    const name = stringAt(ref, 'name');
    if (!mountable.has(name))
      return `${label} ${cname} with envFrom referencing secret.secretName="${name}" ${tail}`;
  }
  return undefined;
}

async function limitEphemeralContainerSecrets(
  a: AdmissionAttributes,
  spec: JsonObject | undefined,
  accountFor: (a: AdmissionAttributes, name: string) => Promise<JsonObject | undefined>,
): Promise<void> {
  const saName = stringAt(spec, 'serviceAccountName');
  if (saName === '') {
    const podName = stringAt(metadataOf(a.object), 'name');
    throw admissionForbidden(a, `no service account specified for pod ${a.namespace}/${podName}`);
  }
  const sa = await accountFor(a, saName);
  if (sa === undefined || !enforcesMountableSecrets(sa)) return;
  const mountable = new Set(objectsAt(sa, 'secrets').map((s) => stringAt(s, 'name')));
  const tail = `is not allowed because service account ${saName} does not reference that secret`;
  for (const c of objectsAt(spec, 'ephemeralContainers')) {
    const why = containerSecretViolation(c, 'ephemeral container', mountable, tail);
    // Upstream returns this one as a plain error, which the server answers as a 500.
    if (why !== undefined) throw internalError(why);
  }
}
