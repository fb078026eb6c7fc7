/**
 * Typed reading of parsed JSON with field paths, so every model reads its input the same way: a
 * missing or `null` value gives the Go zero value (as SFTPGo's JSON decoding does), a value of the wrong
 * JSON type is an error naming the field, and unknown properties are ignored.
 */
import { ValidationError, childField, itemField } from './validation-error.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a value is an integer (a JSON number without fraction, exactly representable). */
export function checkInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ValidationError(field, `must be an integer, not ${describe(value)}`);
  }
  if (!Number.isSafeInteger(value)) throw new ValidationError(field, `${value} is too large`);
  return value;
}

/** Checks a value is a string. */
export function checkString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ValidationError(field, `must be a string, not ${describe(value)}`);
  return value;
}

/**
 * Checks a value is an array and reads each item with `read`, giving it the item's path.
 * @throws {ValidationError} when it is not an array, or whatever `read` throws.
 */
export function checkList<T>(value: unknown, field: string, read: (item: unknown, field: string) => T): T[] {
  if (!Array.isArray(value)) throw new ValidationError(field, `must be an array, not ${describe(value)}`);
  return value.map((item: unknown, index) => read(item, itemField(field, index)));
}

/** Reads the properties of one JSON object; see the module comment for the rules. */
export class ObjectReader {
  /** JSON path of the object being read (`''` for the root). */
  readonly path: string;
  readonly #values: Readonly<Record<string, unknown>>;

  private constructor(values: Readonly<Record<string, unknown>>, path: string) {
    this.#values = values;
    this.path = path;
  }

  /**
   * A reader over the value at `path`; `undefined` and `null` read as an empty object.
   * @throws {ValidationError} when the value is not a JSON object.
   */
  static of(value: unknown, path: string): ObjectReader {
    if (value === undefined || value === null) return new ObjectReader({}, path);
    if (!isPlainObject(value)) throw new ValidationError(path, `must be an object, not ${describe(value)}`);
    return new ObjectReader(value, path);
  }

  /**
   * A reader over a whole input document, which must be an object.
   * @throws {ValidationError} (field `''`) when it is not.
   */
  static root(value: unknown, what: string): ObjectReader {
    if (!isPlainObject(value))
      throw new ValidationError('', `${what} must be a JSON object, not ${describe(value)}`);
    return new ObjectReader(value, '');
  }

  /** The JSON path of property `key`. */
  field(key: string): string {
    return childField(this.path, key);
  }

  /** True when property `key` is present and not `null`. */
  has(key: string): boolean {
    const value = this.#values[key];
    return value !== undefined && value !== null;
  }

  /** The raw value of property `key`. */
  raw(key: string): unknown {
    return this.#values[key];
  }

  /** A shallow copy of the properties, for building a derived input. */
  entries(): Record<string, unknown> {
    return { ...this.#values };
  }

  /** @throws {ValidationError} when present and not a string. */
  string(key: string): string {
    return this.has(key) ? checkString(this.#values[key], this.field(key)) : '';
  }

  /** @throws {ValidationError} when present and not an integer. */
  int(key: string): number {
    return this.has(key) ? checkInteger(this.#values[key], this.field(key)) : 0;
  }

  /** @throws {ValidationError} when present and not a boolean. */
  bool(key: string): boolean {
    if (!this.has(key)) return false;
    const value = this.#values[key];
    if (typeof value !== 'boolean') {
      throw new ValidationError(this.field(key), `must be true or false, not ${describe(value)}`);
    }
    return value;
  }

  /** @throws {ValidationError} when present and not an array of strings. */
  strings(key: string): string[] {
    return this.list(key, checkString);
  }

  /** A reader over the object at property `key`. @throws {ValidationError} when it is not an object. */
  object(key: string): ObjectReader {
    return ObjectReader.of(this.#values[key], this.field(key));
  }

  /**
   * Reads an array, giving each item and its path to `read`.
   * @throws {ValidationError} when present and not an array, or whatever `read` throws.
   */
  list<T>(key: string, read: (item: unknown, field: string) => T): T[] {
    return this.has(key) ? checkList(this.#values[key], this.field(key), read) : [];
  }

  /**
   * Reads an object used as a map, giving each value, its path and its key to `read`.
   * @throws {ValidationError} when present and not an object, or whatever `read` throws.
   */
  map<T>(key: string, read: (value: unknown, field: string, mapKey: string) => T): Map<string, T> {
    const inner = this.object(key);
    const result = new Map<string, T>();
    for (const [mapKey, value] of Object.entries(inner.#values)) {
      result.set(mapKey, read(value, inner.field(mapKey), mapKey));
    }
    return result;
  }
}
