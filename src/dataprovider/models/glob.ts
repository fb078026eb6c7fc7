/**
 * Syntax of the shell-like patterns used by file pattern filters. They follow Go's `path.Match`:
 * `*` any run of characters other than "/", `?` one such character, `[...]` a class (`^` negates,
 * `a-z` ranges), and `\` escapes the next character. Matching itself is done where filters are applied.
 */

/** Reads one class character (possibly escaped); returns the index after it, or -1 when malformed. */
function readClassChar(chars: string[], at: number): number {
  let i = at;
  const first = chars[i];
  if (first === undefined || first === '-' || first === ']') return -1;
  if (first === '\\') {
    i++;
    if (chars[i] === undefined) return -1;
  }
  i++;
  // A class must still be closed after this character.
  return chars[i] === undefined ? -1 : i;
}

/** Checks a class starting just after "["; returns the index after the closing "]", or -1. */
function readClass(chars: string[], at: number): number {
  let i = at;
  if (chars[i] === '^') i++;
  let ranges = 0;
  for (;;) {
    if (chars[i] === ']' && ranges > 0) return i + 1;
    i = readClassChar(chars, i);
    if (i < 0) return -1;
    if (chars[i] === '-') {
      i = readClassChar(chars, i + 1);
      if (i < 0) return -1;
    }
    ranges++;
  }
}

/** True when the pattern is well formed (an unclosed class or a trailing "\" are not). */
export function isValidPattern(pattern: string): boolean {
  const chars = Array.from(pattern);
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    if (c === '\\') {
      if (i + 1 >= chars.length) return false;
      i += 2;
    } else if (c === '[') {
      i = readClass(chars, i + 1);
      if (i < 0) return false;
    } else {
      i++;
    }
  }
  return true;
}

/** Escapes the pattern metacharacters of a literal text so it matches only itself. */
export function escapePattern(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
