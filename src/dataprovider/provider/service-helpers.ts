/** Small pieces every service uses. */
import type { ListOptions } from '../store/index.js';

/** A page of a list, ordered by name: `limit` 1 to 500, `offset` 0 or more, `order` `ASC` (default) or `DESC`. */
export type ListQuery = ListOptions;

/**
 * The input with `key` set to `value` when it is an object (the name in the URL of an update wins
 * over the one in the body, as in SFTPGo); anything else is returned as is for the parser to refuse.
 */
export function withField(input: unknown, key: string, value: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  return { ...(input as Record<string, unknown>), [key]: value };
}

/** The input's `key` property when the input is an object. */
export function fieldOf(input: unknown, key: string): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  return (input as Record<string, unknown>)[key];
}
