import { type FieldError, type FieldPath, invalid, required } from '../../../apimachinery/field/index.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';

/**
 * A fully qualified domain name with at least two labels; one trailing dot is allowed
 * (upstream's IsFullyQualifiedDomainName). Pure.
 */
export function isFullyQualifiedDomainName(fldPath: FieldPath, value: string): FieldError[] {
  if (value === '') return [required(fldPath)];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const errs = isDNS1123Subdomain(name);
  if (errs.length > 0) return [invalid(fldPath, name, errs.join(','))];
  const labels = name.split('.');
  if (labels.length < 2) {
    return [invalid(fldPath, name, 'should be a domain with at least two segments separated by dots')];
  }
  for (const label of labels) {
    const le = isDNS1123Label(label);
    if (le.length > 0) return [invalid(fldPath, label, le.join(','))];
  }
  return [];
}

/** A DNS subdomain with at least three labels (upstream's IsFullyQualifiedName). Pure. */
export function isFullyQualifiedName(fldPath: FieldPath, value: string): FieldError[] {
  if (value === '') return [required(fldPath)];
  const errs = isDNS1123Subdomain(value);
  if (errs.length > 0) return [invalid(fldPath, value, errs.join(','))];
  if (value.split('.').length < 3) {
    return [invalid(fldPath, value, 'should be a domain with at least three segments separated by dots')];
  }
  return [];
}
