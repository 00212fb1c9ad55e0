import { badRequest, type StatusError } from '../errors/index.js';
import { LabelSelectorError } from './errors.js';
import { parseSelector } from './parser.js';
import type { Selector } from './selector.js';

/** A parsed `labelSelector` query parameter, or the 400 BadRequest to answer with. */
export type LabelSelectorParse =
  | { readonly ok: true; readonly selector: Selector }
  | { readonly ok: false; readonly error: StatusError };

/**
 * The `labelSelector` query parameter of a list, watch or deletecollection request: its
 * selector, or a BadRequest whose message is the parse error as upstream reports it
 * (e.g. `unable to parse requirement: found '', expected: identifier`). Pure.
 */
export function labelSelectorForRequest(text: string): LabelSelectorParse {
  try {
    return { ok: true, selector: parseSelector(text) };
  } catch (e) {
    if (e instanceof LabelSelectorError) return { ok: false, error: badRequest(e.message) };
    throw e;
  }
}
