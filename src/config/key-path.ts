/** A key inside the configuration: section and key names, and list indexes. */
export type KeyPath = readonly (string | number)[];

/** `['sftpd', 'bindings', 0, 'port']` → `sftpd.bindings[0].port`. */
export function formatKey(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** A plain object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A list index as written in keys (`0`, `12`). */
export function isIndex(segment: string): boolean {
  return /^\d+$/.test(segment);
}
