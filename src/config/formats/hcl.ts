// A parser for HCL version 1, the dialect viper (and so SFTPGo) reads: `key = value`
// assignments, `name { ... }` and `name "label" { ... }` blocks, lists, objects, heredocs, numbers
// (decimal, 0x hex, leading-0 octal, floats), booleans and `#`, `//`, `/* */` comments.
//
// HCL1 decodes every block as a list of objects. To give the same shape as the JSON file, a key
// written once as a block or `= { }` becomes an object, and a key given a block or object several
// times becomes a list of them; the loader then turns a single object into a one-item list where
// the schema wants a list (`sftpd.bindings`).

import { isPlainObject } from '../key-path.js';
import type { RawTree } from '../raw-tree.js';
import { positionAt, stripBom, syntaxError } from './syntax-error.js';

type TokenKind = 'ident' | 'string' | 'heredoc' | 'number' | 'punct' | 'eof';

interface Token {
  readonly kind: TokenKind;
  /** Identifier text, decoded string, punctuation character; numbers are in `number`. */
  readonly text: string;
  readonly number?: number;
  readonly offset: number;
}

class HclProblem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses an HCL (version 1) config file.
 * @throws ConfigError CONFIG_SYNTAX with line and column
 */
export function parseHcl(text: string, file: string): RawTree {
  const source = stripBom(text);
  try {
    const parser = new Parser(tokenize(source));
    return parser.document();
  } catch (error) {
    if (!(error instanceof HclProblem)) throw error;
    throw syntaxError('HCL', file, error.message, positionAt(source, error.offset), error);
  }
}

const identStart = /[A-Za-z_]/;
const identPart = /[A-Za-z0-9_\-.]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const char = text[pos]!;
    if (/\s/.test(char)) {
      pos++;
    } else if (char === '#' || (char === '/' && text[pos + 1] === '/')) {
      while (pos < text.length && text[pos] !== '\n') pos++;
    } else if (char === '/' && text[pos + 1] === '*') {
      const end = text.indexOf('*/', pos + 2);
      if (end < 0) throw new HclProblem(pos, 'unterminated /* comment');
      pos = end + 2;
    } else if ('{}[]=,'.includes(char)) {
      tokens.push({ kind: 'punct', text: char, offset: pos });
      pos++;
    } else if (char === '"') {
      const [value, end] = readString(text, pos);
      tokens.push({ kind: 'string', text: value, offset: pos });
      pos = end;
    } else if (char === '<' && text[pos + 1] === '<') {
      const [value, end] = readHeredoc(text, pos);
      tokens.push({ kind: 'heredoc', text: value, offset: pos });
      pos = end;
    } else if (/[0-9]/.test(char) || ((char === '-' || char === '+') && /[0-9.]/.test(text[pos + 1] ?? ''))) {
      const match = /^[+-]?(0[xX][0-9a-fA-F]+|\d*\.?\d+([eE][+-]?\d+)?|\d+\.?([eE][+-]?\d+)?)/.exec(
        text.slice(pos),
      );
      const raw = match?.[0] ?? char;
      if (identPart.test(text[pos + raw.length] ?? ' ') && text[pos + raw.length] !== '.') {
        throw new HclProblem(pos, `invalid number "${raw}${text[pos + raw.length]}"`);
      }
      tokens.push({ kind: 'number', text: raw, number: parseNumber(raw, pos), offset: pos });
      pos += raw.length;
    } else if (identStart.test(char)) {
      let end = pos + 1;
      while (end < text.length && identPart.test(text[end]!)) end++;
      tokens.push({ kind: 'ident', text: text.slice(pos, end), offset: pos });
      pos = end;
    } else {
      throw new HclProblem(pos, `unexpected character '${char}'`);
    }
  }
  tokens.push({ kind: 'eof', text: '', offset: text.length });
  return tokens;
}

