import { badRequest, notAcceptable } from '../../apimachinery/errors/index.js';
import { errorString, invalid } from '../../apimachinery/field/index.js';
import type { BodyFormat } from './content-type.js';
import type { Parsed } from './list-options.js';
import { first, goParseBool, type Query } from './query.js';

/** One media range of an `Accept` header, as upstream's goautoneg parses it. */
export interface AcceptClause {
  readonly type: string;
  readonly subType: string;
  readonly q: number;
  /** Every parameter but `q`, in header order (later duplicates win). */
  readonly params: ReadonlyMap<string, string>;
}

// Go's strconv.ParseFloat(s, 32) as goautoneg uses it: a syntax error reads as 0.
function parseQ(s: string): number {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return Number.NaN;
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return 0;
  return Math.fround(Number(s));
}

// goautoneg's order: higher q first, then a concrete type before `*`, then a concrete subtype
// before `*`. It is not a strict ordering, so the result depends on the sort; Go sorts short
// lists by insertion, which this reproduces.
function less(a: AcceptClause, b: AcceptClause): boolean {
  if (a.q > b.q) return true;
  if (a.type !== '*' && b.type === '*') return true;
  if (a.subType !== '*' && b.subType === '*') return true;
  return false;
}

/**
 * Parses an `Accept` header as upstream (goautoneg): clauses split on `,`, a bare `*` means any type,
 * ranges with other than one `/` are dropped, parameters without `=` are dropped, a `q` that does
 * not parse is 0 (and q=0 clauses are kept). Sorted by preference. Pure; never throws.
 */
export function parseAccept(header: string): AcceptClause[] {
  const out: AcceptClause[] = [];
  for (const rawPart of header.split(',')) {
    const part = rawPart.replace(/^ +| +$/g, '');
    const mrp = part.split(';');
    const sp = mrp[0]!.split('/');
    const type = sp[0]!.replace(/^ +| +$/g, '');
    let subType: string;
    if (sp.length === 1 && type === '*') subType = '*';
    else if (sp.length === 2) subType = sp[1]!.replace(/^ +| +$/g, '');
    else continue;
    let q = 1;
    const params = new Map<string, string>();
    for (const param of mrp.slice(1)) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const token = param.slice(0, eq).replace(/^ +| +$/g, '');
      const value = param.slice(eq + 1);
      if (token === 'q') q = parseQ(value);
      else params.set(token, value.replace(/^ +| +$/g, ''));
    }
    out.push({ type, subType, q, params });
  }
  if (out.length <= 12) {
    for (let i = 1; i < out.length; i++) {
      for (let j = i; j > 0 && less(out[j]!, out[j - 1]!); j--) {
        const t = out[j]!;
        out[j] = out[j - 1]!;
        out[j - 1] = t;
      }
    }
    return out;
  }
  return out.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

