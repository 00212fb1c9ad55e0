import { type FieldError, type FieldPath, invalid, notSupported, required, tooLong } from '../field/index.js';
import { MetaParseError, parseTime } from '../meta/index.js';
import { byteLength, readArray, readDict, readString } from './json-shape.js';

/** The longest field manager name upstream accepts (bytes). */
export const FieldManagerMaxLength = 128;
/** The longest managedFields subresource name (bytes). */
export const MaxSubresourceNameLength = 256;

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function isPrint(ch: string): boolean {
  // A lone surrogate reaches Go as U+FFFD (the JSON decoder replaces it), which is printable.
  const cp = ch.codePointAt(0)!;
  if (cp >= 0xd800 && cp <= 0xdfff) return true;
  return printable.test(ch);
}

/**
 * Checks a field manager name: at most 128 bytes (`Too long: may not be more than 128 bytes`) and
 * printable characters only (`invalid character U+0007 (at position 3)`, byte positions as
 * upstream counts them). Pure.
 */
export function validateFieldManager(manager: string, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (byteLength(manager) > FieldManagerMaxLength) errs.push(tooLong(fldPath, '', FieldManagerMaxLength));
  let pos = 0;
  for (const ch of manager) {
    if (!isPrint(ch)) {
      const u = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      errs.push(invalid(fldPath, manager, `invalid character U+${u} (at position ${pos})`));
    }
    pos += byteLength(ch);
  }
  return errs;
}

/**
 * Checks `metadata.managedFields` entries: operation `Apply` or `Update` (empty → Required), a
 * set fieldsType must be `FieldsV1`, the manager name as {@link validateFieldManager}, subresource
 * at most 256 bytes. Also reports members of the wrong JSON type and an unparsable `time`.
 * Accepts any decoded JSON. Pure.
 */
export function validateManagedFields(managedFields: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  readArray(managedFields, fldPath, errs).forEach((raw, i) => {
    const p = fldPath.index(i);
    const d = raw === null ? {} : readDict(raw, p, errs);
    if (d === undefined) return;
    const operation = readString(d['operation'], p.child('operation'), errs);
    const fieldsType = readString(d['fieldsType'], p.child('fieldsType'), errs);
    const manager = readString(d['manager'], p.child('manager'), errs);
    const subresource = readString(d['subresource'], p.child('subresource'), errs);
    readString(d['apiVersion'], p.child('apiVersion'), errs);
    readDict(d['fieldsV1'], p.child('fieldsV1'), errs);
    try {
      parseTime(d['time']);
    } catch (e) {
      if (!(e instanceof MetaParseError)) throw e;
      errs.push(invalid(p.child('time'), d['time'], e.message));
    }
    if (operation === '') errs.push(required(p.child('operation'), 'must not be empty'));
    else if (operation !== 'Apply' && operation !== 'Update') {
      errs.push(notSupported(p.child('operation'), operation, ['Apply', 'Update']));
    }
    if (fieldsType !== '' && fieldsType !== 'FieldsV1') {
      errs.push(invalid(p.child('fieldsType'), fieldsType, 'must be `FieldsV1`'));
    }
    errs.push(...validateFieldManager(manager, p.child('manager')));
    if (byteLength(subresource) > MaxSubresourceNameLength) {
      errs.push(tooLong(p.child('subresource'), '', MaxSubresourceNameLength));
    }
  });
  return errs;
}
