import { notAcceptable } from '../../apimachinery/errors/index.js';
import { AGGREGATED_DISCOVERY_CONTENT_TYPE } from './aggregated.js';

/**
 * What a discovery request (`/api`, `/apis`) gets: the aggregated list, or the legacy
 * document in JSON or YAML.
 */
export type DiscoveryFormat =
  | { readonly kind: 'aggregated'; readonly contentType: typeof AGGREGATED_DISCOVERY_CONTENT_TYPE }
  | { readonly kind: 'legacy'; readonly contentType: 'application/json' | 'application/yaml' };

/** Media types the legacy discovery documents are served in, as a 406 lists them. */
export const LEGACY_DISCOVERY_MEDIA_TYPES: readonly string[] = ['application/json', 'application/yaml'];

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One parsed `Accept` clause: lower-cased media range, q-value and other parameters. */
export interface AcceptClause {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
  readonly params: ReadonlyMap<string, string>;
}

/**
 * Parses an `Accept` header into clauses ordered as upstream's negotiation tries them:
 * higher `q` first, then concrete types before wildcards, otherwise header order.
 * Malformed clauses are dropped (upstream skips them too). Pure; never throws.
 */
export function parseAccept(header: string): AcceptClause[] {
  const clauses: (AcceptClause & { index: number })[] = [];
  header.split(',').forEach((raw, index) => {
    const [range = '', ...rawParams] = raw.split(';');
    const trimmed = range.trim().toLowerCase();
    // A bare `*` is read as `*/*`, as Go's accept parser reads it.
    const parts = trimmed === '*' ? ['*', '*'] : trimmed.split('/');
    if (parts.length !== 2) return;
    const [type = '', subtype = ''] = parts;
    if (type === '' || subtype === '' || (type === '*' && subtype !== '*')) return;
    let q = 1;
    const params = new Map<string, string>();
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      const value = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (key === 'q') {
        // A q-value that does not parse counts as 0 (not acceptable), as with Go's ParseFloat.
        q = DECIMAL.test(value) ? Number(value) : 0;
      } else if (key !== '') {
        params.set(key, value);
      }
    }
    clauses.push({ type, subtype, q, params, index });
  });
  const specificity = (c: AcceptClause): number => (c.type === '*' ? 0 : c.subtype === '*' ? 1 : 2);
  clauses.sort((a, b) => b.q - a.q || specificity(b) - specificity(a) || a.index - b.index);
  return clauses.map(({ index: _index, ...c }) => c);
}

const matchesJSON = (c: AcceptClause): boolean =>
  (c.type === 'application' && (c.subtype === 'json' || c.subtype === '*')) || c.type === '*';

/**
 * Picks the discovery format for an `Accept` header, trying clauses in negotiation order:
 * `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList` selects the
 * aggregated list; a clause asking for any other conversion (v2beta1, another kind) or for
 * protobuf or a stream is skipped; a plain JSON/YAML (or wildcard) clause selects the legacy document.
 * A missing or empty header means legacy JSON. Pure.
 * @throws StatusError 406 NotAcceptable when no clause can be served.
 */
export function negotiateDiscovery(accept: string | undefined): DiscoveryFormat {
  if (accept === undefined || accept.trim() === '')
    return { kind: 'legacy', contentType: 'application/json' };
  for (const c of parseAccept(accept)) {
    if (c.q <= 0) continue;
    // Discovery has no streaming form: a clause asking for one cannot be served.
    if ((c.params.get('stream') ?? '') !== '') continue;
    const as = c.params.get('as');
    const g = c.params.get('g');
    const v = c.params.get('v');
    if (as !== undefined || g !== undefined || v !== undefined) {
      if (matchesJSON(c) && as === 'APIGroupDiscoveryList' && g === 'apidiscovery.k8s.io' && v === 'v2') {
        return { kind: 'aggregated', contentType: AGGREGATED_DISCOVERY_CONTENT_TYPE };
      }
      continue;
    }
    if (matchesJSON(c)) return { kind: 'legacy', contentType: 'application/json' };
    if (c.type === 'application' && c.subtype === 'yaml')
      return { kind: 'legacy', contentType: 'application/yaml' };
  }
  throw notAcceptable(LEGACY_DISCOVERY_MEDIA_TYPES);
}
