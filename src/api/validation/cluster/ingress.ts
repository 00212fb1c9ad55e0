import {
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  validateImmutableField,
  validateNamespaceName,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach, isDomainPrefixedPath, isWildcardDNS1123Subdomain, requiredSegment } from './common.js';
import { parseIPSloppy, isValidIPForLegacyField } from '../../../apimachinery/validation/index.js';
import { defineKind } from './kind.js';
import { isObj, quietReader, Reader } from './shape.js';

interface IngressOptions {
  readonly allowInvalidSecretName: boolean;
  readonly allowInvalidWildcardHostRule: boolean;
}

const strictOptions: IngressOptions = { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false };
const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];
const invalidPathSequences = ['//', '/./', '/../', '%2f', '%2F'];
const invalidPathSuffixes = ['/..', '/.'];
const ingressClassAnnotation = 'kubernetes.io/ingress.class';

// The apiGroup/kind/name triple shared by resource backends and IngressClass parameters.
function validateTypedRef(ref: JsonObject, r: Reader, p: FieldPath): void {
  const group = r.optStr(ref, 'apiGroup', p.child('apiGroup'));
  if (group !== undefined) r.errs.push(...invalidEach(p.child('apiGroup'), group, isDNS1123Subdomain(group)));
  r.errs.push(...requiredSegment(p.child('kind'), r.str(ref, 'kind', p.child('kind')), 'kind is required'));
  r.errs.push(...requiredSegment(p.child('name'), r.str(ref, 'name', p.child('name')), 'name is required'));
}

function validateBackend(backend: JsonObject, r: Reader, p: FieldPath): void {
  const resource = r.obj(backend, 'resource', p.child('resource'));
  const service = r.obj(backend, 'service', p.child('service'));
  if (resource !== undefined && service !== undefined) {
    r.errs.push(invalid(p, '', 'cannot set both resource and service backends'));
    return;
  }
  if (resource !== undefined) {
    validateTypedRef(resource, r, p.child('resource'));
    return;
  }
  if (service === undefined) {
    r.errs.push(invalid(p, '', 'resource or service backend is required'));
    return;
  }
  const sp = p.child('service');
  const name = r.str(service, 'name', sp.child('name'));
  if (name === '') r.errs.push(required(sp.child('name')));
  else r.errs.push(...invalidEach(sp.child('name'), name, isDNS1035Label(name)));
  const port = r.obj(service, 'port', sp.child('port'));
  const portName = r.str(port, 'name', sp.child('port', 'name'));
  const portNumber = r.int(port, 'number', sp.child('port', 'number')) ?? 0;
  if (portName !== '' && portNumber !== 0) {
    r.errs.push(invalid(p, '', 'cannot set both port name & port number'));
  } else if (portName !== '') {
    r.errs.push(...invalidEach(sp.child('port', 'name'), portName, isValidPortName(portName)));
  } else if (portNumber !== 0) {
    r.errs.push(...invalidEach(sp.child('port', 'number'), portNumber, isValidPortNum(portNumber)));
  } else {
    r.errs.push(required(p, 'port name or number is required'));
  }
}

function validatePath(hp: JsonObject, r: Reader, p: FieldPath): void {
  const pathType = r.optStr(hp, 'pathType', p.child('pathType'));
  if (pathType === undefined) {
    r.errs.push(required(p.child('pathType'), 'pathType must be specified'));
    return;
  }
  const value = r.str(hp, 'path', p.child('path'));
  const pp = p.child('path');
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) r.errs.push(invalid(pp, value, 'must be an absolute path'));
    if (value !== '') {
      for (const seq of invalidPathSequences) {
        if (value.includes(seq)) r.errs.push(invalid(pp, value, `must not contain '${seq}'`));
      }
      for (const suffix of invalidPathSuffixes) {
        if (value.endsWith(suffix)) r.errs.push(invalid(pp, value, `cannot end with '${suffix}'`));
      }
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value !== '' && !value.startsWith('/')) r.errs.push(invalid(pp, value, 'must be an absolute path'));
  } else {
    r.errs.push(notSupported(p.child('pathType'), pathType, pathTypes));
  }
  validateBackend(r.obj(hp, 'backend', p.child('backend')) ?? {}, r, p.child('backend'));
}

