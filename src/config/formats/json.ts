import type { RawTree } from '../raw-tree.js';
import { positionAt, requireMapping, stripBom, syntaxError } from './syntax-error.js';

/**
 * Parses a JSON config file.
 * @throws ConfigError CONFIG_SYNTAX with line and column, or CONFIG_INVALID_TYPE if the document
 * is not an object
 */
export function parseJson(text: string, file: string): RawTree {
  const source = stripBom(text);
  if (source.trim() === '') return {};
  try {
    return requireMapping('JSON', file, JSON.parse(source));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // Node 20's JSON.parse messages carry no position, so the error is located by a scan.
    const found = locateJsonError(source);
    throw syntaxError(
      'JSON',
      file,
      found?.message ?? error.message,
      found && positionAt(source, found.offset),
      error,
    );
  }
}

interface JsonProblem {
  readonly offset: number;
  readonly message: string;
}

class Problem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** The first syntax error of a JSON text, found by a small validating scan. */
function locateJsonError(text: string): JsonProblem | undefined {
  let pos = 0;
  const ws = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos]!)) pos++;
  };
  const describe = () => (pos >= text.length ? 'end of input' : `'${text[pos]}'`);
  const expect = (char: string) => {
    if (text[pos] !== char) throw new Problem(pos, `expected '${char}' but found ${describe()}`);
    pos++;
  };
  const string = () => {
    expect('"');
    while (pos < text.length && text[pos] !== '"') {
      const char = text[pos]!;
      if (char === '\n' || char.charCodeAt(0) < 0x20) throw new Problem(pos, 'unterminated string');
      if (char === '\\') {
        const next = text[pos + 1] ?? '';
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6)))
            throw new Problem(pos, 'bad \\u escape');
          pos += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next) || next === '') throw new Problem(pos, `bad escape '\\${next}'`);
        pos += 2;
        continue;
      }
      pos++;
    }
    if (pos >= text.length) throw new Problem(pos, 'unterminated string');
    pos++;
  };
  const value = (): void => {
    ws();
    const char = text[pos];
    if (char === '{') {
      pos++;
      ws();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') throw new Problem(pos, `expected a quoted key but found ${describe()}`);
        string();
        ws();
        expect(':');
        value();
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect('}');
        return;
      }
    }
    if (char === '[') {
      pos++;
      ws();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect(']');
        return;
      }
    }
    if (char === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(pos));
    if (literal) {
      pos += literal[0].length;
      return;
    }
    throw new Problem(pos, `unexpected ${describe()}`);
  };
  try {
    value();
    ws();
    if (pos < text.length) throw new Problem(pos, `unexpected ${describe()} after the document`);
    return undefined;
  } catch (error) {
    if (error instanceof Problem) return { offset: error.offset, message: error.message };
    throw error;
  }
}
