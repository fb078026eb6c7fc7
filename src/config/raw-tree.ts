import { isPlainObject } from './key-path.js';

/** A source's configuration before it is checked: nested plain objects, lists and scalars. */
export type RawTree = Record<string, unknown>;

// Keys come from files and variable names: `__proto__` must stay a plain own key, never reach a
// prototype, so trees are read with own-property checks and written with defineProperty.
function own(node: RawTree, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

function define(node: RawTree, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A copy of `value` whose object keys are lowercase (SFTPGo matches keys case-insensitively). */
export function lowercaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowercaseKeys);
  if (!isPlainObject(value)) return value;
  const out: RawTree = {};
  for (const [key, item] of Object.entries(value)) define(out, key.toLowerCase(), lowercaseKeys(item));
  return out;
}

/** Whether `path` exists in the tree (with any value, null included). */
export function hasIn(tree: RawTree, path: readonly string[]): boolean {
  const parent = parentOf(tree, path);
  return parent !== undefined && Object.hasOwn(parent, path[path.length - 1]!);
}

/** The value at `path`, or undefined. */
export function getIn(tree: RawTree, path: readonly string[]): unknown {
  const parent = parentOf(tree, path);
  return parent === undefined ? undefined : own(parent, path[path.length - 1]!);
}

/** Removes `path` and returns what it held. */
export function takeIn(tree: RawTree, path: readonly string[]): unknown {
  const parent = parentOf(tree, path);
  const last = path[path.length - 1]!;
  if (parent === undefined || !Object.hasOwn(parent, last)) return undefined;
  const value = parent[last];
  delete parent[last];
  return value;
}

/** Sets `path`, creating (or replacing non-object) parents. */
export function setIn(tree: RawTree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = own(node, key);
    if (isPlainObject(next)) node = next;
    else {
      const created: RawTree = {};
      define(node, key, created);
      node = created;
    }
  }
  define(node, path[path.length - 1]!, value);
}

function parentOf(tree: RawTree, path: readonly string[]): RawTree | undefined {
  let node: unknown = tree;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node)) return undefined;
    node = own(node, key);
  }
  return isPlainObject(node) ? node : undefined;
}
