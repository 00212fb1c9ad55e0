import { badRequest, type StatusError } from '../../apimachinery/errors/index.js';
import { GoJSONSyntaxError, plainValue, scanGoJSON } from '../../apimachinery/json/index.js';
import { decodeBody, MAX_BODY_DEPTH } from './body.js';
import type { BodyFormat } from './content-type.js';
import type { Parsed } from './list-options.js';

// The anonymous struct upstream's serializer reads apiVersion and kind into, as Go prints its type.
const typeMetaStruct =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/**
 * Upstream's summarizeData: the first `max` bytes of a body for an error message, as text when
 * it starts with `{`, else as hex; ` ...` marks a cut; `<empty>` for no bytes. Pure.
 */
export function summarizeBody(data: Uint8Array, max = 30): string {
  if (data.length === 0) return '<empty>';
  const cut = data.length > max;
  const head = cut ? data.subarray(0, max) : data;
  const text = data[0] === 0x7b ? new TextDecoder().decode(head) : Buffer.from(head).toString('hex');
  return cut ? `${text} ...` : text;
}

function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/**
 * Decodes the body of a create or update (JSON or YAML) into an object the way upstream's
 * handlers report failures, through transformDecodeError: `the object provided is unrecognized
 * (must be of type <kind>): <cause> (<summary of the body>)`, where the cause is the YAML
 * conversion error or `couldn't get version/kind; json parse error: <Go's error>`. A `null`
 * document decodes to an empty object, as Go leaves its target untouched. Checking apiVersion and
 * kind against the endpoint is left to the caller. Pure.
 */
export function decodeObjectBody(
  body: Uint8Array,
  fmt: BodyFormat,
  kind: string,
): Parsed<Record<string, unknown>> {
  const fail = (cause: string): { ok: false; error: StatusError } => ({
    ok: false,
    error: badRequest(
      `the object provided is unrecognized (must be of type ${kind}): ${cause} (${summarizeBody(body)})`,
    ),
  });
  let value: unknown;
  if (fmt === 'json') {
    try {
      value = plainValue(scanGoJSON(body, MAX_BODY_DEPTH));
    } catch (e) {
      if (e instanceof GoJSONSyntaxError)
        return fail(`couldn't get version/kind; json parse error: ${e.message}`);
      throw e;
    }
  } else {
    const r = decodeBody(body, 'yaml');
    if (!r.ok) return fail(r.error.status.message ?? '');
    value = r.value;
  }
  if (value === null) return { ok: true, value: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${goKind(value)} into Go value of type ${typeMetaStruct}`,
    );
  }
  return { ok: true, value: value as Record<string, unknown> };
}