function validateRuleValue(rule: JsonObject, r: Reader, p: FieldPath): void {
  const http = r.obj(rule, 'http', p.child('http'));
  if (http === undefined) return;
  const paths = r.objs(http, 'paths', p.child('http', 'paths'));
  if (quietReader().arr(http, 'paths', p.child('http', 'paths')).length === 0) {
    r.errs.push(required(p.child('http', 'paths')));
  }
  for (const [hp, i] of paths) validatePath(hp, r, p.child('http', 'paths').index(i));
}

function validateRules(spec: JsonObject, r: Reader, p: FieldPath, opts: IngressOptions): void {
  for (const [rule, i] of r.objs(spec, 'rules', p)) {
    const host = r.str(rule, 'host', p.index(i).child('host'));
    let wildcard = false;
    if (host !== '') {
      const hp = p.index(i).child('host');
      if (parseIPSloppy(host) !== null)
        r.errs.push(invalid(hp, host, 'must be a DNS name, not an IP address'));
      if (host.includes('*')) {
        r.errs.push(...invalidEach(hp, host, isWildcardDNS1123Subdomain(host)));
        wildcard = true;
      } else {
        r.errs.push(...invalidEach(hp, host, isDNS1123Subdomain(host)));
      }
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) validateRuleValue(rule, r, p.index(i));
  }
}

function validateTLS(spec: JsonObject, r: Reader, p: FieldPath, opts: IngressOptions): void {
  for (const [tls, i] of r.objs(spec, 'tls', p)) {
    const hosts = r.strs(tls, 'hosts', p.index(i).child('hosts'));
    hosts.forEach((host, j) => {
      const hp = p.index(i).child('hosts').index(j);
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      r.errs.push(...invalidEach(hp, host, msgs));
    });
    const secret = r.str(tls, 'secretName', p.index(i).child('secretName'));
    if (!opts.allowInvalidSecretName && secret !== '') {
      r.errs.push(...invalidEach(p.index(i).child('secretName'), secret, isDNS1123Subdomain(secret)));
    }
  }
}

