// The error Go's encoding/json gives when decoding text into map[string]interface{}: upstream puts
// that message into the Secret validation error for malformed docker config JSON, so the scanner
// below walks the text as Go's does and stops at the same character with the same words.

class Stop {
  constructor(readonly message: string) {}
}

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

const ws = new Set([' ', '\t', '\n', '\r']);

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  peek(): string | undefined {
    return this.s[this.i];
  }

  skipSpace(): void {
    while (this.i < this.s.length && ws.has(this.s[this.i]!)) this.i++;
  }

  fail(context: string): never {
    const c = this.peek();
    if (c === undefined) throw new Stop('unexpected end of JSON input');
    throw new Stop(`invalid character ${quoteChar(c)} ${context}`);
  }

  // Iterative, so that deep nesting cannot exhaust the call stack.
  value(): string {
    const stack: Array<'object' | 'array'> = [];
    let kind = '';
    let want: 'value' | 'key' | 'after' = 'value';
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (want === 'key') {
        if (c !== '"') this.fail('looking for beginning of object key string');
        this.string();
        this.skipSpace();
        if (this.peek() !== ':') this.fail('after object key');
        this.i++;
        want = 'value';
        continue;
      }
      if (want === 'after') {
        const top = stack[stack.length - 1];
        if (top === undefined) return kind;
        const close = top === 'object' ? '}' : ']';
        if (c === ',') {
          this.i++;
          want = top === 'object' ? 'key' : 'value';
        } else if (c === close) {
          this.i++;
          stack.pop();
          kind = top;
        } else {
          this.fail(top === 'object' ? 'after object key:value pair' : 'after array element');
        }
        continue;
      }
      if (c === '{' || c === '[') {
        // Go refuses nesting deeper than 10000 levels.
        if (stack.length >= 10000) this.fail('exceeded max depth');
        this.i++;
        const k = c === '{' ? 'object' : 'array';
        stack.push(k);
        this.skipSpace();
        if (this.peek() === (k === 'object' ? '}' : ']')) {
          this.i++;
          stack.pop();
          kind = k;
          want = 'after';
        } else {
          want = k === 'object' ? 'key' : 'value';
        }
        continue;
      }
      kind = this.scalar(c);
      want = 'after';
    }
  }

  scalar(c: string | undefined): string {
    if (c === '"') {
      this.string();
      return 'string';
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      this.number();
      return 'number';
    }
    for (const [word, kind] of [
      ['true', 'bool'],
      ['false', 'bool'],
      ['null', 'null'],
    ] as const) {
      if (c === word[0]) {
        this.i++;
        for (const ch of word.slice(1)) {
          if (this.peek() !== ch) this.fail(`in literal ${word} (expecting ${quoteChar(ch)})`);
          this.i++;
        }
        return kind;
      }
    }
    return this.fail('looking for beginning of value');
  }

  string(): void {
    this.i++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('');
      if (c === '"') {
        this.i++;
        return;
      }
      if (c < ' ') this.fail('in string literal');
      this.i++;
      if (c === '\\') {
        const e = this.peek();
        if (e !== undefined && 'bfnrt"\\/'.includes(e)) this.i++;
        else if (e === 'u') {
          this.i++;
          for (let k = 0; k < 4; k++) {
            if (!/^[0-9a-fA-F]$/.test(this.peek() ?? '')) this.fail('in \\u hexadecimal character escape');
            this.i++;
          }
        } else this.fail('in string escape code');
      }
    }
  }

  digits(): number {
    const start = this.i;
    while (/^[0-9]$/.test(this.peek() ?? '')) this.i++;
    return this.i - start;
  }

  number(): void {
    if (this.peek() === '-') this.i++;
    if (this.peek() === '0') this.i++;
    else if (this.digits() === 0) this.fail('in numeric literal');
    if (this.peek() === '.') {
      this.i++;
      if (this.digits() === 0) this.fail('after decimal point in numeric literal');
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.i++;
      if (this.peek() === '+' || this.peek() === '-') this.i++;
      if (this.digits() === 0) this.fail('in exponent of numeric literal');
    }
  }
}

/**
 * The message Go's json.Unmarshal returns when decoding `text` into a map of string to any, or
 * undefined when it decodes (JSON `null` included). Pure; never throws.
 */
export function goUnmarshalMapError(text: string): string | undefined {
  const sc = new Scanner(text);
  try {
    const kind = sc.value();
    sc.skipSpace();
    if (sc.peek() !== undefined) sc.fail('after top-level value');
    if (kind === 'object' || kind === 'null') return undefined;
    return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
  } catch (e) {
    if (e instanceof Stop) return e.message;
    throw e;
  }
}
