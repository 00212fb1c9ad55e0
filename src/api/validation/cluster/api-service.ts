import { type FieldError, invalid, notSupported, path, required } from '../../../apimachinery/field/index.js';
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isValidPathSegmentName,
  isValidPortNum,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach } from './common.js';
import { isObj, Reader } from './shape.js';

function validateAPIService(obj: JsonObject, errs: FieldError[], update: boolean): void {
  const r = new Reader(errs);
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p);
  const group = r.str(spec, 'group', p.child('group'));
  const version = r.str(spec, 'version', p.child('version'));
  const requiredName = `${version}.${group}`;
  // On update a metadata member of the wrong type was already reported by the update checks.
  const metaErrs = validateObjectMeta(obj['metadata'], {
    namespaced: false,
    nameFn: (name) => {
      const segment = isValidPathSegmentName(name);
      if (segment.length > 0) return segment;
      return name === requiredName ? [] : [`must be \`spec.version+"."+spec.group\`: "${requiredName}"`];
    },
  });
  if (!update || isObj(obj['metadata'])) errs.push(...metaErrs);
  if (group === '' && version !== 'v1') {
    errs.push(required(p.child('group'), 'only v1 may have an empty group and it better be legacy kube'));
  }
  if (group !== '') errs.push(...invalidEach(p.child('group'), group, isDNS1123Subdomain(group)));
  errs.push(...invalidEach(p.child('version'), version, isDNS1035Label(version)));
  const groupMin = r.int(spec, 'groupPriorityMinimum', p.child('groupPriorityMinimum')) ?? 0;
  if (groupMin <= 0 || groupMin > 20000) {
    errs.push(invalid(p.child('groupPriorityMinimum'), groupMin, 'must be positive and less than 20000'));
  }
  const versionPriority = r.int(spec, 'versionPriority', p.child('versionPriority')) ?? 0;
  if (versionPriority <= 0 || versionPriority > 1000) {
    errs.push(invalid(p.child('versionPriority'), versionPriority, 'must be positive and less than 1000'));
  }
  const caBundle = r.str(spec, 'caBundle', p.child('caBundle'));
  const caBytes = Buffer.from(caBundle, 'base64').length;
  const insecure = r.bool(spec, 'insecureSkipTLSVerify', p.child('insecureSkipTLSVerify')) ?? false;
  const service = r.obj(spec, 'service', p.child('service'));
  if (service === undefined) {
    if (caBytes !== 0)
      errs.push(
        invalid(p.child('caBundle'), `${caBytes} bytes`, 'local APIServices may not have a caBundle'),
      );
    if (insecure) {
      errs.push(
        invalid(
          p.child('insecureSkipTLSVerify'),
          insecure,
          'local APIServices may not have insecureSkipTLSVerify',
        ),
      );
    }
    return;
  }
  const sp = p.child('service');
  if (r.str(service, 'namespace', sp.child('namespace')) === '') errs.push(required(sp.child('namespace')));
  if (r.str(service, 'name', sp.child('name')) === '') errs.push(required(sp.child('name')));
  const port = r.int(service, 'port', sp.child('port')) ?? 443;
  const portErrs = isValidPortNum(port);
  if (portErrs.length > 0)
    errs.push(invalid(sp.child('port'), port, `port is not valid: ${portErrs.join(', ')}`));
  if (insecure && caBytes > 0) {
    errs.push(invalid(p.child('insecureSkipTLSVerify'), insecure, 'may not be true if caBundle is present'));
  }
}

function validateStatus(obj: JsonObject, errs: FieldError[]): void {
  const r = new Reader(errs);
  const p = path('status', 'conditions');
  for (const [c, i] of r.objs(r.obj(obj, 'status', path('status')), 'conditions', p)) {
    const status = r.str(c, 'status', p.index(i).child('status'));
    if (status !== 'True' && status !== 'False' && status !== 'Unknown') {
      errs.push(notSupported(p.index(i).child('status'), status, ['True', 'False', 'Unknown']));
    }
  }
}

/** apiregistration.k8s.io/v1 APIService: named `<version>.<group>`, priorities in range, service or local. */
export const apiServiceValidation: KindValidation = {
  validate(obj) {
    const errs: FieldError[] = [];
    validateAPIService(obj, errs, false);
    return errs;
  },
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
    validateAPIService(obj, errs, true);
    return errs;
  },
  validateStatusUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
    validateStatus(obj, errs);
    return errs;
  },
};
