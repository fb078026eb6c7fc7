import { parseDocument } from 'yaml';
import type { RawTree } from '../raw-tree.js';
import { requireMapping, stripBom, syntaxError } from './syntax-error.js';

/**
 * Parses a YAML config file (YAML 1.2, merge keys allowed, duplicate keys refused).
 * @throws ConfigError CONFIG_SYNTAX with line and column, or CONFIG_INVALID_TYPE if the document
 * is not a mapping
 */
export function parseYaml(text: string, file: string): RawTree {
  const doc = parseDocument(stripBom(text), { merge: true, uniqueKeys: true });
  const [first] = doc.errors;
  if (first) {
    const at = first.linePos?.[0];
    // The message's first line is the problem; the rest is a code frame.
    const detail = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw syntaxError('YAML', file, detail, at && { line: at.line, column: at.col }, first);
  }
  return requireMapping('YAML', file, doc.toJS({ maxAliasCount: 1000 }));
}
