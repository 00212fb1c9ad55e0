import { errorString, invalid } from '../field/index.js';
import { isValidLabelValue } from '../validation/index.js';
import { LabelSelectorError } from './errors.js';
import { compareStrings, type Labels, validateLabelKey } from './requirement.js';

/** `k1=v1,k2=v2` sorted by the whole pair text (upstream's Set.String); '' for no labels. */
export function labelsToString(labels: Labels): string {
  return Object.keys(labels)
    .map((k) => `${k}=${labels[k]}`)
    .sort(compareStrings)
    .join(',');
}

/** As labelsToString, but `<none>` when there are no labels (kubectl's column text). */
export function formatLabels(labels: Labels | null | undefined): string {
  const s = labelsToString(labels ?? {});
  return s === '' ? '<none>' : s;
}

/** True when some key is in both maps with different values. */
export function conflicts(a: Labels, b: Labels): boolean {
  return Object.keys(a).some((k) => Object.hasOwn(b, k) && b[k] !== a[k]);
}

/** A new map with the pairs of both; `b` wins on a shared key. Does not mutate its inputs. */
export function merge(a: Labels, b: Labels): Record<string, string> {
  return { ...a, ...b };
}

/** Same keys with the same values. */
export function labelsEqual(a: Labels, b: Labels): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}

// Go's unicode.IsSpace set, which differs from JavaScript's \s (no U+FEFF).
const goSpace = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const goTrimRe = new RegExp(`^${goSpace}+|${goSpace}+$`, 'g');

function goTrimSpace(s: string): string {
  return s.replace(goTrimRe, '');
}

/**
 * A `k=v,k2=v2` string as a map (upstream's ConvertSelectorToLabelsMap): only plain `=`
 * pairs, blanks around keys and values trimmed, keys and values validated. '' gives {}.
 * Throws LabelSelectorError: `invalid selector: [a b c]` for a term that is not one pair,
 * or the key/value field error.
 */
export function convertSelectorToLabelsMap(selector: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (selector === '') return out;
  for (const term of selector.split(',')) {
    const parts = term.split('=');
    if (parts.length !== 2) throw new LabelSelectorError(`invalid selector: [${parts.join(' ')}]`);
    const key = goTrimSpace(parts[0]!);
    const keyErr = validateLabelKey(key, undefined);
    if (keyErr !== undefined) throw new LabelSelectorError(errorString(keyErr), [keyErr]);
    const value = goTrimSpace(parts[1]!);
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length > 0) {
      // Upstream subscripts a nil path here, which prints as just `[key]`.
      const e = invalid(`[${key}]`, value, valueErrs.join('; '));
      throw new LabelSelectorError(errorString(e), [e]);
    }
    out[key] = value;
  }
  return out;
}
