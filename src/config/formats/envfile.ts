import { stripBom, syntaxError } from './syntax-error.js';

/** One `NAME=value` line of an envfile. */
export interface EnvFileEntry {
  readonly name: string;
  readonly value: string;
  /** 1-based line of the assignment. */
  readonly line: number;
}

const assignment = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*/;

/**
 * Parses an envfile (`.env`): `NAME=value` lines, optionally prefixed by `export`; blank lines
 * and `#` comments are skipped. Values may be 'single-quoted' (taken literally), "double-quoted"
 * (escapes \n \r \t \" \\ \$ and `$NAME`/`${NAME}` expansion) or bare (expansion, ` #` starts a
 * comment, surrounding blanks trimmed). Names expand to earlier entries of the file, else to
 * `env`, else to nothing.
 * @throws ConfigError CONFIG_SYNTAX with line and column
 */
export function parseEnvFile(
  text: string,
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): EnvFileEntry[] {
  const entries: EnvFileEntry[] = [];
  const known = new Map<string, string>();
  const lookup = (name: string) => known.get(name) ?? env[name] ?? '';
  const lines = stripBom(text).split('\n');
  lines.forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, '');
    const lineNo = index + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const indent = line.length - line.trimStart().length;
    const match = assignment.exec(line.trimStart());
    if (!match) {
      throw syntaxError('envfile', file, 'expected NAME=value', { line: lineNo, column: indent + 1 });
    }
    const valueStart = indent + match[0].length;
    const value = readValue(line.slice(valueStart), lookup, (offset, detail) =>
      syntaxError('envfile', file, detail, { line: lineNo, column: valueStart + offset + 1 }),
    );
    known.set(match[1]!, value);
    entries.push({ name: match[1]!, value, line: lineNo });
  });
  return entries;
}

type Fail = (offset: number, detail: string) => Error;

function readValue(rest: string, lookup: (name: string) => string, fail: Fail): string {
  const quote = rest[0];
  if (quote === "'" || quote === '"') {
    const end = closingQuote(rest, quote);
    if (end < 0) throw fail(0, `unterminated ${quote === "'" ? 'single' : 'double'}-quoted value`);
    const after = rest.slice(end + 1).trim();
    if (after !== '' && !after.startsWith('#'))
      throw fail(end + 1, 'unexpected text after the closing quote');
    const body = rest.slice(1, end);
    return quote === "'" ? body : expand(unescape(body), lookup);
  }
  const comment = rest.search(/[ \t]#/);
  const bare = (comment < 0 ? rest : rest.slice(0, comment)).trim();
  return expand(bare, lookup);
}

function closingQuote(rest: string, quote: string): number {
  for (let i = 1; i < rest.length; i++) {
    if (quote === '"' && rest[i] === '\\') i++;
    else if (rest[i] === quote) return i;
  }
  return -1;
}

// Escapes are turned into private markers for `$` so an escaped dollar is not expanded.
const literalDollar = '\u0000';

function unescape(body: string): string {
  const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: literalDollar };
  return body.replace(/\\(.)/g, (all, char: string) => map[char] ?? all);
}

function expand(value: string, lookup: (name: string) => string): string {
  return value
    .replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (_all, braced?: string, bare?: string) => lookup((braced ?? bare)!),
    )
    .replaceAll(literalDollar, '$');
}
