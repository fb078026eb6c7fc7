/** Small checks shared by the models: enumerations, ranges and lists. */
import { ValidationError, itemField } from './validation-error.js';

/**
 * Checks a value is one of `allowed`.
 * @throws {ValidationError} naming the value and what it should be.
 */
export function checkOneOf<T extends string | number>(
  value: string | number,
  allowed: readonly T[],
  field: string,
): T {
  if (!(allowed as readonly (string | number)[]).includes(value)) {
    const list = allowed.map((a) => JSON.stringify(a)).join(', ');
    throw new ValidationError(field, `invalid value ${JSON.stringify(value)}, valid values: ${list}`);
  }
  return value as T;
}

/** An inclusive range; no `max` means no upper limit. */
export interface Range {
  readonly min: number;
  readonly max?: number;
}

/**
 * Checks an integer is within the range.
 * @throws {ValidationError} naming the value and the range.
 */
export function checkRange(value: number, field: string, range: Range): number {
  const { min, max } = range;
  if (value < min || (max !== undefined && value > max)) {
    const expected = max === undefined ? `at least ${min}` : `between ${min} and ${max}`;
    throw new ValidationError(field, `must be ${expected}, not ${value}`);
  }
  return value;
}

/**
 * Checks every item of a list is one of `allowed`.
 * @throws {ValidationError} naming the first item that is not, with its index.
 */
export function checkListValues<T extends string>(
  values: readonly string[],
  allowed: readonly T[],
  field: string,
): T[] {
  values.forEach((value, index) => checkOneOf(value, allowed, itemField(field, index)));
  return values as T[];
}

/** The list without repeated items, first occurrence kept. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
