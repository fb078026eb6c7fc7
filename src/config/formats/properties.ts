import { stripBom, syntaxError } from './syntax-error.js';

/** One `key=value` entry of a properties file. */
export interface PropertyEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line where the entry starts. */
  readonly line: number;
}

/**
 * Parses a Java properties file (UTF-8): `key=value`, `key: value` or `key value` entries; `#`
 * and `!` comment lines; a trailing backslash continues the entry on the next line; escapes
 * \t \n \r \f \uXXXX, and a backslash before any other character keeps that character. Keys are
 * dotted paths (`sftpd.bindings.0.port`); `${...}` is not expanded.
 * @throws ConfigError CONFIG_SYNTAX with line and column (bad \u escapes)
 */
export function parseProperties(text: string, file: string): PropertyEntry[] {
  const lines = stripBom(text)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  const entries: PropertyEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const startLine = index + 1;
    let logical = lines[index]!.trimStart();
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue;
    const startColumn = lines[index]!.length - logical.length + 1;
    while (endsWithContinuation(logical) && index + 1 < lines.length) {
      logical = logical.slice(0, -1) + lines[++index]!.trimStart();
    }
    if (endsWithContinuation(logical)) logical = logical.slice(0, -1);
    const fail = (offset: number, detail: string) =>
      syntaxError('properties', file, detail, { line: startLine, column: startColumn + offset });
    const keyEnd = findKeyEnd(logical);
    let valueStart = keyEnd;
    while (valueStart < logical.length && ' \t\f'.includes(logical[valueStart]!)) valueStart++;
    if (logical[valueStart] === '=' || logical[valueStart] === ':') valueStart++;
    while (valueStart < logical.length && ' \t\f'.includes(logical[valueStart]!)) valueStart++;
    entries.push({
      key: unescape(logical.slice(0, keyEnd), 0, fail),
      value: unescape(logical.slice(valueStart), valueStart, fail),
      line: startLine,
    });
  }
  return entries;
}

function endsWithContinuation(line: string): boolean {
  const backslashes = /\\*$/.exec(line)![0].length;
  return backslashes % 2 === 1;
}

function findKeyEnd(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '\\') i++;
    else if (char === '=' || char === ':' || char === ' ' || char === '\t' || char === '\f') return i;
  }
  return line.length;
}

function unescape(text: string, offset: number, fail: (offset: number, detail: string) => Error): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = text[++i] ?? '';
    if (next === 'u') {
      const hex = text.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw fail(offset + i - 1, `invalid unicode escape "\\u${hex}"`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[next] ?? next;
    }
  }
  return out;
}
