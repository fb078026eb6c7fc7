import { ConfigError, ConfigErrorCode } from './errors.js';
import { formatKey } from './key-path.js';
import type { KeyPath } from './key-path.js';
import { describeOrigin, originName } from './origin.js';
import type { SourceOrigin } from './origin.js';
import type { BooleanNode, IntegerNode, NumberNode, SchemaNode, StringNode } from './schema/nodes.js';

/** A node holding one value (not a list or an object). */
export type ScalarNode = StringNode | IntegerNode | NumberNode | BooleanNode;

// Text accepted for booleans: the spellings of Go's strconv.ParseBool, which SFTPGo uses.
const trueWords = new Set(['1', 't', 'true']);
const falseWords = new Set(['0', 'f', 'false']);

/** What a node accepts, in words, for error messages and docs. */
export function describeAllowed(node: SchemaNode): string {
  switch (node.kind) {
    case 'string':
      return node.values ? `one of: ${node.values.map(showChoice).join(', ')}` : 'a text';
    case 'integer':
      if (node.values) return `one of: ${node.values.join(', ')}`;
      if (node.flags) return `0 or a sum of: ${node.flags.join(', ')}`;
      return `an integer${describeRange(node)}`;
    case 'number':
      return `a number${describeRange(node)}`;
    case 'boolean':
      return 'true or false (1 or 0)';
    case 'stringList':
      return node.values
        ? `a list of: ${node.values.map(showChoice).join(', ')} (comma-separated in text)`
        : 'a list of texts (comma-separated in text)';
    case 'integerList':
      return node.values ? `a list of: ${node.values.join(', ')}` : 'a list of integers';
    case 'object':
      return 'a group of keys';
    case 'objectList':
      return 'a list of groups of keys (set items by index in flat formats)';
  }
}

function showChoice(value: string): string {
  return value === '' ? '"" (empty)' : value;
}

function describeRange(node: { readonly min?: number; readonly max?: number }): string {
  if (node.min !== undefined && node.max !== undefined) return ` between ${node.min} and ${node.max}`;
  if (node.min !== undefined) return ` >= ${node.min}`;
  if (node.max !== undefined) return ` <= ${node.max}`;
  return '';
}

/** A short display of a value for messages, never the value of a secret. */
export function showValue(node: SchemaNode, value: unknown): string {
  if (isSecret(node)) return '[redacted]';
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'nothing';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isSecret(node: SchemaNode): boolean {
  return node.kind === 'string' && node.secret === true;
}

interface Failure {
  readonly node: SchemaNode;
  readonly value: unknown;
  readonly path: KeyPath;
  readonly origin: SourceOrigin;
}

/** The error for a value of the wrong kind (text where a number is expected...). */
export function typeError(failure: Failure): ConfigError {
  return failureError(ConfigErrorCode.InvalidType, 'Invalid type', failure);
}

/** The error for a value of the right kind but not accepted (range, choices, flags). */
export function valueError(failure: Failure): ConfigError {
  return failureError(ConfigErrorCode.InvalidValue, 'Invalid value', failure);
}

function failureError(
  code: typeof ConfigErrorCode.InvalidType | typeof ConfigErrorCode.InvalidValue,
  title: string,
  { node, value, path, origin }: Failure,
): ConfigError {
  const key = formatKey(path);
  const allowed = describeAllowed(node);
  const shown = showValue(node, value);
  return new ConfigError(
    `${title} ${shown} for ${key} (from ${describeOrigin(origin)}): expected ${allowed}`,
    {
      code,
      key,
      value: isSecret(node) ? '[redacted]' : value,
      file: originName(origin),
      allowed,
      line: origin.line,
    },
  );
}

/**
 * Converts a raw value to the node's type and checks it. Text is accepted for numbers and
 * booleans (environment variables, properties and envfiles only have text), numbers and
 * booleans are accepted for text keys, as SFTPGo's weakly typed decoding does.
 * @throws ConfigError with code CONFIG_INVALID_TYPE or CONFIG_INVALID_VALUE
 */
export function coerceScalar(node: ScalarNode, raw: unknown, path: KeyPath, origin: SourceOrigin): unknown {
  const failure = { node, value: raw, path, origin };
  switch (node.kind) {
    case 'string': {
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
        throw typeError(failure);
      }
      const text = String(raw);
      if (node.values && !node.values.includes(text)) throw valueError({ ...failure, value: text });
      return text;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const word = typeof raw === 'number' || typeof raw === 'string' ? String(raw).trim().toLowerCase() : '';
      if (trueWords.has(word)) return true;
      if (falseWords.has(word)) return false;
      throw typeError(failure);
    }
    case 'integer': {
      const value = toNumber(raw, /^[+-]?\d+$/);
      if (value === undefined || !Number.isSafeInteger(value)) throw typeError(failure);
      if (!integerAllowed(node, value)) throw valueError({ ...failure, value });
      return value;
    }
    case 'number': {
      const value = toNumber(raw, /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/);
      if (value === undefined || !Number.isFinite(value)) throw typeError(failure);
      if (!inRange(node, value)) throw valueError({ ...failure, value });
      return value;
    }
  }
}

function toNumber(raw: unknown, pattern: RegExp): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && pattern.test(raw.trim())) return Number(raw.trim());
  return undefined;
}

function integerAllowed(node: IntegerNode, value: number): boolean {
  if (node.values) return node.values.includes(value);
  if (node.flags) {
    const all = node.flags.reduce((sum, bit) => sum | bit, 0);
    return value >= 0 && (value & ~all) === 0;
  }
  return inRange(node, value);
}

function inRange(node: { readonly min?: number; readonly max?: number }, value: number): boolean {
  return (node.min === undefined || value >= node.min) && (node.max === undefined || value <= node.max);
}
