import { isAbsolute, join } from 'node:path';
import type { SchemaNode } from './schema/nodes.js';

/**
 * Resolves a path written in the configuration: absolute paths and the empty string (meaning
 * "not set") are returned as given; relative paths are joined to the config dir.
 */
export function resolveConfigPath(configDir: string, p: string): string {
  if (p === '' || isAbsolute(p)) return p;
  return join(configDir, p);
}

/** Resolves, in place, every key the schema marks as a path. */
export function resolveSchemaPaths(node: SchemaNode, value: unknown, configDir: string): unknown {
  switch (node.kind) {
    case 'string':
      return node.path === true ? resolveConfigPath(configDir, value as string) : value;
    case 'stringList':
      return node.path === true ? (value as string[]).map((p) => resolveConfigPath(configDir, p)) : value;
    case 'object': {
      const target = value as Record<string, unknown>;
      for (const [key, field] of Object.entries(node.fields)) {
        target[key] = resolveSchemaPaths(field, target[key], configDir);
      }
      return target;
    }
    case 'objectList':
      return (value as unknown[]).map((item) => resolveSchemaPaths(node.item, item, configDir));
    default:
      return value;
  }
}
