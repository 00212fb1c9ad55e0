import { deepEqual } from '../../apimachinery/meta/index.js';
import type { Authorizer } from '../authz/index.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { AdmissionPlugin } from './types.js';
import { admissionForbidden, isResource, objectAt, stringAt } from './util.js';

/** Upstream's plugin names. */
export const CERTIFICATE_APPROVAL = 'CertificateApproval';
export const CERTIFICATE_SIGNING = 'CertificateSigning';

// Upstream's IsAuthorizedForSignerName: `verb` on signers/<name>, or on signers/<domain>/*.
function authorizedForSigner(
  authz: Authorizer,
  a: AdmissionAttributes,
  verb: string,
  signerName: string,
): boolean {
  const info = a.ctx.userInfo;
  const user = {
    name: info?.name ?? a.ctx.user,
    groups: [...(info?.groups ?? [])],
    ...(info?.uid === undefined ? {} : { uid: info.uid }),
    ...(info?.extra === undefined
      ? {}
      : { extra: Object.fromEntries(Object.entries(info.extra).map(([k, v]) => [k, [...v]])) }),
  };
  const ask = (name: string) =>
    authz.authorize({
      isResourceRequest: true,
      user,
      verb,
      namespace: '',
      apiGroup: 'certificates.k8s.io',
      apiVersion: '*',
      resource: 'signers',
      subresource: '',
      name,
    }).decision === 'allow';
  const domain = signerName.split('/')[0] ?? '';
  return ask(signerName) || ask(`${domain}/*`);
}

/**
 * CertificateApproval: an update of `certificatesigningrequests/approval` needs the `approve`
 * verb on `signers` named by the request's (new) signerName or its `<domain>/*` wildcard; 403
 * `user not permitted to approve requests with signerName "x"` otherwise.
 */
export function certificateApproval(authz: Authorizer): AdmissionPlugin {
  return {
    name: CERTIFICATE_APPROVAL,
    async validate(a: AdmissionAttributes): Promise<void> {
      if (a.operation !== 'UPDATE' || a.subresource !== 'approval') return;
      if (!isResource(a, 'certificates.k8s.io', 'certificatesigningrequests')) return;
      const signer = stringAt(objectAt(a.object, 'spec'), 'signerName');
      if (!authorizedForSigner(authz, a, 'approve', signer)) {
        throw admissionForbidden(a, `user not permitted to approve requests with signerName "${signer}"`);
      }
    },
  };
}

/**
 * CertificateSigning: an update of `certificatesigningrequests/status` that changes
 * status.certificate or status.conditions needs the `sign` verb on `signers` named by the
 * stored signerName (or its wildcard); 403 `user not permitted to sign requests with
 * signerName "x"` otherwise.
 */
export function certificateSigning(authz: Authorizer): AdmissionPlugin {
  return {
    name: CERTIFICATE_SIGNING,
    async validate(a: AdmissionAttributes): Promise<void> {
      if (a.operation !== 'UPDATE' || a.subresource !== 'status') return;
      if (!isResource(a, 'certificates.k8s.io', 'certificatesigningrequests')) return;
      const status = objectAt(a.object, 'status');
      const oldStatus = objectAt(a.oldObject, 'status');
      const same =
        deepEqual(status?.['certificate'], oldStatus?.['certificate']) &&
        deepEqual(status?.['conditions'] ?? [], oldStatus?.['conditions'] ?? []);
      if (same) return;
      const signer = stringAt(objectAt(a.oldObject, 'spec'), 'signerName');
      if (!authorizedForSigner(authz, a, 'sign', signer)) {
        throw admissionForbidden(a, `user not permitted to sign requests with signerName "${signer}"`);
      }
    },
  };
}
