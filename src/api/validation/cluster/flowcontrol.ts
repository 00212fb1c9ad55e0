import {
  duplicate,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import {
  nameIsDNSSubdomain,
  validateNamespaceName,
  validateServiceAccountName,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach } from './common.js';
import { defineKind } from './kind.js';
import { isObj, type Reader } from './shape.js';

// The fixed "exempt" and "catch-all" objects are not compared with their mandatory content here.

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'proxy', 'update', 'watch'];
const subjectKinds = ['Group', 'ServiceAccount', 'User'];
const maxMatchingPrecedence = 10000;
const maxQueues = 10_000_000;
const maxHashBits = 60;
const nsErrIntro = "each member of this list must be '*' or a DNS-1123 label; ";

function metaName(obj: JsonObject): string {
  const meta = isObj(obj['metadata']) ? obj['metadata'] : {};
  return typeof meta['name'] === 'string' ? meta['name'] : '';
}

function validateVerbs(rule: JsonObject, p: FieldPath, r: Reader): void {
  const list = r.strs(rule, 'verbs', p);
  if (list.length === 0) r.errs.push(required(p, 'verbs must contain at least one value'));
  else if (list.includes('*')) {
    if (list.length > 1) r.errs.push(invalid(p, list, "if '*' is present, must not specify other verbs"));
  } else if (!list.every((v) => verbs.includes(v))) {
    r.errs.push(notSupported(p, list, verbs));
  }
}

function wildcardList(
  rule: JsonObject,
  key: string,
  p: FieldPath,
  r: Reader,
  noun: string,
  requiredMsg: string,
): string[] | undefined {
  const list = r.strs(rule, key, p);
  if (list.length === 0) {
    r.errs.push(required(p, requiredMsg));
    return undefined;
  }
  if (list.length > 1 && list.includes('*')) {
    r.errs.push(invalid(p, list, `if '*' is present, must not specify other ${noun}`));
    return undefined;
  }
  return list;
}

function nonResourceURLError(url: string): string | undefined {
  if (url === '') return 'must not be empty';
  if (url === '/') return undefined;
  if (!url.startsWith('/')) return 'must start with slash';
  if (url.includes(' ')) return 'must not contain white-space';
  if (url.includes('//')) return 'must not contain double slash';
  const stars = url.split('*').length - 1;
  if (stars > 1 || (stars === 1 && url.slice(-2) !== '/*'))
    return 'wildcard can only do suffix glob matching';
  return undefined;
}

function validateSubject(s: JsonObject, p: FieldPath, r: Reader): void {
  const kind = r.str(s, 'kind', p.child('kind'));
  const sa = r.obj(s, 'serviceAccount', p.child('serviceAccount'));
  const user = r.obj(s, 'user', p.child('user'));
  const group = r.obj(s, 'group', p.child('group'));
  const forbidUser = (): void => {
    if (user !== undefined)
      r.errs.push(forbidden(p.child('user'), "user is forbidden when subject kind is not 'User'"));
  };
  const forbidGroup = (): void => {
    if (group !== undefined)
      r.errs.push(forbidden(p.child('group'), "group is forbidden when subject kind is not 'Group'"));
  };
  const forbidSA = (): void => {
    if (sa !== undefined) {
      r.errs.push(
        forbidden(
          p.child('serviceAccount'),
          "serviceAccount is forbidden when subject kind is not 'ServiceAccount'",
        ),
      );
    }
  };
  if (kind === 'ServiceAccount') {
    const sp = p.child('serviceAccount');
    if (sa === undefined)
      r.errs.push(required(sp, "serviceAccount is required when subject kind is 'ServiceAccount'"));
    else {
      const name = r.str(sa, 'name', sp.child('name'));
      if (name === '') r.errs.push(required(sp.child('name')));
      else if (name !== '*')
        r.errs.push(...invalidEach(sp.child('name'), name, validateServiceAccountName(name, false)));
      const ns = r.str(sa, 'namespace', sp.child('namespace'));
      if (ns !== '') r.errs.push(...invalidEach(sp.child('namespace'), ns, validateNamespaceName(ns, false)));
      else r.errs.push(required(sp.child('namespace'), 'must specify namespace for service account'));
    }
    forbidUser();
    forbidGroup();
  } else if (kind === 'User' || kind === 'Group') {
    const own = kind === 'User' ? user : group;
    const key = kind === 'User' ? 'user' : 'group';
    if (own === undefined)
      r.errs.push(required(p.child(key), `${key} is required when subject kind is '${kind}'`));
    else if (r.str(own, 'name', p.child(key, 'name')) === '') r.errs.push(required(p.child(key, 'name')));
    forbidSA();
    if (kind === 'User') forbidGroup();
    else forbidUser();
  } else {
    r.errs.push(notSupported(p.child('kind'), kind, subjectKinds));
  }
}

