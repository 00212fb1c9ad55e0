/**
 * Serialises a value the way Go's `encoding/json` prints it inside upstream messages: map keys
 * sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`-style sequences, lone surrogates
 * replaced by U+FFFD. `toJSON` methods are honoured. Throws TypeError only for cyclic values.
 */
export function goJSON(value: unknown): string {
  const text = JSON.stringify(sortKeys(value));
  if (text === undefined) return 'null';
  return text
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(
      /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/g,
      '\ufffd',
    );
}

function sortKeys(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  const withToJSON = v as { toJSON?: () => unknown };
  if (typeof withToJSON.toJSON === 'function') return sortKeys(withToJSON.toJSON());
  if (Array.isArray(v)) return v.map(sortKeys);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}
