/**
 * Shell-like pattern matching with the exact semantics of Go's `path.Match`, which SFTPGo uses for file
 * name filters and for wildcard permission paths, so that a pattern matches here exactly what it
 * matches there:
 *
 * - `*` matches any run of characters other than "/", `?` any one character other than "/";
 * - `[...]` matches one character from a class of characters and `lo-hi` ranges, `[^...]` one not in
 *   it (only `^` negates; `!` is an ordinary character); a class may match "/";
 * - `\` makes the next character literal, inside and outside classes;
 * - there is no `**` and no brace expansion.
 *
 * Go works on UTF-8 bytes and lets `*` skip byte by byte, so a match may start in the middle of a
 * multi-byte character, which then reads as U+FFFD. This module does the same, so even those corner
 * cases agree. A malformed pattern (an unclosed or empty class, a range without an end, a trailing `\`)
 * gives `bad-pattern`, whatever the name; callers decide what that means.
 */

/** The outcome of {@link pathMatch}. */
export type PathMatchResult = 'match' | 'no-match' | 'bad-pattern';

const RUNE_ERROR = 0xfffd;
const SLASH = 0x2f;
const STAR = 0x2a;
const QUESTION = 0x3f;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;

const encoder = new TextEncoder();

/** Thrown inside the matcher only, turned into `bad-pattern` by {@link pathMatch}. */
class BadPattern extends Error {}

/** A rune and the number of bytes it used, decoded as Go's `utf8.DecodeRune` does. */
function decodeRune(bytes: Uint8Array, at: number): readonly [rune: number, size: number] {
  const b0 = bytes[at];
  if (b0 === undefined) return [RUNE_ERROR, 0];
  if (b0 < 0x80) return [b0, 1];
  const cont = (i: number): number => {
    const b = bytes[at + i];
    return b !== undefined && (b & 0xc0) === 0x80 ? b & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 < 0 ? [RUNE_ERROR, 1] : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(1);
    const c2 = cont(2);
    if (c1 < 0 || c2 < 0) return [RUNE_ERROR, 1];
    const r = ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
    // Overlong forms and UTF-16 surrogates are invalid in UTF-8.
    if (r < 0x800 || (r >= 0xd800 && r <= 0xdfff)) return [RUNE_ERROR, 1];
    return [r, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return [RUNE_ERROR, 1];
    const r = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
    if (r < 0x10000 || r > 0x10ffff) return [RUNE_ERROR, 1];
    return [r, 4];
  }
  return [RUNE_ERROR, 1];
}

/** Splits off the next chunk: leading stars, then literal text up to the next star outside a class. */
function scanChunk(pattern: Uint8Array, from: number): { star: boolean; start: number; end: number } {
  let i = from;
  let star = false;
  while (i < pattern.length && pattern[i] === STAR) {
    i++;
    star = true;
  }
  const start = i;
  let inRange = false;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === BACKSLASH) {
      // A trailing backslash is reported by matchChunk.
      if (i + 1 < pattern.length) i++;
    } else if (c === OPEN) {
      inRange = true;
    } else if (c === CLOSE) {
      inRange = false;
    } else if (c === STAR && !inRange) {
      break;
    }
  }
  return { star, start, end: i };
}

/** Reads one class character (maybe escaped) at `at` of the chunk; returns it and the next index. */
function classChar(pattern: Uint8Array, at: number, end: number): readonly [rune: number, next: number] {
  let i = at;
  if (i >= end || pattern[i] === DASH || pattern[i] === CLOSE) throw new BadPattern();
  if (pattern[i] === BACKSLASH) {
    i++;
    if (i >= end) throw new BadPattern();
  }
  const [rune, size] = decodeRune(pattern.subarray(0, end), i);
  if (rune === RUNE_ERROR && size === 1) throw new BadPattern();
  i += size;
  // A class must be closed after this character.
  if (i >= end) throw new BadPattern();
  return [rune, i];
}

