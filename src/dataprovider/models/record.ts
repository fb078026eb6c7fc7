/**
 * Table-driven reading and writing of the flat fields of a model (strings, integers, booleans, string
 * lists and secrets). A spec lists the JSON properties in SFTPGo's order with their kind; a kind ending
 * in `!` is always written, the others are left out when empty, like Go's `omitempty`.
 */
import type { Secret } from '../../kms/secret.js';
import { SecretFormatError, isSecretEmpty, parseSecret } from '../../kms/secret.js';
import { ObjectReader } from './reader.js';
import { ValidationError, childField } from './validation-error.js';

type KindOf<V> = V extends Secret
  ? 'secret'
  : V extends string
    ? 'string' | 'string!'
    : V extends number
      ? 'int' | 'int!'
      : V extends boolean
        ? 'bool' | 'bool!'
        : V extends readonly string[]
          ? 'strings' | 'strings!'
          : never;

/** For each property of `T`, how it is read and written. */
export type RecordSpec<T> = { readonly [K in keyof T]-?: KindOf<T[K]> };

/** How a secret is written out: its JSON form, or `undefined` to leave it out. */
export type SecretWriter = (secret: Secret) => unknown;

/**
 * Reads a secret, naming the offending property on error.
 * @throws {ValidationError} when the value does not have the shape of a secret.
 */
export function readSecret(value: unknown, field: string): Secret {
  try {
    return parseSecret(value);
  } catch (err) {
    if (err instanceof SecretFormatError) {
      const at = err.property === '' ? field : childField(field, err.property);
      throw new ValidationError(at, err.message, { cause: err });
    }
    throw err;
  }
}

/**
 * Reads the properties listed in `spec`.
 * @throws {ValidationError} when a property has the wrong JSON type.
 */
export function readRecord<T>(reader: ObjectReader, spec: RecordSpec<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(spec) as [string, string][]) {
    switch (kind.replace('!', '')) {
      case 'string':
        out[key] = reader.string(key);
        break;
      case 'int':
        out[key] = reader.int(key);
        break;
      case 'bool':
        out[key] = reader.bool(key);
        break;
      case 'strings':
        out[key] = reader.strings(key);
        break;
      default:
        out[key] = readSecret(reader.raw(key), reader.field(key));
    }
  }
  return out as T;
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false || (Array.isArray(value) && value.length === 0);
}

/** The JSON form of a record: the properties of `spec`, empty ones left out unless marked `!`. */
export function recordToJSON<T>(
  value: T,
  spec: RecordSpec<T>,
  secrets: SecretWriter,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const values = value as Record<string, unknown>;
  for (const [key, kind] of Object.entries(spec) as [string, string][]) {
    const item = values[key];
    if (kind === 'secret') {
      const secret = item as Secret;
      const json = isSecretEmpty(secret) ? undefined : secrets(secret);
      if (json !== undefined) out[key] = json;
    } else if (kind.endsWith('!') || !isZero(item)) {
      out[key] = Array.isArray(item) ? [...(item as unknown[])] : item;
    }
  }
  return out;
}

/** A list-item reader for {@link ObjectReader.list} that reads each item as a record of `spec`. */
export function recordReader<T>(spec: RecordSpec<T>): (item: unknown, field: string) => T {
  return (item, field) => readRecord(ObjectReader.of(item, field), spec);
}
