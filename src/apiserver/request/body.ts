import { badRequest } from '../../apimachinery/errors/index.js';
import { parse as parseYAML } from 'yaml';
import type { BodyFormat } from './content-type.js';
import { GoJSONSyntaxError, type Scanned, scanGoJSON } from './go-json-scan.js';
import type { Parsed } from './list-options.js';

function plain(s: Scanned): unknown {
  switch (s.t) {
    case 'null':
      return null;
    case 'bool':
    case 'string':
      return s.v;
    case 'number':
      return Number(s.text);
    case 'array':
      return s.items.map(plain);
    case 'object': {
      const o: Record<string, unknown> = {};
      // Later duplicates win, as in Go.
      for (const [k, v] of s.entries)
        Object.defineProperty(o, k, {
          value: plain(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return o;
    }
  }
}

/**
 * Decodes a small request body (options objects) as JSON or YAML into plain data. Malformed
 * input is a 400 BadRequest: for JSON with Go's syntax error text. Pure.
 */
export function decodeBody(body: Uint8Array, fmt: BodyFormat): Parsed<unknown> {
  if (fmt === 'json') {
    try {
      return { ok: true, value: plain(scanGoJSON(body)) };
    } catch (e) {
      if (e instanceof GoJSONSyntaxError) return { ok: false, error: badRequest(e.message) };
      throw e;
    }
  }
  const text = new TextDecoder().decode(body);
  try {
    return { ok: true, value: (parseYAML(text, { maxAliasCount: 100 }) as unknown) ?? null };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return { ok: false, error: badRequest(`error converting YAML to JSON: yaml: ${msg}`) };
  }
}
