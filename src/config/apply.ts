import { coerceScalar, typeError } from './coerce.js';
import { defaultObject } from './defaults.js';
import { ConfigError, ConfigErrorCode } from './errors.js';
import { formatKey, isIndex, isPlainObject } from './key-path.js';
import type { KeyPath } from './key-path.js';
import { describeOrigin, originName } from './origin.js';
import type { SourceOrigin } from './origin.js';
import type {
  IntegerListNode,
  ObjectListNode,
  ObjectNode,
  SchemaNode,
  StringListNode,
} from './schema/nodes.js';
import { ConfigWarningCode } from './warnings.js';
import type { ConfigWarning } from './warnings.js';

/** Where the values being applied come from, and where warnings go. */
export interface ApplyContext {
  readonly origin: SourceOrigin;
  readonly warnings: ConfigWarning[];
  /** List items created by the source, checked by {@link checkNewItems} once it is applied. */
  readonly newItems: NewItem[];
}

/** A list item a source created, with where it came from. */
export interface NewItem {
  readonly node: ObjectListNode;
  readonly item: Record<string, unknown>;
  readonly path: KeyPath;
  readonly origin: SourceOrigin;
}

/**
 * Checks that every list item a source created sets the keys items must set (a flat source may
 * set an item's keys in any order, so this runs after the whole source).
 * @throws ConfigError CONFIG_MISSING_VALUE
 */
export function checkNewItems(items: readonly NewItem[]): void {
  for (const { node, item, path, origin } of items) {
    for (const [key, field] of Object.entries(node.item.fields)) {
      if (field.kind === 'string' && field.required === true && item[key] === '') {
        const name = formatKey([...path, key]);
        throw new ConfigError(`Missing ${name} (from ${describeOrigin(origin)}): every item must set it`, {
          code: ConfigErrorCode.MissingValue,
          key: name,
          file: originName(origin),
          allowed: field.values ? `one of: ${field.values.join(', ')}` : 'a non-empty text',
          line: origin.line,
        });
      }
    }
  }
}

/**
 * Writes the values of `raw` (one source's tree, keys in any case) over `target`, converting and
 * checking each against the schema. Keys `raw` does not mention keep their current value; lists
 * are replaced whole, except that an object with index keys (`{"0": {...}}`) changes single
 * items, appending the ones past the end, built from the item defaults. Unknown keys become
 * warnings.
 * @throws ConfigError when a value has the wrong type or is not accepted
 */
export function applyObject(
  node: ObjectNode,
  target: Record<string, unknown>,
  raw: Record<string, unknown>,
  path: KeyPath,
  ctx: ApplyContext,
): void {
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = rawKey.toLowerCase();
    const field = Object.hasOwn(node.fields, key) ? node.fields[key] : undefined;
    if (field === undefined) {
      const name = formatKey([...path, key]);
      ctx.warnings.push({
        code: ConfigWarningCode.UnknownKey,
        key: name,
        source: originName(ctx.origin),
        message: `Unknown configuration key ${name} (from ${describeOrigin(ctx.origin)}) is ignored`,
      });
      continue;
    }
    target[key] = applyValue(field, target[key], value, [...path, key], ctx);
  }
}

function applyValue(
  node: SchemaNode,
  current: unknown,
  raw: unknown,
  path: KeyPath,
  ctx: ApplyContext,
): unknown {
  // An empty YAML key or a JSON null keeps the current value, as SFTPGo's decoder does.
  if (raw === null || raw === undefined) return current;
  switch (node.kind) {
    case 'object':
      return applyToObject(node, current as Record<string, unknown>, raw, path, ctx);
    case 'objectList':
      return applyObjectList(node, current as Record<string, unknown>[], raw, path, ctx);
    case 'stringList':
    case 'integerList':
      return applyScalarList(node, current as unknown[], raw, path, ctx);
    default:
      return coerceScalar(node, raw, path, ctx.origin);
  }
}

function applyToObject(
  node: ObjectNode,
  current: Record<string, unknown>,
  raw: unknown,
  path: KeyPath,
  ctx: ApplyContext,
): Record<string, unknown> {
  if (isPlainObject(raw)) {
    applyObject(node, current, raw, path, ctx);
    return current;
  }
  // HCL gives a block written several times as a list; its parts are merged in order.
  if (Array.isArray(raw) && raw.length > 0 && raw.every(isPlainObject)) {
    for (const part of raw) applyObject(node, current, part, path, ctx);
    return current;
  }
  throw typeError({ node, value: raw, path, origin: ctx.origin });
}

function applyObjectList(
  node: ObjectListNode,
  current: Record<string, unknown>[],
  raw: unknown,
  path: KeyPath,
  ctx: ApplyContext,
): Record<string, unknown>[] {
  if (Array.isArray(raw)) return raw.map((item, index) => newItem(node, item, [...path, index], ctx));
  if (!isPlainObject(raw)) throw typeError({ node, value: raw, path, origin: ctx.origin });
  const keys = Object.keys(raw);
  // A single group of keys (an HCL block written once, a YAML mapping) is a one-item list.
  if (!keys.every(isIndex)) return [newItem(node, raw, [...path, 0], ctx)];
  const list = [...current];
  for (const key of keys.sort((a, b) => Number(a) - Number(b))) {
    const index = Number(key);
    const itemPath = [...path, index];
    const existing = list[index];
    if (existing === undefined) {
      list.push(newItem(node, raw[key], itemPath, ctx));
    } else if (raw[key] !== null && raw[key] !== undefined) {
      list[index] = applyToObject(node.item, existing, raw[key], itemPath, ctx);
    }
  }
  return list;
}

function newItem(
  node: ObjectListNode,
  raw: unknown,
  path: KeyPath,
  ctx: ApplyContext,
): Record<string, unknown> {
  const item = applyToObject(node.item, defaultObject(node.item), raw ?? {}, path, ctx);
  ctx.newItems.push({ node, item, path, origin: ctx.origin });
  return item;
}

function applyScalarList(
  node: StringListNode | IntegerListNode,
  current: unknown[],
  raw: unknown,
  path: KeyPath,
  ctx: ApplyContext,
): unknown[] {
  const itemNode =
    node.kind === 'stringList'
      ? { kind: 'string' as const, default: '', values: node.values }
      : { kind: 'integer' as const, default: 0, values: node.values };
  const coerceItem = (value: unknown, index: number) =>
    coerceScalar(itemNode, value, [...path, index], ctx.origin);
  if (Array.isArray(raw)) return raw.map(coerceItem);
  // Flat formats write lists as comma-separated text, as SFTPGo's environment variables do.
  if (typeof raw === 'string') {
    return raw
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map(coerceItem);
  }
  if (isPlainObject(raw) && Object.keys(raw).every(isIndex)) {
    const list = [...current];
    for (const key of Object.keys(raw).sort((a, b) => Number(a) - Number(b))) {
      const index = Math.min(Number(key), list.length);
      list[index] = coerceItem(raw[key], Number(key));
    }
    return list;
  }
  throw typeError({ node, value: raw, path, origin: ctx.origin });
}
