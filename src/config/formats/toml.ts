import { parse, TomlError } from 'smol-toml';
import type { RawTree } from '../raw-tree.js';
import { stripBom, syntaxError } from './syntax-error.js';

/**
 * Parses a TOML config file.
 * @throws ConfigError CONFIG_SYNTAX with line and column
 */
export function parseToml(text: string, file: string): RawTree {
  try {
    return parse(stripBom(text)) as RawTree;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const detail = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw syntaxError('TOML', file, detail, { line: error.line, column: error.column }, error);
  }
}
