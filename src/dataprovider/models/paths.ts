/**
 * Path cleaning as SFTPGo does it. Virtual paths (what clients see) are always POSIX and rooted at "/";
 * filesystem paths (home directories, mapped paths) follow the host's rules.
 */
import path from 'node:path';

/**
 * Lexically cleans a slash-separated path the way Go's `path.Clean` does: repeated slashes and `.`
 * elements go, `..` removes the element before it (never climbing above the root), a trailing slash
 * goes, and the empty path becomes `.`.
 */
export function cleanSlashPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/**
 * Cleans a virtual path as SFTPGo's `CleanPath`: backslashes become slashes, a relative path is taken
 * from "/", and the result is cleaned. Always starts with "/".
 */
export function cleanVirtualPath(p: string): string {
  const slashed = p.replaceAll('\\', '/');
  return cleanSlashPath(slashed.startsWith('/') ? slashed : `/${slashed}`);
}

/** Cleans a filesystem path with the host's rules and drops any trailing separator (except on a root). */
export function cleanFsPath(p: string): string {
  if (p === '') return '.';
  const normalized = path.normalize(p);
  const root = path.parse(normalized).root;
  let end = normalized.length;
  while (end > root.length && normalized[end - 1] === path.sep) end--;
  return normalized.slice(0, end);
}

/** True when the filesystem path is absolute on this host. */
export function isAbsoluteFsPath(p: string): boolean {
  return path.isAbsolute(p);
}

/** Joins filesystem path elements with the host's separator. */
export function joinFsPath(...parts: string[]): string {
  return path.join(...parts);
}
