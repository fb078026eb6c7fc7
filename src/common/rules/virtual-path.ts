/**
 * Small helpers over clean virtual paths (what clients see: POSIX, absolute, no `.`/`..` elements, no
 * trailing slash except for "/" itself). Every rule in this folder takes paths in that form; the
 * `Connection` cleans client input before asking.
 */

/** The parent directory of a clean virtual path, as Go's `path.Dir`: "/a/b" → "/a", "/a" → "/", "/" → "/". */
export function parentDir(virtualPath: string): string {
  const slash = virtualPath.lastIndexOf('/');
  if (slash <= 0) return '/';
  return virtualPath.slice(0, slash);
}

/** The last element of a clean virtual path, as Go's `path.Base`: "/a/b" → "b", "/" → "/". */
export function baseName(virtualPath: string): string {
  if (virtualPath === '/') return '/';
  return virtualPath.slice(virtualPath.lastIndexOf('/') + 1);
}

/** Joins a clean directory and an entry name: ("/", "a") → "/a", ("/a", "b") → "/a/b". */
export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/**
 * The path itself and every directory above it, most specific first:
 * "/1/2/3" → ["/1/2/3", "/1/2", "/1", "/"]. This is the order in which per-directory settings
 * (permissions, file patterns, virtual folders) are looked up: the first hit wins.
 */
export function dirsForPath(virtualPath: string): string[] {
  const dirs = [virtualPath];
  let current = virtualPath;
  while (current !== '/') {
    current = parentDir(current);
    dirs.push(current);
  }
  return dirs;
}

/**
 * True when `inner` is `outer` or lies below it, element by element: "/a/b" is inside "/a", "/ab" is not.
 * Everything is inside "/".
 */
export function isInsideOrEqual(inner: string, outer: string): boolean {
  if (inner === outer || outer === '/') return true;
  return inner.startsWith(`${outer}/`);
}

/** True when `inner` lies strictly below `outer` ("/a/b" below "/a"; "/a" is not below itself). */
export function isStrictlyInside(inner: string, outer: string): boolean {
  return inner !== outer && isInsideOrEqual(inner, outer);
}

/**
 * True when two directories overlap: they are equal or one contains the other. Renaming or copying a
 * directory onto an overlapping one is refused.
 */
export function pathsOverlap(a: string, b: string): boolean {
  return isInsideOrEqual(a, b) || isInsideOrEqual(b, a);
}
