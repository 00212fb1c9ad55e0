import { type FieldError, invalid, path, required } from '../../../apimachinery/field/index.js';
import { isZeroTime, MetaParseError, parseMicroTime } from '../../../apimachinery/meta/index.js';
import { isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { namespaceOf, qualifiedName } from './meta.js';
import { byteLength, str, topObj, topStr } from './shape.js';

/** Length limits upstream puts on events written with an eventTime. */
export const EventLimits = { reportingInstance: 128, action: 128, reason: 128, message: 1024 } as const;

function hasEventTime(ev: JsonObject, errs: FieldError[]): boolean {
  try {
    const t = parseMicroTime(ev['eventTime']);
    return t !== undefined && !isZeroTime(t);
  } catch (e) {
    if (!(e instanceof MetaParseError)) throw e;
    errs.push(invalid(path('eventTime'), ev['eventTime'], e.message));
    return false;
  }
}

/**
 * Upstream's legacy event validation, which is all it applies to core v1 Events on create and
 * update (ObjectMeta is not validated for them). Events without an eventTime need
 * `involvedObject.namespace` to match the event's namespace (or be empty in `default` or a
 * cluster-scoped request); events with one need a reporting component (a qualified name, reported
 * as `reportingComponent` as the v1 field is named), reporting instance, action and reason, with
 * upstream's length limits. The namespace must be a DNS subdomain. Pure.
 */
export function validateEvent(ev: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = namespaceOf(ev);
  const involved = topObj(ev, 'involvedObject', errs);
  const involvedNS = str(involved, 'namespace', path('involvedObject'), errs);
  const nsPath = path('involvedObject', 'namespace');
  const mismatch = 'does not match event.namespace';
  if (!hasEventTime(ev, errs)) {
    if (involvedNS === '') {
      if (ns !== '' && ns !== 'default') errs.push(invalid(nsPath, involvedNS, mismatch));
    } else if (ns !== involvedNS) {
      errs.push(invalid(nsPath, involvedNS, mismatch));
    }
  } else {
    if (involvedNS === '' && ns !== 'default' && ns !== 'kube-system')
      errs.push(invalid(nsPath, involvedNS, mismatch));
    const controller = topStr(ev, 'reportingComponent', errs);
    const cp = path('reportingComponent');
    if (controller === '') errs.push(required(cp, ''));
    errs.push(...qualifiedName(controller, cp));
    const tooLongMsg = (n: number): string => `can have at most ${n} characters`;
    const check = (field: 'reportingInstance' | 'action' | 'reason', requiredField: boolean): void => {
      const v = topStr(ev, field, errs);
      if (requiredField && v === '') errs.push(required(path(field), ''));
      if (byteLength(v) > EventLimits[field])
        errs.push(invalid(path(field), '', tooLongMsg(EventLimits[field])));
    };
    check('reportingInstance', true);
    check('action', true);
    check('reason', true);
    const message = topStr(ev, 'message', errs);
    if (byteLength(message) > EventLimits.message) {
      errs.push(invalid(path('message'), '', tooLongMsg(EventLimits.message)));
    }
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid(path('namespace'), ns, m));
  return errs;
}

/** Core v1 Event updates: the same legacy rules on the new object. Pure. */
export function validateEventUpdate(ev: JsonObject, _old: JsonObject): FieldError[] {
  return validateEvent(ev);
}
