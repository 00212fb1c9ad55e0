import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { AdmissionPlugin } from './types.js';
import { admissionForbidden, isResource, objectAt, stringAt } from './util.js';

/** Upstream's plugin name. */
export const CERTIFICATE_SUBJECT_RESTRICTION = 'CertificateSubjectRestriction';

const KUBE_APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';

// The organizations (groups) of the PEM certificate request in spec.request (base64).
function requestedGroups(request: string): string[] {
  const pem = Buffer.from(request, 'base64').toString('utf8');
  const m = /-----BEGIN ([A-Z ]+)-----/.exec(pem);
  if (m === null || m[1] !== 'CERTIFICATE REQUEST')
    throw new Error('PEM block type must be CERTIFICATE REQUEST');
  return new x509.Pkcs10CertificateRequest(pem).subjectName.getField('O');
}

/**
 * CertificateSubjectRestriction: refuses CertificateSigningRequests for the
 * `kubernetes.io/kube-apiserver-client` signer that ask for the `system:masters` group, so no
 * one obtains unrevocable cluster-admin credentials through the certificates API. Validating;
 * creates only.
 */
export function certificateSubjectRestriction(): AdmissionPlugin {
  return {
    name: CERTIFICATE_SUBJECT_RESTRICTION,
    async validate(a: AdmissionAttributes): Promise<void> {
      if (a.operation !== 'CREATE' || a.subresource !== '') return;
      if (!isResource(a, 'certificates.k8s.io', 'certificatesigningrequests')) return;
      const spec = objectAt(a.object, 'spec');
      if (stringAt(spec, 'signerName') !== KUBE_APISERVER_CLIENT_SIGNER) return;
      let groups: string[];
      try {
        groups = requestedGroups(stringAt(spec, 'request'));
      } catch (e) {
        throw admissionForbidden(a, `failed to parse CSR: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (groups.includes('system:masters')) {
        throw admissionForbidden(
          a,
          'use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed',
        );
      }
    },
  };
}