/**
 * Matches one chunk (no stars outside classes) at the start of `name[at..]`. Returns the index in the
 * name after the match, or -1. The whole chunk is always read, so a malformed chunk throws even once the
 * match has failed.
 */
function matchChunk(pattern: Uint8Array, start: number, end: number, name: Uint8Array, at: number): number {
  let i = start;
  let s = at;
  let failed = false;
  while (i < end) {
    if (!failed && s >= name.length) failed = true;
    const c = pattern[i] as number;
    if (c === OPEN) {
      let rune = 0;
      if (!failed) {
        const [r, size] = decodeRune(name, s);
        rune = r;
        s += size;
      }
      i++;
      let negated = false;
      if (i < end && pattern[i] === CARET) {
        negated = true;
        i++;
      }
      let matched = false;
      let ranges = 0;
      for (;;) {
        if (i < end && pattern[i] === CLOSE && ranges > 0) {
          i++;
          break;
        }
        const [lo, afterLo] = classChar(pattern, i, end);
        let hi = lo;
        i = afterLo;
        if (pattern[i] === DASH) {
          const [h, afterHi] = classChar(pattern, i + 1, end);
          hi = h;
          i = afterHi;
        }
        if (lo <= rune && rune <= hi) matched = true;
        ranges++;
      }
      if (matched === negated) failed = true;
    } else if (c === QUESTION) {
      if (!failed) {
        if (name[s] === SLASH) failed = true;
        s += decodeRune(name, s)[1];
      }
      i++;
    } else {
      let literal = c;
      if (c === BACKSLASH) {
        i++;
        if (i >= end) throw new BadPattern();
        literal = pattern[i] as number;
      }
      if (!failed) {
        if (literal !== name[s]) failed = true;
        s++;
      }
      i++;
    }
  }
  return failed ? -1 : s;
}

function indexOfSlash(name: Uint8Array, from: number): number {
  for (let i = from; i < name.length; i++) if (name[i] === SLASH) return i;
  return -1;
}

function matchBytes(pattern: Uint8Array, name: Uint8Array): boolean {
  let p = 0;
  let n = 0;
  nextChunk: while (p < pattern.length) {
    const { star, start, end } = scanChunk(pattern, p);
    p = end;
    if (star && start === end) {
      // A trailing star matches the rest of the name unless it crosses a "/".
      return indexOfSlash(name, n) < 0;
    }
    const last = p >= pattern.length;
    const t = matchChunk(pattern, start, end, name, n);
    if (t >= 0 && (t === name.length || !last)) {
      n = t;
      continue;
    }
    if (star) {
      // Let the star swallow one more byte at a time, never a "/".
      for (let i = n; i < name.length && name[i] !== SLASH; i++) {
        const u = matchChunk(pattern, start, end, name, i + 1);
        if (u >= 0) {
          if (last && u < name.length) continue;
          n = u;
          continue nextChunk;
        }
      }
    }
    // Not a match: the rest of the pattern must still be well formed.
    while (p < pattern.length) {
      const next = scanChunk(pattern, p);
      p = next.end;
      matchChunk(pattern, next.start, next.end, new Uint8Array(0), 0);
    }
    return false;
  }
  return n === name.length;
}

/**
 * Matches `name` against `pattern` as Go's `path.Match`. Case-sensitive: lowercase both sides first
 * for a case-insensitive match (see {@link goToLower}).
 */
export function pathMatch(pattern: string, name: string): PathMatchResult {
  try {
    return matchBytes(encoder.encode(pattern), encoder.encode(name)) ? 'match' : 'no-match';
  } catch (error) {
    if (error instanceof BadPattern) return 'bad-pattern';
    throw error;
  }
}

/**
 * Lowercases text as Go's `strings.ToLower`: character by character with the simple Unicode mapping.
 * Unlike `String.prototype.toLowerCase` it never looks at neighbouring characters (a final capital sigma
 * becomes "σ", not "ς") and maps "İ" (U+0130) to plain "i".
 */
export function goToLower(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\u0130') out += 'i';
    else out += ch.toLowerCase();
  }
  return out;
}