function parseNumber(raw: string, offset: number): number {
  const sign = raw.startsWith('-') ? -1 : 1;
  const digits = raw.replace(/^[+-]/, '');
  let value: number;
  if (/^0[xX]/.test(digits)) value = parseInt(digits.slice(2), 16);
  else if (/^0[0-7]+$/.test(digits)) value = parseInt(digits.slice(1), 8);
  else if (/^0\d+$/.test(digits)) throw new HclProblem(offset, `invalid octal number "${raw}"`);
  else value = Number(digits);
  if (!Number.isFinite(value)) throw new HclProblem(offset, `invalid number "${raw}"`);
  return sign * value;
}

// A double-quoted string: the usual escapes; `${...}` interpolations are kept as written.
function readString(text: string, start: number): [string, number] {
  let pos = start + 1;
  let out = '';
  while (pos < text.length) {
    const char = text[pos]!;
    if (char === '"') return [out, pos + 1];
    if (char === '\n') break;
    if (char === '$' && text[pos + 1] === '{') {
      const end = interpolationEnd(text, pos + 2);
      out += text.slice(pos, end);
      pos = end;
      continue;
    }
    if (char !== '\\') {
      out += char;
      pos++;
      continue;
    }
    const next = text[pos + 1] ?? '';
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '"': '"',
      '\\': '\\',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
    };
    if (Object.hasOwn(simple, next)) {
      out += simple[next];
      pos += 2;
    } else if (next === 'u' || next === 'U') {
      const size = next === 'u' ? 4 : 8;
      const hex = text.slice(pos + 2, pos + 2 + size);
      if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(hex))
        throw new HclProblem(pos, 'invalid unicode escape');
      out += String.fromCodePoint(parseInt(hex, 16));
      pos += 2 + size;
    } else {
      throw new HclProblem(pos, `invalid escape '\\${next}'`);
    }
  }
  throw new HclProblem(start, 'unterminated string');
}

function interpolationEnd(text: string, from: number): number {
  let depth = 1;
  let pos = from;
  while (pos < text.length && depth > 0) {
    const char = text[pos]!;
    if (char === '\n') break;
    if (char === '{') depth++;
    else if (char === '}') depth--;
    else if (char === '"') {
      pos = readString(text, pos)[1];
      continue;
    }
    pos++;
  }
  if (depth > 0) throw new HclProblem(from - 2, 'unterminated ${ interpolation');
  return pos;
}

// `<<EOF` ... `EOF`, or `<<-EOF` whose lines lose their common indentation. The value ends with
// a newline, as in HCL1.
function readHeredoc(text: string, start: number): [string, number] {
  const header = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(start));
  if (!header) throw new HclProblem(start, 'invalid heredoc: expected <<MARKER and a new line');
  const indented = header[1] === '-';
  const marker = header[2]!;
  let pos = start + header[0].length;
  const lines: string[] = [];
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).replace(/\r$/, '');
    if (line.trim() === marker) {
      return [joinHeredoc(lines, indented), end];
    }
    lines.push(line);
    pos = end + 1;
  }
  throw new HclProblem(start, `heredoc not terminated: missing ${marker}`);
}

function joinHeredoc(lines: string[], indented: boolean): string {
  if (lines.length === 0) return '';
  let body = lines;
  if (indented) {
    const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
    const cut = indents.length > 0 ? Math.min(...indents) : 0;
    body = lines.map((l) => l.slice(cut));
  }
  return `${body.join('\n')}\n`;
}

/** Marks an object written as a block or `{ }`, so repeats of its key collect into a list. */
const objectValue = Symbol('hcl-object');
type Tagged = Record<string | symbol, unknown>;

class Parser {
  #pos = 0;

  constructor(readonly tokens: readonly Token[]) {}

  document(): RawTree {
    const body = this.#body('eof');
    return untag(body) as RawTree;
  }

  #peek(): Token {
    return this.tokens[this.#pos]!;
  }

  #next(): Token {
    return this.tokens[this.#pos++]!;
  }