/** A group/version/kind asked for with `;g=...;v=...;as=...`. */
export interface ConvertTarget {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** What an endpoint can produce beyond its plain serializations. */
export interface EndpointRestrictions {
  /** Whether the endpoint can serve `type/subType` converted to `target` (undefined: unconverted). */
  allowsTransform(type: string, subType: string, target: ConvertTarget | undefined): boolean;
  /** Whether `sv=<version>` can be honoured. */
  allowsServerVersion(version: string): boolean;
  /** Whether `stream=<schema>` can be honoured. */
  allowsStreamSchema(schema: string): boolean;
}

/** Plain endpoints (legacy discovery, Status replies): no conversions, stream=watch only. */
export const defaultRestrictions: EndpointRestrictions = {
  allowsTransform: (_t, _s, target) => target === undefined,
  allowsServerVersion: () => false,
  allowsStreamSchema: (s) => s === 'watch',
};

/** True for `g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`. */
export function isAggregatedDiscovery(target: ConvertTarget | undefined): boolean {
  return (
    target !== undefined &&
    target.group === 'apidiscovery.k8s.io' &&
    target.version === 'v2' &&
    target.kind === 'APIGroupDiscoveryList'
  );
}

/** `/api` and `/apis`: only the aggregated discovery conversion. */
export const discoveryRestrictions: EndpointRestrictions = {
  allowsTransform: (_t, _s, target) => isAggregatedDiscovery(target),
  allowsServerVersion: () => false,
  allowsStreamSchema: (s) => s === 'watch',
};

/**
 * Resource endpoints: unconverted output, Table (JSON or YAML, when the resource prints tables)
 * and PartialObjectMetadata(List) of meta.k8s.io v1 or v1beta1; `sv=v1`; `stream=watch`.
 */
export function resourceRestrictions(o: { readonly table?: boolean } = {}): EndpointRestrictions {
  const table = o.table ?? true;
  return {
    allowsTransform(type, subType, target) {
      if (target === undefined) return true;
      if (target.group !== 'meta.k8s.io' || (target.version !== 'v1' && target.version !== 'v1beta1'))
        return false;
      if (target.kind === 'Table')
        return table && type === 'application' && (subType === 'json' || subType === 'yaml');
      return target.kind === 'PartialObjectMetadata' || target.kind === 'PartialObjectMetadataList';
    },
    allowsServerVersion: (v) => v === 'v1',
    allowsStreamSchema: (s) => s === 'watch',
  };
}

interface Serializer {
  readonly mediaType: string;
  readonly type: string;
  readonly subType: string;
  readonly format: BodyFormat;
  readonly streams: boolean;
}

const serializers: readonly Serializer[] = [
  { mediaType: 'application/json', type: 'application', subType: 'json', format: 'json', streams: true },
  { mediaType: 'application/yaml', type: 'application', subType: 'yaml', format: 'yaml', streams: false },
];

/** Media types kite can write, in the order a 406 lists them. */
export const OutputMediaTypes: readonly string[] = serializers.map((s) => s.mediaType);
/** Media types kite can stream a watch in. */
export const StreamMediaTypes: readonly string[] = serializers
  .filter((s) => s.streams)
  .map((s) => `${s.mediaType};stream=watch`);

/** The negotiated response representation. */
export interface OutputMediaType {
  readonly mediaType: string;
  readonly format: BodyFormat;
  /** Whether this serialization can frame a watch stream. */
  readonly streams: boolean;
  readonly convert: ConvertTarget | undefined;
  readonly pretty: boolean;
  readonly stream: string;
  readonly serverVersion: string;
  readonly unrecognized: readonly string[];
}

function acceptOptions(
  params: ReadonlyMap<string, string>,
  s: Serializer,
  r: EndpointRestrictions,
): OutputMediaType | undefined {
  let convert: { group: string; version: string; kind: string } | undefined;
  const target = (): { group: string; version: string; kind: string } => {
    convert ??= { group: '', version: '', kind: '' };
    return convert;
  };
  let pretty = false;
  let stream = '';
  let serverVersion = '';
  const unrecognized: string[] = [];
  for (const [k, v] of params) {
    switch (k) {
      case 'as':
        target().kind = v;
        break;
      case 'g':
        target().group = v;
        break;
      case 'v':
        target().version = v;
        break;
      case 'stream':
        if (v !== '' && (!s.streams || !r.allowsStreamSchema(v))) return undefined;
        stream = v;
        break;
      case 'sv':
        if (v !== '' && !r.allowsServerVersion(v)) return undefined;
        serverVersion = v;
        break;
      case 'export':
        break;
      case 'pretty':
        pretty = v === '1';
        break;
      default:
        unrecognized.push(k);
    }
  }
  if (!r.allowsTransform(s.type, s.subType, convert)) return undefined;
  return {
    mediaType: s.mediaType,
    format: s.format,
    streams: s.streams,
    convert,
    pretty,
    stream,
    serverVersion,
    unrecognized,
  };
}

/**
 * Upstream's NegotiateMediaTypeOptions: no header → JSON; otherwise the first clause in
 * preference order that matches a serializer (exactly, by a subtype wildcard, or by the full wildcard) with parameters the
 * endpoint allows. Undefined when nothing fits. Protobuf ranges never match (kite serves none),
 * so a protobuf range followed by a full wildcard falls through to JSON. Pure.
 */
export function negotiateMediaType(
  accept: string | undefined,
  r: EndpointRestrictions,
): OutputMediaType | undefined {
  if (accept === undefined || accept === '') {
    return acceptOptions(new Map(), serializers[0]!, defaultRestrictions);
  }
  for (const c of parseAccept(accept)) {
    for (const s of serializers) {
      const matches =
        (c.type === s.type && (c.subType === s.subType || c.subType === '*')) ||
        (c.type === '*' && c.subType === '*');
      if (!matches) continue;
      const chosen = acceptOptions(c.params, s, r);
      if (chosen !== undefined) return chosen;
    }
  }
  return undefined;
}

/**
 * The response representation, or 406 `only the following media types are accepted:
 * application/json, application/yaml`. Pure.
 */
export function negotiateOutput(
  accept: string | undefined,
  r: EndpointRestrictions,
): Parsed<OutputMediaType> {
  const m = negotiateMediaType(accept, r);
  return m === undefined ? { ok: false, error: notAcceptable(OutputMediaTypes) } : { ok: true, value: m };
}

/**
 * The representation of a watch stream: as negotiateOutput, but the choice must be able to frame
 * a stream, else 406 listing `application/json;stream=watch`. Pure.
 */
export function negotiateOutputStream(
  accept: string | undefined,
  r: EndpointRestrictions,
): Parsed<OutputMediaType> {
  const m = negotiateMediaType(accept, r);
  if (m === undefined || !m.streams) return { ok: false, error: notAcceptable(StreamMediaTypes) };
  return { ok: true, value: m };
}

/**
 * Whether a request to `/api` or `/apis` asks for the aggregated discovery document
 * (`application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`) rather than the
 * legacy APIGroupList/APIVersions. Pure.
 */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  return isAggregatedDiscovery(negotiateMediaType(accept, discoveryRestrictions)?.convert);
}

/**
 * Whether to indent the response: `?pretty=` when it parses as a Go boolean, else true for
 * user agents starting with `curl`, `Wget` or `Mozilla/5.0` (browsers and CLI tools), as upstream.
 * A `pretty=1` media type parameter also asks for it (see OutputMediaType.pretty). Pure.
 */
export function prettyPrint(q: Query, userAgent: string): boolean {
  const p = first(q, 'pretty');
  if (p !== undefined && p !== '') return goParseBool(p) ?? false;
  return userAgent.startsWith('curl') || userAgent.startsWith('Wget') || userAgent.startsWith('Mozilla/5.0');
}

/** `includeObject` of a Table request. */
export type IncludeObject = '' | 'None' | 'Metadata' | 'Object';

/**
 * The Table options of a `as=Table` request: `includeObject` must be '', None, Metadata or Object,
 * else 400 `Unable to convert to Table as requested: includeObject: Invalid value: ...`. Pure.
 */
export function tableOptionsForRequest(q: Query): Parsed<{ includeObject: IncludeObject }> {
  const v = first(q, 'includeObject') ?? '';
  if (v === '' || v === 'None' || v === 'Metadata' || v === 'Object')
    return { ok: true, value: { includeObject: v } };
  const fe = invalid('includeObject', v, "must be 'Metadata', 'Object', 'None', or empty");
  return { ok: false, error: badRequest(`Unable to convert to Table as requested: ${errorString(fe)}`) };
}
