import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two byte strings in time that depends only on their length. Lengths are compared first, in
 * the open: every caller compares against a value whose length the stored hash's format already reveals.
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
