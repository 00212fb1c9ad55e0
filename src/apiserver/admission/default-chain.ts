import type { RandomInt } from '../../apimachinery/meta/index.js';
import type { Authorizer } from '../authz/index.js';
import { certificateApproval, certificateSigning } from './certificate-signer-authorization.js';
import { certificateSubjectRestriction } from './certificate-subject-restriction.js';
import { AdmissionChain } from './chain.js';
import { defaultIngressClass } from './default-ingress-class.js';
import { defaultStorageClass } from './default-storage-class.js';
import { defaultTolerationSeconds } from './default-toleration-seconds.js';
import { limitRanger } from './limit-ranger.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { persistentVolumeClaimResize } from './persistent-volume-claim-resize.js';
import { type PodSecurityOptions, podSecurity } from './pod-security/index.js';
import { priority } from './priority.js';
import { runtimeClass } from './runtime-class.js';
import { serviceAccount } from './service-account.js';
import { storageObjectInUseProtection } from './storage-object-in-use-protection.js';
import { taintNodesByCondition } from './taint-nodes-by-condition.js';
import type { AdmissionLookup, AdmissionPlugin } from './types.js';

/** Options of the default chain; every field has upstream's default. */
export interface DefaultAdmissionOptions {
  /**
   * Refuse pods whose service account does not exist (upstream does). Off by default until
   * the controller that creates each namespace's `default` service account exists.
   */
  readonly requireServiceAccount?: boolean;
  /** PodSecurity defaults and exemptions (default: privileged everywhere, no exemptions). */
  readonly podSecurity?: PodSecurityOptions;
  /** Plugins to leave out, by upstream name (`--disable-admission-plugins`). */
  readonly disable?: readonly string[];
  /**
   * The server's authorizer, for CertificateApproval and CertificateSigning (which ask it
   * whether the user may approve or sign for a signer); without it those two are left out.
   */
  readonly authorizer?: Authorizer;
  /** Randomness of generated names (the API credentials volume); default crypto. */
  readonly random?: RandomInt;
}

/**
 * The plugins kube-apiserver enables by default that work without webhooks or CEL, in
 * upstream's order (a new list on each call; plugins hold no state). Left out: ResourceQuota
 * (it needs the quota controller's usage in status; upstream refuses every create in a
 * namespace with a quota until that exists), ClusterTrustBundleAttest (its API is not served),
 * and the webhook and admission-policy plugins. CertificateApproval and CertificateSigning are
 * in only when an authorizer is given.
 */
export function defaultAdmissionPlugins(
  lookup: AdmissionLookup,
  opts: DefaultAdmissionOptions = {},
): AdmissionPlugin[] {
  const all: AdmissionPlugin[] = [
    namespaceLifecycle(lookup),
    limitRanger(lookup),
    serviceAccount(lookup, {
      ...(opts.requireServiceAccount === undefined
        ? {}
        : { requireServiceAccount: opts.requireServiceAccount }),
      ...(opts.random === undefined ? {} : { random: opts.random }),
    }),
    taintNodesByCondition(),
    podSecurity(lookup, opts.podSecurity),
    priority(lookup),
    defaultTolerationSeconds(),
    defaultStorageClass(lookup),
    storageObjectInUseProtection(),
    persistentVolumeClaimResize(lookup),
    runtimeClass(lookup),
    ...(opts.authorizer === undefined
      ? []
      : [certificateApproval(opts.authorizer), certificateSigning(opts.authorizer)]),
    certificateSubjectRestriction(),
    defaultIngressClass(lookup),
  ];
  const disabled = new Set(opts.disable ?? []);
  return all.filter((p) => !disabled.has(p.name));
}

/**
 * kube-apiserver's default admission chain over `lookup` (see defaultAdmissionPlugins). Pass
 * it as the `admission` of every RegistryStore; share one `warnings` array per request in the
 * attributes to collect PodSecurity's warnings.
 */
export function defaultAdmission(
  lookup: AdmissionLookup,
  opts: DefaultAdmissionOptions = {},
): AdmissionChain {
  return new AdmissionChain(defaultAdmissionPlugins(lookup, opts));
}
