import { Composer, type Document, LineCounter, Lexer as YAMLLexer, Parser as YAMLParser, visit } from 'yaml';
import { badRequest } from '../../apimachinery/errors/index.js';
import {
  GoJSONSyntaxError,
  MAX_OBJECT_DEPTH,
  plainValue,
  scanGoJSON,
} from '../../apimachinery/json/index.js';
import type { BodyFormat } from './content-type.js';
import type { Parsed } from './list-options.js';

/** How deeply a request body may nest (see MAX_OBJECT_DEPTH: lower than Go's 10000). */
export const MAX_BODY_DEPTH = MAX_OBJECT_DEPTH;

type CSTToken = ReturnType<YAMLParser['parse']> extends Generator<infer T> ? T : never;

/** What the syntax tree of a YAML text shows before it is turned into data. */
export interface YAMLShape {
  /** The deepest collection nesting; past `limit` only a lower bound (at most about `limit` + 1). */
  readonly depth: number;
  /** Set when some mapping key is itself a mapping or a sequence (Go cannot decode those). */
  readonly collectionKey?: 'mapping' | 'sequence';
  /** The syntax tree, for composing documents without parsing again (empty when given up). */
  readonly tokens: readonly CSTToken[];
}

const collectionTypes = new Set(['block-map', 'block-seq', 'flow-collection']);

// A CST collection token's kind as data: flow collections say it with their opening bracket.
function collectionKind(tok: CSTToken): 'mapping' | 'sequence' {
  if (tok.type === 'block-seq') return 'sequence';
  if (tok.type === 'flow-collection') return tok.start.source === '[' ? 'sequence' : 'mapping';
  return 'mapping';
}

/**
 * Measures a YAML text on the parser's concrete syntax tree (which the yaml package builds
 * without recursion): its nesting depth, and whether a mapping key is a collection. Feeds the
 * parser one lexical token at a time and gives up as soon as its open-token stack (document and
 * scalar included) shows more than `limit` levels, so that a deep body costs little. Pure.
 */
export function yamlShape(text: string, limit: number, lines?: LineCounter): YAMLShape {
  const parser = new YAMLParser(lines?.addNewLine);
  // The parser's own parse() records where the first line starts; next() does not.
  lines?.addNewLine(0);
  const tokens: CSTToken[] = [];
  for (const lexeme of new YAMLLexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length - 2 > limit) return { depth: parser.stack.length - 2, tokens: [] };
  }
  for (const token of parser.end()) tokens.push(token);
  let depth = 0;
  const work: [unknown, number][] = tokens.map((t) => [t, 0]);
  while (work.length > 0 && depth <= limit) {
    const [t, level] = work.pop()!;
    if (typeof t !== 'object' || t === null) continue;
    const tok = t as CSTToken;
    if (tok.type === 'document') {
      work.push([tok.value, level]);
    } else if (collectionTypes.has(tok.type)) {
      depth = Math.max(depth, level + 1);
      for (const item of (tok as CSTToken & { items: { key?: unknown; value?: unknown }[] }).items) {
        const key = item.key as CSTToken | undefined | null;
        if (key && collectionTypes.has(key.type))
          return { depth, collectionKey: collectionKind(key), tokens };
        if (key) work.push([key, level + 1]);
        work.push([item.value, level + 1]);
      }
    }
  }
  return { depth, tokens };
}

/**
 * Decodes a request body as JSON or YAML into plain data. Malformed input is a 400 BadRequest:
 * for JSON with Go's syntax error text, for YAML `error converting YAML to JSON: yaml: ...`.
 * Nesting past {@link MAX_BODY_DEPTH} fails the way Go reports its own limit. Pure.
 */
export function decodeBody(body: Uint8Array, fmt: BodyFormat): Parsed<unknown> {
  if (fmt === 'json') {
    try {
      return { ok: true, value: plainValue(scanGoJSON(body, MAX_BODY_DEPTH)) };
    } catch (e) {
      if (e instanceof GoJSONSyntaxError) return { ok: false, error: badRequest(e.message) };
      throw e;
    }
  }
  const text = new TextDecoder().decode(body);
  const yamlError = (msg: string): Parsed<unknown> => ({
    ok: false,
    error: badRequest(`error converting YAML to JSON: yaml: ${msg}`),
  });
  const lines = new LineCounter();
  const shape = yamlShape(text, MAX_BODY_DEPTH, lines);
  if (shape.depth > MAX_BODY_DEPTH) return yamlError(`exceeded max depth of ${MAX_BODY_DEPTH}`);
  // Go's decoder refuses such keys (its message then prints the key's Go value, left out here);
  // JavaScript would turn them into strings, slowly for deep ones.
  if (shape.collectionKey === 'mapping') return yamlError('invalid map key: map[interface {}]interface {}');
  if (shape.collectionKey === 'sequence') return yamlError('invalid map key: []interface {}');
  try {
    // Like Go's decoder: the first document only, duplicate keys keep the last value.
    const doc = firstDocument(new Composer({ uniqueKeys: false }).compose(shape.tokens, true, text.length));
    if (doc === undefined) return { ok: true, value: null };
    const [err] = doc.errors;
    if (err !== undefined) return yamlError(`line ${lines.linePos(err.pos[0]).line}: ${err.message}`);
    const looping = selfContainingAnchor(doc);
    if (looping !== undefined) return yamlError(`anchor '${looping}' value contains itself`);
    const value = (doc.toJS({ maxAliasCount: 100 }) as unknown) ?? null;
    // Aliases can nest a deep anchor deeper still.
    if (valueDepth(value, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      return yamlError(`exceeded max depth of ${MAX_BODY_DEPTH}`);
    }
    return { ok: true, value };
  } catch (e) {
    return yamlError(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
}

function firstDocument<T>(docs: Generator<T>): T | undefined {
  for (const d of docs) return d;
  return undefined;
}

// The name of an anchor whose value contains an alias of itself (Go's decoder refuses those;
// here they would become cyclic data), or undefined.
function selfContainingAnchor(doc: Document): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Alias(_key, node, path) {
      const target = node.resolve(doc);
      if (target !== undefined && path.includes(target as never)) {
        found = node.source;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

// How deeply plain data nests (scalars 0), counted without recursion and up to `limit` + 1.
function valueDepth(value: unknown, limit: number): number {
  let max = 0;
  const work: [unknown, number][] = [[value, 0]];
  while (work.length > 0 && max <= limit) {
    const [v, depth] = work.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    max = Math.max(max, depth + 1);
    for (const child of Object.values(v)) work.push([child, depth + 1]);
  }
  return max;
}
