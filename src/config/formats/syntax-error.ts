import { ConfigError, ConfigErrorCode } from '../errors.js';
import { isPlainObject } from '../key-path.js';
import type { RawTree } from '../raw-tree.js';

/** Where a syntax error is, 1-based. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** The line and column of a character offset in `text`. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** A CONFIG_SYNTAX error naming the format, the file and, when known, the position. */
export function syntaxError(
  format: string,
  file: string,
  detail: string,
  position?: TextPosition,
  cause?: unknown,
): ConfigError {
  const where = position ? ` at line ${position.line}, column ${position.column}` : '';
  return new ConfigError(`Invalid ${format} in ${file}${where}: ${detail}`, {
    code: ConfigErrorCode.Syntax,
    file,
    line: position?.line,
    column: position?.column,
    cause,
  });
}

/** Checks that a parsed document is a mapping of sections (an empty document is none). */
export function requireMapping(format: string, file: string, value: unknown): RawTree {
  if (value === null || value === undefined) return {};
  if (isPlainObject(value)) return value;
  throw new ConfigError(
    `Invalid configuration in ${file}: the ${format} document must be a mapping of sections`,
    {
      code: ConfigErrorCode.InvalidType,
      file,
      value,
      allowed: 'a mapping of section names to their keys',
    },
  );
}

/** The text without a leading byte order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
