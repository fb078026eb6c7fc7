/**
 * Virtual paths: what a client sees ("/dir/file"), always absolute, `/`-separated, with no `.`, `..`,
 * empty or trailing components once cleaned. Cleaning is purely lexical: it never looks at the disk, so
 * it cannot follow a symbolic link; backends check links themselves (see `LocalFs`).
 *
 * Nothing is decoded: `%2e%2e` is a file name of six characters, a backslash is an ordinary character,
 * and so are fullwidth dots (U+FF0E) and every other Unicode character. Only `/` separates names.
 */
import { FsInvalidPathError } from './errors.js';

/** The longest virtual path accepted, in UTF-8 bytes (Linux's PATH_MAX). */
export const MAX_VIRTUAL_PATH_BYTES = 4096;

/** The longest single name accepted, in UTF-8 bytes (NAME_MAX of common filesystems). */
export const MAX_NAME_BYTES = 255;

// In a `u` regular expression a well-formed surrogate pair is one code point, so this matches only
// surrogates that stand alone: text that has no UTF-8 form.
const LONE_SURROGATE = /\p{Surrogate}/u;

function invalid(virtualPath: string, reason: string): FsInvalidPathError {
  // The path itself may be huge or contain NUL: show a bounded, escaped prefix only.
  const shown = virtualPath.length > 80 ? `${virtualPath.slice(0, 80)}...` : virtualPath;
  return new FsInvalidPathError(`invalid path ${JSON.stringify(shown)}: ${reason}`, {
    op: 'clean',
    virtualPath: shown,
  });
}

/**
 * Checks text that is about to become a path, or a symbolic link's target: no NUL, no lone surrogate,
 * at most {@link MAX_VIRTUAL_PATH_BYTES} bytes.
 * @throws {FsInvalidPathError} naming what is wrong.
 */
export function checkPathText(text: string): void {
  if (text.includes('\0')) throw invalid(text, 'it contains a NUL character');
  if (LONE_SURROGATE.test(text)) throw invalid(text, 'it is not valid Unicode (lone surrogate)');
  if (Buffer.byteLength(text, 'utf8') > MAX_VIRTUAL_PATH_BYTES) {
    throw invalid(text, `it is longer than ${MAX_VIRTUAL_PATH_BYTES} bytes`);
  }
}

/**
 * Checks one name (a path component).
 * @throws {FsInvalidPathError} when it is longer than {@link MAX_NAME_BYTES} bytes.
 */
export function checkName(name: string, virtualPath: string): void {
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) {
    throw invalid(
      virtualPath,
      `the name ${JSON.stringify(name.slice(0, 40))}... is longer than ${MAX_NAME_BYTES} bytes`,
    );
  }
}

/**
 * Cleans a client's path: a relative path is taken relative to `base` (a clean virtual path, `/` by
 * default); runs of `/` collapse; `.` is dropped; `..` removes the previous name and never climbs above
 * `/`; a trailing `/` is dropped. The result is absolute, and `/` for the root.
 *
 * @example cleanVirtualPath('a//b/../c/') === '/a/c'; cleanVirtualPath('../../etc') === '/etc'
 * @throws {FsInvalidPathError} when `virtualPath` (or `base`) contains NUL or a lone surrogate, is longer
 *   than {@link MAX_VIRTUAL_PATH_BYTES} bytes (before or after joining), or has a name longer than
 *   {@link MAX_NAME_BYTES} bytes.
 */
export function cleanVirtualPath(virtualPath: string, base = '/'): string {
  checkPathText(virtualPath);
  let joined = virtualPath;
  if (!virtualPath.startsWith('/')) {
    checkPathText(base);
    joined = `${base}/${virtualPath}`;
  }
  const names: string[] = [];
  for (const name of joined.split('/')) {
    if (name === '' || name === '.') continue;
    if (name === '..') {
      names.pop();
      continue;
    }
    checkName(name, virtualPath);
    names.push(name);
  }
  const cleaned = `/${names.join('/')}`;
  if (Buffer.byteLength(cleaned, 'utf8') > MAX_VIRTUAL_PATH_BYTES) {
    throw invalid(cleaned, `it is longer than ${MAX_VIRTUAL_PATH_BYTES} bytes`);
  }
  return cleaned;
}

/**
 * Decodes a path received as bytes (SFTP and FTP send bytes) as strict UTF-8.
 * @throws {FsInvalidPathError} when the bytes are not valid UTF-8.
 */
export function virtualPathFromBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    throw new FsInvalidPathError('invalid path: it is not valid UTF-8', { op: 'clean', cause: err });
  }
}

/** The names of a clean virtual path: `/a/b` gives `['a', 'b']`, `/` gives `[]`. */
export function virtualPathNames(cleanPath: string): string[] {
  return cleanPath === '/' ? [] : cleanPath.slice(1).split('/');
}

/** The clean virtual path made of `names`: the inverse of {@link virtualPathNames}. */
export function virtualPathFromNames(names: readonly string[]): string {
  return `/${names.join('/')}`;
}

/**
 * Whether the clean virtual path `virtualPath` is `ancestor` or lies below it, comparing whole names
 * (`/data2` is not within `/data`).
 */
export function isVirtualPathWithin(ancestor: string, virtualPath: string): boolean {
  if (ancestor === '/') return true;
  return virtualPath === ancestor || virtualPath.startsWith(`${ancestor}/`);
}
