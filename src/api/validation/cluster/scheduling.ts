import { forbidden, invalid, notSupported, path, required } from '../../../apimachinery/field/index.js';
import {
  isQualifiedName,
  nameIsDNSSubdomain,
  validateImmutableField,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach } from './common.js';
import { defineKind } from './kind.js';
import { isObj, type Reader } from './shape.js';

const systemPrefix = 'system-';
const highestUserPriority = 1_000_000_000;
const systemClasses: ReadonlyArray<{ name: string; value: number }> = [
  { name: 'system-node-critical', value: 2 * highestUserPriority + 1000 },
  { name: 'system-cluster-critical', value: 2 * highestUserPriority },
];

function systemClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  const known = systemClasses.find((c) => c.name === name);
  if (known === undefined) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

function validatePriorityClass(obj: JsonObject, r: Reader): void {
  const meta = isObj(obj['metadata']) ? obj['metadata'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const value = r.int(obj, 'value', path('value')) ?? 0;
  const globalDefault = r.bool(obj, 'globalDefault', path('globalDefault')) ?? false;
  if (name.startsWith(systemPrefix)) {
    const err = systemClassError(name, value, globalDefault);
    if (err !== undefined) {
      r.errs.push(
        forbidden(
          path('metadata', 'name'),
          `priority class names with '${systemPrefix}' prefix are reserved for system use only. error: ${err}`,
        ),
      );
    }
  } else if (value > highestUserPriority) {
    r.errs.push(
      forbidden(path('value'), `maximum allowed value of a user defined priority is ${highestUserPriority}`),
    );
  }
  const policy = r.optStr(obj, 'preemptionPolicy', path('preemptionPolicy'));
  if (policy === '') r.errs.push(required(path('preemptionPolicy')));
  else if (policy !== undefined && policy !== 'PreemptLowerPriority' && policy !== 'Never') {
    r.errs.push(notSupported(path('preemptionPolicy'), policy, ['PreemptLowerPriority', 'Never']));
  }
}

/** scheduling.k8s.io/v1 PriorityClass. */
export const priorityClassValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  createOnly: validatePriorityClass,
  update(obj, old, r) {
    if ((obj['value'] ?? 0) !== (old['value'] ?? 0)) {
      r.errs.push(forbidden(path('value'), 'may not be changed in an update.'));
    }
    r.errs.push(
      ...validateImmutableField(
        obj['preemptionPolicy'] ?? null,
        old['preemptionPolicy'] ?? null,
        path('preemptionPolicy'),
      ),
    );
  },
});

function validateLeaseSpec(obj: JsonObject, r: Reader): void {
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p);
  const duration = r.int(spec, 'leaseDurationSeconds', p.child('leaseDurationSeconds'));
  if (duration !== undefined && duration <= 0) {
    r.errs.push(invalid(p.child('leaseDurationSeconds'), duration, 'must be greater than 0'));
  }
  const transitions = r.int(spec, 'leaseTransitions', p.child('leaseTransitions'));
  if (transitions !== undefined && transitions < 0) {
    r.errs.push(invalid(p.child('leaseTransitions'), transitions, 'must be greater than or equal to 0'));
  }
  r.str(spec, 'holderIdentity', p.child('holderIdentity'));
  const strategy = r.optStr(spec, 'strategy', p.child('strategy'));
  if (strategy !== undefined) {
    // Upstream appends "strategy" once more inside its shared strategy check.
    const sp = p.child('strategy', 'strategy');
    if (!strategy.includes('/')) {
      if (strategy !== 'OldestEmulationVersion')
        r.errs.push(notSupported(sp, strategy, ['OldestEmulationVersion']));
    } else {
      r.errs.push(...invalidEach(sp, strategy, isQualifiedName(strategy)));
    }
  }
  const preferred = r.optStr(spec, 'preferredHolder', p.child('preferredHolder'));
  if (preferred !== undefined && preferred !== '' && (strategy === undefined || strategy === '')) {
    r.errs.push(forbidden(p.child('preferredHolder'), 'may only be specified if `strategy` is defined'));
  }
}

/** coordination.k8s.io/v1 Lease. */
export const leaseValidation: KindValidation = defineKind({
  namespaced: true,
  nameFn: nameIsDNSSubdomain,
  create: validateLeaseSpec,
});