function validateIngressSpec(obj: JsonObject, r: Reader, opts: IngressOptions): void {
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p) ?? {};
  // Type problems of `rules` are reported once, by validateRules.
  const rules = quietReader().optArr(spec, 'rules', p.child('rules'));
  const defaultBackend = r.obj(spec, 'defaultBackend', p.child('defaultBackend'));
  if ((rules === undefined || rules.length === 0) && defaultBackend === undefined) {
    r.errs.push(invalid(p, rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (defaultBackend !== undefined) validateBackend(defaultBackend, r, p.child('defaultBackend'));
  validateRules(spec, r, p.child('rules'), opts);
  validateTLS(spec, r, p.child('tls'), opts);
  const className = r.optStr(spec, 'ingressClassName', p.child('ingressClassName'));
  if (className !== undefined) {
    r.errs.push(...invalidEach(p.child('ingressClassName'), className, isDNS1123Subdomain(className)));
  }
}

// An update may keep values that were accepted under older, looser rules.
function updateOptions(old: JsonObject): IngressOptions {
  const q = quietReader();
  const spec = q.obj(old, 'spec', path('spec')) ?? {};
  let secret = false;
  let wildcard = false;
  for (const [tls] of q.objs(spec, 'tls', path('tls'))) {
    const name = q.str(tls, 'secretName', path('s'));
    if (name !== '' && isDNS1123Subdomain(name).length > 0) secret = true;
  }
  for (const [rule] of q.objs(spec, 'rules', path('rules'))) {
    if (!q.str(rule, 'host', path('h')).includes('*')) continue;
    const probe = new Reader([]);
    validateRuleValue(rule, probe, path('r'));
    if (probe.errs.length > 0) wildcard = true;
  }
  return { allowInvalidSecretName: secret, allowInvalidWildcardHostRule: wildcard };
}

/** networking.k8s.io/v1 Ingress. */
export const ingressValidation: KindValidation = defineKind({
  namespaced: true,
  nameFn: nameIsDNSSubdomain,
  createOnly(obj, r) {
    validateIngressSpec(obj, r, strictOptions);
    const meta = isObj(obj['metadata']) ? obj['metadata'] : {};
    const annotations = isObj(meta['annotations']) ? meta['annotations'] : {};
    const annotation = annotations[ingressClassAnnotation];
    const spec = isObj(obj['spec']) ? obj['spec'] : {};
    const className = spec['ingressClassName'];
    if (typeof annotation === 'string' && typeof className === 'string' && annotation !== className) {
      r.errs.push(
        invalid(
          path('annotations').child(ingressClassAnnotation),
          annotation,
          'must match `ingressClassName` when both are specified',
        ),
      );
    }
  },
  update(obj, old, r) {
    validateIngressSpec(obj, r, updateOptions(old));
  },
  warnings(obj) {
    const meta = isObj(obj['metadata']) ? obj['metadata'] : {};
    const annotations = isObj(meta['annotations']) ? meta['annotations'] : {};
    const spec = isObj(obj['spec']) ? obj['spec'] : {};
    const classSet = spec['ingressClassName'] !== undefined && spec['ingressClassName'] !== null;
    return Object.hasOwn(annotations, ingressClassAnnotation) && !classSet
      ? [`annotation "${ingressClassAnnotation}" is deprecated, please use 'spec.ingressClassName' instead`]
      : [];
  },
  status(obj, _old, r) {
    const p = path('status', 'loadBalancer');
    const lb = r.obj(r.obj(obj, 'status', path('status')), 'loadBalancer', p);
    for (const [ing, i] of r.objs(lb, 'ingress', p.child('ingress'))) {
      const ip = p.child('ingress').index(i);
      const addr = r.str(ing, 'ip', ip.child('ip'));
      if (addr !== '') r.errs.push(...isValidIPForLegacyField(ip.child('ip'), addr));
      const hostname = r.str(ing, 'hostname', ip.child('hostname'));
      if (hostname !== '') {
        r.errs.push(...invalidEach(ip.child('hostname'), hostname, isDNS1123Subdomain(hostname)));
        if (parseIPSloppy(hostname) !== null) {
          r.errs.push(invalid(ip.child('hostname'), hostname, 'must be a DNS name, not an IP address'));
        }
      }
    }
  },
});

const maxControllerLength = 250;

function validateIngressClassSpec(obj: JsonObject, r: Reader): void {
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p) ?? {};
  const controller = r.str(spec, 'controller', p.child('controller'));
  if (Buffer.byteLength(controller) > maxControllerLength) {
    r.errs.push(tooLong(p.child('controller'), controller, maxControllerLength));
  }
  r.errs.push(...isDomainPrefixedPath(p.child('controller'), controller));
  const params = r.obj(spec, 'parameters', p.child('parameters'));
  if (params === undefined) return;
  const pp = p.child('parameters');
  validateTypedRef(params, r, pp);
  const scope = r.optStr(params, 'scope', pp.child('scope'));
  if (scope === undefined) {
    r.errs.push(required(pp.child('scope')));
    return;
  }
  const namespace = r.optStr(params, 'namespace', pp.child('namespace'));
  if (scope === 'Namespace') {
    if (namespace === undefined) {
      r.errs.push(required(pp.child('namespace'), "`parameters.scope` is set to 'Namespace'"));
    } else {
      r.errs.push(...invalidEach(pp.child('namespace'), namespace, validateNamespaceName(namespace, false)));
    }
  } else if (scope === 'Cluster') {
    if (namespace !== undefined) {
      r.errs.push(forbidden(pp.child('namespace'), "`parameters.scope` is set to 'Cluster'"));
    }
  } else {
    r.errs.push(notSupported(pp.child('scope'), scope, ['Cluster', 'Namespace']));
  }
}

/** networking.k8s.io/v1 IngressClass. */
export const ingressClassValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create: validateIngressClassSpec,
  update(obj, old, r) {
    const q = quietReader();
    const controller = (o: JsonObject): unknown => q.obj(o, 'spec', path('spec'))?.['controller'] ?? '';
    r.errs.push(...validateImmutableField(controller(obj), controller(old), path('spec', 'controller')));
  },
});
