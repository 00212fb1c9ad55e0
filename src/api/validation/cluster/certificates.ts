import {
  duplicate,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { defineKind } from './kind.js';
import { checkCertificateRequest, isDerSequenceList, pemDecode } from './pem-der.js';
import { byteLen, quietReader, type Reader } from './shape.js';

const usages = [
  'signing',
  'digital signature',
  'content commitment',
  'key encipherment',
  'key agreement',
  'data encipherment',
  'cert sign',
  'crl sign',
  'encipher only',
  'decipher only',
  'any',
  'server auth',
  'client auth',
  'code signing',
  'email protection',
  's/mime',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'timestamping',
  'ocsp signing',
  'microsoft sgc',
  'netscape sgc',
].sort();
const approvalTypes = ['Approved', 'Denied', 'Failed'];
const legacySigner = 'kubernetes.io/legacy-unknown';

/** Upstream's ValidateSignerName: `<domain>/<path>` with DNS labels and subdomain components. */
export function validateSignerName(p: FieldPath, name: string): ReturnType<typeof required>[] {
  if (name === '') return [required(p)];
  const segments = name.split('/');
  if (segments.length !== 2) {
    return [
      invalid(p, name, "must be a fully qualified domain and path of the form 'example.com/signer-name'"),
    ];
  }
  const domain = segments[0] ?? '';
  const rest = segments[1] ?? '';
  const errs = [];
  if (byteLen(domain) > 253) errs.push(tooLong(p, domain, 253));
  const labels = domain.split('.');
  for (const l of labels) {
    const le = isDNS1123Label(l);
    if (le.length > 0) {
      for (const m of le) errs.push(invalid(p, domain, `validating label "${l}": ${m}`));
      break;
    }
  }
  if (labels.length < 2)
    errs.push(invalid(p, domain, 'should be a domain with at least two segments separated by dots'));
  for (const c of rest.split('.')) {
    const ce = isDNS1123Subdomain(c);
    if (ce.length > 0) {
      for (const m of ce) errs.push(invalid(p, rest, `validating component "${c}": ${m}`));
      break;
    }
  }
  const max = 253 + 63 + 1;
  if (byteLen(name) > max) errs.push(tooLong(p, name, max));
  return errs;
}

function decodeBase64(v: string): string {
  return Buffer.from(v, 'base64').toString('latin1');
}

function requestError(request: string): string | undefined {
  const decoded = pemDecode(decodeBase64(request));
  if (decoded === undefined || decoded.block.type !== 'CERTIFICATE REQUEST') {
    return 'PEM block type must be CERTIFICATE REQUEST';
  }
  return checkCertificateRequest(decoded.block.bytes);
}

function certificateError(cert: string): string | undefined {
  let data = decodeBase64(cert);
  if (data.length === 0) return undefined;
  let blocks = 0;
  for (;;) {
    const d = pemDecode(data);
    if (d === undefined) break;
    if (d.block.type !== 'CERTIFICATE')
      return `only CERTIFICATE PEM blocks are allowed, found "${d.block.type}"`;
    if (Object.keys(d.block.headers).length > 0) return 'no PEM block headers are permitted';
    blocks++;
    if (!isDerSequenceList(d.block.bytes)) return 'x509: malformed certificate';
    data = d.rest;
  }
  return blocks === 0 ? 'must contain at least one CERTIFICATE PEM block' : undefined;
}

interface Condition {
  readonly type: string;
  readonly status: string;
}

function conditionsOf(obj: JsonObject, r: Reader): Array<[Condition, number]> {
  const p = path('status', 'conditions');
  return r.objs(r.obj(obj, 'status', path('status')), 'conditions', p).map(([c, i]) => [
    {
      type: r.str(c, 'type', p.index(i).child('type')),
      status: r.str(c, 'status', p.index(i).child('status')),
    },
    i,
  ]);
}

interface Leniency {
  readonly legacySigner: boolean;
  readonly bothApprovedDenied: boolean;
  readonly duplicateTypes: boolean;
  readonly arbitraryCertificate: boolean;
  readonly duplicateUsages: boolean;
  readonly unknownUsages: boolean;
}

const strict: Leniency = {
  legacySigner: false,
  bothApprovedDenied: false,
  duplicateTypes: false,
  arbitraryCertificate: false,
  duplicateUsages: false,
  unknownUsages: false,
};

function validateCSR(obj: JsonObject, r: Reader, opts: Leniency): void {
  const sp = path('spec');
  const spec = r.obj(obj, 'spec', sp);
  const request = r.str(spec, 'request', sp.child('request'));
  const err = requestError(request);
  if (err !== undefined) r.errs.push(invalid(sp.child('request'), request, err));
  const list = r.strs(spec, 'usages', sp.child('usages'));
  if (list.length === 0) r.errs.push(required(sp.child('usages')));
  if (!opts.unknownUsages) {
    list.forEach((u, i) => {
      if (!usages.includes(u)) r.errs.push(notSupported(sp.child('usages').index(i), u, usages));
    });
  }
  if (!opts.duplicateUsages) {
    const seen = new Set<string>();
    list.forEach((u, i) => {
      if (seen.has(u)) r.errs.push(duplicate(sp.child('usages').index(i), u));
      seen.add(u);
    });
  }
  const signer = r.str(spec, 'signerName', sp.child('signerName'));
  if (!opts.legacySigner && signer === legacySigner) {
    r.errs.push(
      invalid(sp.child('signerName'), signer, 'the legacy signerName is not allowed via this API version'),
    );
  } else {
    r.errs.push(...validateSignerName(sp.child('signerName'), signer));
  }
  const exp = r.int(spec, 'expirationSeconds', sp.child('expirationSeconds'));
  if (exp !== undefined && exp < 600) {
    r.errs.push(
      invalid(
        sp.child('expirationSeconds'),
        exp,
        'may not specify a duration less than 600 seconds (10 minutes)',
      ),
    );
  }
  validateConditions(obj, r, opts);
  if (!opts.arbitraryCertificate) {
    // `status` itself was read (and its type reported) with the conditions.
    const status = quietReader().obj(obj, 'status', path('status'));
    const cerr = certificateError(r.str(status, 'certificate', path('status', 'certificate')));
    if (cerr !== undefined) r.errs.push(invalid(path('status', 'certificate'), '<certificate data>', cerr));
  }
}

function validateConditions(obj: JsonObject, r: Reader, opts: Leniency): void {
  const p = path('status', 'conditions');
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  const conditions = conditionsOf(obj, r);
  for (const [c, i] of conditions) {
    const cp = p.index(i);
    if (c.type === '') r.errs.push(required(cp.child('type')));
    if (c.status === '') {
      r.errs.push(required(cp.child('status')));
    } else if (approvalTypes.includes(c.type)) {
      if (c.status !== 'True') r.errs.push(notSupported(cp.child('status'), c.status, ['True']));
    } else if (!['False', 'True', 'Unknown'].includes(c.status)) {
      r.errs.push(notSupported(cp.child('status'), c.status, ['False', 'True', 'Unknown']));
    }
    if (!opts.duplicateTypes) {
      if (seen.has(c.type)) r.errs.push(duplicate(cp.child('type'), c.type));
      seen.add(c.type);
    }
    if (c.type === 'Approved') approved = true;
    if (c.type === 'Denied') denied = true;
  }
  if (!opts.bothApprovedDenied && approved && denied) {
    const status = quietReader().obj(obj, 'status', path('status'));
    r.errs.push(
      invalid(p, status?.['conditions'] ?? null, 'Approved and Denied conditions are mutually exclusive'),
    );
  }
}

// An update keeps whatever the stored object already got away with.
function leniencyFor(old: JsonObject): Leniency {
  const q = quietReader();
  const spec = q.obj(old, 'spec', path('spec'));
  const list = q.strs(spec, 'usages', path('u'));
  const conditions = conditionsOf(old, q).map(([c]) => c.type);
  const status = q.obj(old, 'status', path('status'));
  return {
    legacySigner: q.str(spec, 'signerName', path('s')) === legacySigner,
    bothApprovedDenied: conditions.includes('Approved') && conditions.includes('Denied'),
    duplicateTypes: new Set(conditions).size !== conditions.length,
    arbitraryCertificate: certificateError(q.str(status, 'certificate', path('c'))) !== undefined,
    duplicateUsages: new Set(list).size !== list.length,
    unknownUsages: list.some((u) => !usages.includes(u)),
  };
}

function validateCSRUpdate(
  obj: JsonObject,
  old: JsonObject,
  r: Reader,
  allowCertificateChange: boolean,
): void {
  validateCSR(obj, r, leniencyFor(old));
  const q = quietReader();
  for (const t of approvalTypes) {
    const count = (o: JsonObject): number => conditionsOf(o, q).filter(([c]) => c.type === t).length;
    if (count(obj) < count(old)) {
      r.errs.push(
        forbidden(path('status', 'conditions'), `updates may not remove a condition of type "${t}"`),
      );
    }
  }
  const cert = (o: JsonObject): string => q.str(q.obj(o, 'status', path('status')), 'certificate', path('c'));
  if (!allowCertificateChange && cert(old) !== '' && cert(obj) !== cert(old)) {
    r.errs.push(
      invalid(
        path('status', 'certificate'),
        '<certificate data>',
        'updates may not modify existing certificate content',
      ),
    );
  }
}

/** certificates.k8s.io/v1 CertificateSigningRequest (any name is accepted, as upstream). */
export const certificateSigningRequestValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: () => [],
  createOnly: (obj, r) => validateCSR(obj, r, strict),
  update: (obj, old, r) => validateCSRUpdate(obj, old, r, false),
  status: (obj, old, r) => validateCSRUpdate(obj, old, r, false),
});
