const typeMask = 0o170000;
const directory = 0o040000;
const symlink = 0o120000;
const blockDevice = 0o060000;
const charDevice = 0o020000;
const namedPipe = 0o010000;
const socket = 0o140000;

// SFTPGo prints modes with Go's `FileMode.String()`: one letter per special bit, in Go's fixed
// order (those a Unix mode can carry: d L D p S u g c t), or `-` when none is set, then rwx.
const letters: readonly (readonly [string, (mode: number) => boolean])[] = [
  ['d', (m) => (m & typeMask) === directory],
  ['L', (m) => (m & typeMask) === symlink],
  ['D', (m) => (m & typeMask) === blockDevice || (m & typeMask) === charDevice],
  ['p', (m) => (m & typeMask) === namedPipe],
  ['S', (m) => (m & typeMask) === socket],
  ['u', (m) => (m & 0o4000) !== 0],
  ['g', (m) => (m & 0o2000) !== 0],
  ['c', (m) => (m & typeMask) === charDevice],
  ['t', (m) => (m & 0o1000) !== 0],
];

/**
 * Formats a Unix mode (permission bits, optionally with type and setuid/setgid/sticky bits) the
 * way SFTPGo's command records show it in `filemode`: `-rw-r--r--`, `drwxr-xr-x`,
 * `urwxr-xr-x` (setuid), `trwxrwxrwx` (sticky)…
 */
export function formatFileMode(mode: number): string {
  let out = '';
  for (const [letter, isSet] of letters) {
    if (isSet(mode)) out += letter;
  }
  if (out === '') out = '-';
  const rwx = 'rwxrwxrwx';
  for (let bit = 0; bit < 9; bit++) {
    out += (mode & (1 << (8 - bit))) !== 0 ? rwx[bit] : '-';
  }
  return out;
}
