import {
  duplicate,
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import { isZeroTime, MetaParseError, parseTime } from '../../../apimachinery/meta/index.js';
import { regexError, validateLabelName } from '../../../apimachinery/validation/index.js';
import { int64, isDict, list, str, wrongType } from './shape.js';

const statuses = ['False', 'True', 'Unknown'];
const maxReasonLength = 1024;
const maxMessageLength = 32 * 1024;
const reasonFmt = '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?';
const reasonRe = new RegExp(`^${reasonFmt}$`);
const reasonMsg =
  "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'";

function timeSet(v: unknown, fldPath: FieldPath, errs: FieldError[]): boolean {
  try {
    const t = parseTime(v);
    return t !== undefined && !isZeroTime(t);
  } catch (e) {
    if (!(e instanceof MetaParseError)) throw e;
    errs.push(invalid(fldPath, v, e.message));
    return true;
  }
}

/**
 * Upstream's metav1 ValidateConditions: unique types that are qualified names, a known status,
 * observedGeneration ≥ 0, lastTransitionTime and reason set, reason well-formed and ≤ 1024
 * bytes, message ≤ 32768 bytes. Appends errors.
 */
export function validateConditions(v: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  const seen = new Set<string>();
  list(v, fldPath, errs).forEach((c, i) => {
    const p = fldPath.index(i);
    if (!isDict(c)) {
      errs.push(wrongType(p, c, 'object'));
      return;
    }
    const type = str(c['type'], p.child('type'), errs);
    if (seen.has(type)) errs.push(duplicate(p.child('type'), type));
    else seen.add(type);
    errs.push(...validateLabelName(type, p.child('type')));
    const status = str(c['status'], p.child('status'), errs);
    if (!statuses.includes(status)) errs.push(notSupported(p.child('status'), status, statuses));
    const og = int64(c['observedGeneration'], p.child('observedGeneration'), errs);
    if (og !== undefined && og < 0) {
      errs.push(invalid(p.child('observedGeneration'), og, 'must be greater than or equal to zero'));
    }
    if (!timeSet(c['lastTransitionTime'], p.child('lastTransitionTime'), errs)) {
      errs.push(required(p.child('lastTransitionTime'), 'must be set'));
    }
    const reason = str(c['reason'], p.child('reason'), errs);
    if (reason === '') errs.push(required(p.child('reason'), 'must be set'));
    else {
      if (!reasonRe.test(reason)) {
        errs.push(
          invalid(
            p.child('reason'),
            reason,
            regexError(
              reasonMsg,
              reasonFmt,
              'my_name',
              'MY_NAME',
              'MyName',
              'ReasonA,ReasonB',
              'ReasonA:ReasonB',
            ),
          ),
        );
      }
      if (Buffer.byteLength(reason, 'utf8') > maxReasonLength)
        errs.push(tooLong(p.child('reason'), '', maxReasonLength));
    }
    const message = str(c['message'], p.child('message'), errs);
    if (Buffer.byteLength(message, 'utf8') > maxMessageLength) {
      errs.push(tooLong(p.child('message'), '', maxMessageLength));
    }
  });
}
