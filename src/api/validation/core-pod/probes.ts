import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import {
  isValidPortName,
  isValidPortNum,
  regexError,
  validateNonnegativeField,
} from '../../../apimachinery/validation/index.js';
import { arr, type Dict, int, obj, objList, str, wrongType } from './shape.js';

const headerNameRe = /^[-A-Za-z0-9]+$/;

/** Upstream's IsHTTPHeaderName messages for a header name. Pure. */
export function isHTTPHeaderName(value: string): string[] {
  return headerNameRe.test(value)
    ? []
    : [
        regexError(
          "a valid HTTP header must consist of alphanumeric characters or '-'",
          '[-A-Za-z0-9]+',
          'X-Header-Name',
        ),
      ];
}

/** Upstream's ValidatePortNumOrName on a decoded IntOrString. Pure. */
export function validatePortNumOrName(port: unknown, fldPath: FieldPath): FieldError[] {
  if (typeof port === 'number' && Number.isInteger(port)) {
    return isValidPortNum(port).map((msg) => invalid(fldPath, port, msg));
  }
  if (typeof port === 'string') return isValidPortName(port).map((msg) => invalid(fldPath, port, msg));
  if (port === undefined || port === null) return isValidPortNum(0).map((msg) => invalid(fldPath, 0, msg));
  return [wrongType(fldPath, port, 'integer or string')];
}

type HandlerKind = 'probe' | 'lifecycle';

// Probes take exec/httpGet/tcpSocket/grpc; lifecycle hooks exec/httpGet/tcpSocket/sleep.
const handlerKeys: Record<HandlerKind, readonly string[]> = {
  probe: ['exec', 'httpGet', 'tcpSocket', 'grpc'],
  lifecycle: ['exec', 'httpGet', 'tcpSocket', 'sleep'],
};

function validateAction(
  key: string,
  a: Dict,
  gracePeriod: number | undefined,
  p: FieldPath,
  errs: FieldError[],
): void {
  switch (key) {
    case 'exec':
      if (arr(a, 'command', p, errs).length === 0) errs.push(required(p.child('command')));
      break;
    case 'httpGet': {
      if (str(a, 'path', p, errs) === '') errs.push(required(p.child('path')));
      errs.push(...validatePortNumOrName(a['port'], p.child('port')));
      const scheme = str(a, 'scheme', p, errs);
      if (scheme !== 'HTTP' && scheme !== 'HTTPS') {
        errs.push(notSupported(p.child('scheme'), scheme, ['HTTP', 'HTTPS']));
      }
      for (const { item, index } of objList(a, 'httpHeaders', p, errs)) {
        const name = str(item, 'name', p.child('httpHeaders').index(index), errs);
        for (const msg of isHTTPHeaderName(name)) errs.push(invalid(p.child('httpHeaders'), name, msg));
      }
      break;
    }
    case 'tcpSocket':
      errs.push(...validatePortNumOrName(a['port'], p.child('port')));
      break;
    case 'grpc':
      errs.push(...validatePortNumOrName(int(a, 'port', p, errs) ?? 0, p.child('port')));
      break;
    case 'sleep': {
      const seconds = int(a, 'seconds', p, errs) ?? 0;
      if (gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)) {
        errs.push(
          invalid(
            p,
            seconds,
            `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`,
          ),
        );
      }
      break;
    }
  }
}

function validateHandler(
  h: Dict,
  kind: HandlerKind,
  gracePeriod: number | undefined,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  let n = 0;
  for (const key of handlerKeys[kind]) {
    const a = obj(h, key, fldPath, errs);
    if (a === undefined) continue;
    if (n > 0) {
      errs.push(forbidden(fldPath.child(key), 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    validateAction(key, a, gracePeriod, fldPath.child(key), errs);
  }
  if (n === 0) errs.push(required(fldPath, 'must specify a handler type'));
}

/** postStart and preStop hooks, each with exactly one handler. Appends to `errs`. */
export function validateLifecycle(
  lc: Dict,
  gracePeriod: number | undefined,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  for (const hook of ['postStart', 'preStop'] as const) {
    const h = obj(lc, hook, fldPath, errs);
    if (h !== undefined) validateHandler(h, 'lifecycle', gracePeriod, fldPath.child(hook), errs);
  }
}

/** Which probe: liveness and startup need successThreshold 1; readiness has no grace period. */
export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/**
 * One probe as upstream's validate{Liveness,Readiness,Startup}Probe: one handler, non-negative
 * timings, successThreshold 1 where required, terminationGracePeriodSeconds > 0 (and not on
 * readiness probes). Appends to `errs`.
 */
export function validateProbe(
  probe: Dict,
  kind: ProbeKind,
  gracePeriod: number | undefined,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  validateHandler(probe, 'probe', gracePeriod, fldPath, errs);
  for (const k of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    const v = int(probe, k, fldPath, errs);
    if (v !== undefined) errs.push(...validateNonnegativeField(v, fldPath.child(k)));
  }
  const tgps = int(probe, 'terminationGracePeriodSeconds', fldPath, errs);
  if (tgps !== undefined && tgps <= 0) {
    errs.push(invalid(fldPath.child('terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  }
  if (kind === 'readinessProbe') {
    if (tgps !== undefined) {
      errs.push(
        invalid(fldPath.child('terminationGracePeriodSeconds'), tgps, 'must not be set for readinessProbes'),
      );
    }
  } else {
    const st = typeof probe['successThreshold'] === 'number' ? probe['successThreshold'] : 0;
    if (st !== 1) errs.push(invalid(fldPath.child('successThreshold'), st, 'must be 1'));
  }
}