function validateRule(rule: JsonObject, p: FieldPath, r: Reader): void {
  const subjects = r.objs(rule, 'subjects', p.child('subjects'));
  if (subjects.length > 0) for (const [s, i] of subjects) validateSubject(s, p.child('subjects').index(i), r);
  else r.errs.push(required(p.child('subjects'), 'subjects must contain at least one value'));
  const resourceRules = r.objs(rule, 'resourceRules', p.child('resourceRules'));
  const nonResourceRules = r.objs(rule, 'nonResourceRules', p.child('nonResourceRules'));
  if (resourceRules.length === 0 && nonResourceRules.length === 0) {
    r.errs.push(required(p, 'at least one of resourceRules and nonResourceRules has to be non-empty'));
  }
  for (const [rr, i] of resourceRules) {
    const rp = p.child('resourceRules').index(i);
    validateVerbs(rr, rp.child('verbs'), r);
    wildcardList(
      rr,
      'apiGroups',
      rp.child('apiGroups'),
      r,
      'api groups',
      'resource rules must supply at least one api group',
    );
    wildcardList(
      rr,
      'resources',
      rp.child('resources'),
      r,
      'resources',
      'resource rules must supply at least one resource',
    );
    const namespaces = r.strs(rr, 'namespaces', rp.child('namespaces'));
    const clusterScope = r.bool(rr, 'clusterScope', rp.child('clusterScope')) ?? false;
    if (namespaces.length === 0 && !clusterScope) {
      r.errs.push(
        required(
          rp.child('namespaces'),
          'resource rules that are not cluster scoped must supply at least one namespace',
        ),
      );
    } else if (namespaces.includes('*')) {
      if (namespaces.length > 1) {
        r.errs.push(
          invalid(rp.child('namespaces'), namespaces, "if '*' is present, must not specify other namespaces"),
        );
      }
    } else {
      namespaces.forEach((ns, j) => {
        for (const m of validateNamespaceName(ns, false))
          r.errs.push(invalid(rp.child('namespaces').index(j), ns, nsErrIntro + m));
      });
    }
  }
  for (const [nr, i] of nonResourceRules) {
    const np = p.child('nonResourceRules').index(i);
    validateVerbs(nr, np.child('verbs'), r);
    const urls = wildcardList(
      nr,
      'nonResourceURLs',
      np.child('nonResourceURLs'),
      r,
      'non-resource URLs',
      'nonResourceURLs must contain at least one value',
    );
    if (urls !== undefined && !urls.includes('*')) {
      urls.forEach((u, j) => {
        const err = nonResourceURLError(u);
        if (err !== undefined) r.errs.push(invalid(np.child('nonResourceURLs').index(j), u, err));
      });
    }
  }
}

function validateConditions(obj: JsonObject, r: Reader): void {
  const p = path('status', 'conditions');
  const seen = new Set<string>();
  for (const [c, i] of r.objs(r.obj(obj, 'status', path('status')), 'conditions', p)) {
    const type = r.str(c, 'type', p.index(i).child('type'));
    if (seen.has(type)) r.errs.push(duplicate(p.index(i).child('type'), type));
    seen.add(type);
    if (type === '') r.errs.push(required(p.index(i).child('type'), 'must not be empty'));
  }
}

function validateFlowSchema(obj: JsonObject, r: Reader): void {
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p);
  const name = metaName(obj);
  const precedence = r.int(spec, 'matchingPrecedence', p.child('matchingPrecedence')) ?? 0;
  if (precedence <= 0)
    r.errs.push(invalid(p.child('matchingPrecedence'), precedence, 'must be a positive value'));
  if (precedence > maxMatchingPrecedence) {
    r.errs.push(
      invalid(p.child('matchingPrecedence'), precedence, `must not be greater than ${maxMatchingPrecedence}`),
    );
  }
  if (precedence === 1 && name !== 'exempt') {
    r.errs.push(
      invalid(
        p.child('matchingPrecedence'),
        precedence,
        "only the schema named 'exempt' may have matchingPrecedence 1",
      ),
    );
  }
  const dm = r.obj(spec, 'distinguisherMethod', p.child('distinguisherMethod'));
  if (dm !== undefined) {
    const type = r.str(dm, 'type', p.child('distinguisherMethod', 'type'));
    if (type !== 'ByNamespace' && type !== 'ByUser') {
      r.errs.push(
        notSupported(p.child('distinguisherMethod', 'type'), { Type: type }, ['ByNamespace', 'ByUser']),
      );
    }
  }
  const plp = p.child('priorityLevelConfiguration', 'name');
  const pl = r.str(
    r.obj(spec, 'priorityLevelConfiguration', p.child('priorityLevelConfiguration')),
    'name',
    plp,
  );
  if (pl !== '') r.errs.push(...invalidEach(plp, pl, nameIsDNSSubdomain(pl, false)));
  else r.errs.push(required(plp, 'must reference a priority level'));
  for (const [rule, i] of r.objs(spec, 'rules', p.child('rules')))
    validateRule(rule, p.child('rules').index(i), r);
  validateConditions(obj, r);
}