  #isPunct(char: string): boolean {
    const token = this.#peek();
    return token.kind === 'punct' && token.text === char;
  }

  #expectPunct(char: string): void {
    const token = this.#next();
    if (token.kind !== 'punct' || token.text !== char) {
      throw new HclProblem(token.offset, `expected '${char}' but found ${describe(token)}`);
    }
  }

  // The items of a file or of an object, up to `}` (or the end of the file).
  #body(end: 'eof' | '}'): Tagged {
    const out: Tagged = {};
    for (;;) {
      const token = this.#peek();
      if (end === 'eof' ? token.kind === 'eof' : token.kind === 'punct' && token.text === '}') return out;
      if (token.kind === 'eof') throw new HclProblem(token.offset, "expected '}' but found end of file");
      this.#item(out);
      if (this.#isPunct(',')) this.#next();
    }
  }

  #item(out: Tagged): void {
    const keys: Token[] = [];
    while (this.#peek().kind === 'ident' || this.#peek().kind === 'string') keys.push(this.#next());
    const first = keys[0];
    if (first === undefined)
      throw new HclProblem(this.#peek().offset, `expected a key but found ${describe(this.#peek())}`);
    if (this.#isPunct('=')) {
      if (keys.length > 1)
        throw new HclProblem(keys[1]!.offset, `expected '=' or '{' after key "${first.text}"`);
      this.#next();
      store(out, [first.text], this.#value(), first.offset);
      return;
    }
    if (this.#isPunct('{')) {
      store(
        out,
        keys.map((k) => k.text),
        this.#object(),
        first.offset,
      );
      return;
    }
    throw new HclProblem(
      this.#peek().offset,
      `expected '=' or '{' after key "${first.text}" but found ${describe(this.#peek())}`,
    );
  }

  #object(): Tagged {
    this.#expectPunct('{');
    const body = this.#body('}');
    this.#expectPunct('}');
    body[objectValue] = true;
    return body;
  }

  #value(): unknown {
    const token = this.#peek();
    switch (token.kind) {
      case 'string':
      case 'heredoc':
        this.#next();
        return token.text;
      case 'number':
        this.#next();
        return token.number;
      case 'ident':
        this.#next();
        if (token.text === 'true') return true;
        if (token.text === 'false') return false;
        throw new HclProblem(token.offset, `unexpected identifier "${token.text}" (strings must be quoted)`);
      case 'punct':
        if (token.text === '{') return this.#object();
        if (token.text === '[') return this.#list();
        break;
      case 'eof':
        break;
    }
    throw new HclProblem(token.offset, `expected a value but found ${describe(token)}`);
  }

  #list(): unknown[] {
    this.#expectPunct('[');
    const items: unknown[] = [];
    while (!this.#isPunct(']')) {
      items.push(this.#value());
      if (this.#isPunct(',')) this.#next();
      else if (!this.#isPunct(']')) {
        throw new HclProblem(this.#peek().offset, `expected ',' or ']' but found ${describe(this.#peek())}`);
      }
    }
    this.#next();
    return items;
  }
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of file';
  if (token.kind === 'string') return `string "${token.text}"`;
  return `'${token.text}'`;
}

// Stores a value under nested keys (`a "b" { }` is a.b). Objects given twice for one key make a
// list; any other repeat replaces the earlier value.
function store(target: Tagged, keys: readonly string[], value: unknown, offset: number): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const existing = ownValue(node, key);
    if (isTagged(existing)) node = existing;
    else if (existing === undefined) {
      const created: Tagged = { [objectValue]: true };
      defineValue(node, key, created);
      node = created;
    } else {
      throw new HclProblem(offset, `key "${key}" is already set to a value that is not an object`);
    }
  }
  const last = keys[keys.length - 1]!;
  const existing = ownValue(node, last);
  if (isTagged(value) && isTagged(existing)) defineValue(node, last, [existing, value]);
  else if (isTagged(value) && Array.isArray(existing) && existing.every(isTagged)) existing.push(value);
  else defineValue(node, last, value);
}

// Keys such as `__proto__` are kept as plain own keys.
function ownValue(node: Tagged, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

function defineValue(node: Tagged, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

function isTagged(value: unknown): value is Tagged {
  return isPlainObject(value) && (value as Tagged)[objectValue] === true;
}

function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (!isPlainObject(value)) return value;
  const out: RawTree = {};
  for (const [key, item] of Object.entries(value)) defineValue(out, key, untag(item));
  return out;
}
