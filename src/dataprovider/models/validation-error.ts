/**
 * The error every model parser throws, and helpers to name the offending field as a JSON path
 * (`filters.allowed_ip[2]`, `permissions./dir`, `virtual_folders[1].virtual_path`).
 */

/** A model failed to parse or validate. `field` is the JSON path of the offending value. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly code = 'ERR_VALIDATION';
  /** JSON path of the offending value; `''` when the whole input is at fault. */
  readonly field: string;

  constructor(field: string, problem: string, options?: { cause?: unknown }) {
    super(field === '' ? problem : `${field}: ${problem}`, options);
    this.field = field;
  }
}

/** The path of property `key` of the value at `parent`. */
export function childField(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** The path of item `index` of the array at `parent`. */
export function itemField(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