/** flowcontrol.apiserver.k8s.io/v1 FlowSchema. */
export const flowSchemaValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create: validateFlowSchema,
  status: (obj, _old, r) => validateConditions(obj, r),
});

function validatePercent(o: JsonObject, key: string, p: FieldPath, r: Reader): void {
  const v = r.int(o, key, p.child(key));
  if (v !== undefined && (v < 0 || v > 100))
    r.errs.push(invalid(p.child(key), v, 'must be between 0 and 100, inclusive'));
}

function validateLimited(limited: JsonObject, p: FieldPath, r: Reader): void {
  const shares = r.int(limited, 'nominalConcurrencyShares', p.child('nominalConcurrencyShares')) ?? 0;
  if (shares < 0)
    r.errs.push(invalid(p.child('nominalConcurrencyShares'), shares, 'must be a non-negative integer'));
  const lp = p.child('limitResponse');
  const lr = r.obj(limited, 'limitResponse', lp);
  const type = r.str(lr, 'type', lp.child('type'));
  const queuing = r.obj(lr, 'queuing', lp.child('queuing'));
  if (type === 'Reject') {
    if (queuing !== undefined)
      r.errs.push(forbidden(lp.child('queuing'), 'must be nil if limited.limitResponse.type is not Limited'));
  } else if (type === 'Queue') {
    if (queuing === undefined) {
      r.errs.push(
        required(lp.child('queuing'), 'must not be empty if limited.limitResponse.type is Limited'),
      );
    } else {
      const qp = lp.child('queuing');
      const lengthLimit = r.int(queuing, 'queueLengthLimit', qp.child('queueLengthLimit')) ?? 0;
      if (lengthLimit <= 0)
        r.errs.push(invalid(qp.child('queueLengthLimit'), lengthLimit, 'must be positive'));
      const queues = r.int(queuing, 'queues', qp.child('queues')) ?? 0;
      if (queues <= 0) r.errs.push(invalid(qp.child('queues'), queues, 'must be positive'));
      else if (queues > maxQueues)
        r.errs.push(invalid(qp.child('queues'), queues, `must not be greater than ${maxQueues}`));
      const hand = r.int(queuing, 'handSize', qp.child('handSize')) ?? 0;
      if (hand <= 0) r.errs.push(invalid(qp.child('handSize'), hand, 'must be positive'));
      else if (hand > queues)
        r.errs.push(invalid(qp.child('handSize'), hand, `should not be greater than queues (${queues})`));
      else if (Math.ceil(Math.log2(queues) * hand) > maxHashBits) {
        r.errs.push(
          invalid(
            qp.child('handSize'),
            hand,
            `required entropy bits of deckSize ${queues} and handSize ${hand} should not be greater than ${maxHashBits}`,
          ),
        );
      }
    }
  } else {
    r.errs.push(notSupported(lp.child('type'), type, ['Queue', 'Reject']));
  }
  validatePercent(limited, 'lendablePercent', p, r);
  const borrowing = r.int(limited, 'borrowingLimitPercent', p.child('borrowingLimitPercent'));
  if (borrowing !== undefined && borrowing < 0) {
    r.errs.push(
      invalid(p.child('borrowingLimitPercent'), borrowing, 'if specified, must be a non-negative integer'),
    );
  }
}

function validatePriorityLevel(obj: JsonObject, r: Reader): void {
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p);
  const type = r.str(spec, 'type', p.child('type'));
  if ((metaName(obj) === 'exempt') !== (type === 'Exempt')) {
    r.errs.push(invalid(p.child('type'), type, "type must be 'Exempt' if and only if name is 'exempt'"));
  }
  const limited = r.obj(spec, 'limited', p.child('limited'));
  const exempt = r.obj(spec, 'exempt', p.child('exempt'));
  if (type === 'Exempt') {
    if (limited !== undefined)
      r.errs.push(forbidden(p.child('limited'), 'must be nil if the type is not Limited'));
    if (exempt !== undefined) {
      const shares = r.int(exempt, 'nominalConcurrencyShares', p.child('exempt', 'nominalConcurrencyShares'));
      if (shares !== undefined && shares < 0) {
        r.errs.push(
          invalid(p.child('exempt', 'nominalConcurrencyShares'), shares, 'must be a non-negative integer'),
        );
      }
      validatePercent(exempt, 'lendablePercent', p.child('exempt'), r);
    }
  } else if (type === 'Limited') {
    if (exempt !== undefined) r.errs.push(forbidden(p.child('exempt'), 'must be nil if the type is Limited'));
    if (limited === undefined)
      r.errs.push(required(p.child('limited'), 'must not be empty when type is Limited'));
    else validateLimited(limited, p.child('limited'), r);
  } else {
    r.errs.push(notSupported(p.child('type'), type, ['Exempt', 'Limited']));
  }
  validateConditions(obj, r);
}

/** flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration. */
export const priorityLevelConfigurationValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create: validatePriorityLevel,
  status: (obj, _old, r) => validateConditions(obj, r),
});
