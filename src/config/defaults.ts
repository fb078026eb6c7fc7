import { configSchema } from './schema.js';
import type { SftpGoConfig } from './schema.js';
import type { ObjectNode, SchemaNode } from './schema/nodes.js';

/** The default value of one schema node, as a fresh object. */
export function defaultOf(node: SchemaNode): unknown {
  switch (node.kind) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return node.default;
    case 'stringList':
    case 'integerList':
      return [...node.default];
    case 'object':
      return defaultObject(node);
    case 'objectList':
      return node.default.map((changes) => overlay(defaultObject(node.item), changes));
  }
}

/** A fresh object holding every field's default. */
export function defaultObject(node: ObjectNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(node.fields)) out[key] = defaultOf(field);
  return out;
}

// Default list items are written as changes to the item defaults; lists inside them replace.
function overlay(base: Record<string, unknown>, changes: object): Record<string, unknown> {
  for (const [key, value] of Object.entries(changes)) {
    const current = base[key];
    if (isPlainObject(value) && isPlainObject(current)) overlay(current, value);
    else base[key] = Array.isArray(value) ? structuredClone(value) : value;
  }
  return base;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * SFTPGo's defaults (with our documented deviations), as a new deep copy on each call: callers
 * may change the result freely. Paths are left relative, as in the shipped `sftpgo.json`.
 */
export function defaultConfig(): SftpGoConfig {
  return defaultObject(configSchema) as SftpGoConfig;
}
