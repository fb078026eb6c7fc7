// A user's root full of hostile symbolic links, next to "outside" directories holding canaries that no
// operation through the backend may read, list, modify or delete.
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** The text of every canary file: a read that returns it has escaped the root. */
export const CANARY_MARK = 'CANARY-';

// atime older than mtime: under relatime (the usual mount option) any read of these files or listing
// of these directories moves atime, and the snapshot sees it. lstat does not move it.
const CANARY_ATIME = new Date('2000-01-01T00:00:00Z');
const CANARY_MTIME = new Date('2001-02-03T04:05:06Z');

/** Directories and files outside the root, with modes no object inside the root has. */
const OUTSIDE_DIRS: readonly (readonly [string, number])[] = [
  ['outside', 0o751],
  ['outside/sub', 0o753],
  ['home-evil', 0o715],
];
const OUTSIDE_FILES: readonly (readonly [string, number, string])[] = [
  ['outside/secret.txt', 0o604, `${CANARY_MARK}SECRET-${'s'.repeat(997)}`],
  ['outside/sub/canary-inner.txt', 0o606, `${CANARY_MARK}INNER-${'i'.repeat(501)}`],
  ['home-evil/evil.txt', 0o607, `${CANARY_MARK}EVIL-${'e'.repeat(333)}`],
];

/** Host paths whose metadata must never come back from a `stat` through the backend. */
export function forbiddenHostPaths(base: string): string[] {
  return [
    base,
    ...OUTSIDE_DIRS.map(([rel]) => join(base, rel)),
    ...OUTSIDE_FILES.map(([rel]) => join(base, rel)),
    '/',
    '/etc',
    '/etc/passwd',
  ];
}

/** Creates the canary directories beside the root (once per suite). */
export function buildOutside(base: string): void {
  for (const [rel] of OUTSIDE_DIRS) mkdirSync(join(base, rel), { recursive: true });
  for (const [rel, mode, text] of OUTSIDE_FILES) {
    writeFileSync(join(base, rel), text);
    chmodSync(join(base, rel), mode);
    utimesSync(join(base, rel), CANARY_ATIME, CANARY_MTIME);
  }
  for (const [rel, mode] of [...OUTSIDE_DIRS].reverse()) {
    chmodSync(join(base, rel), mode);
    utimesSync(join(base, rel), CANARY_ATIME, CANARY_MTIME);
  }
}

/** The names of every entry of the fixture root, so that a listing can be told from an outside one. */
export const HOME_NAMES = new Set<string>();

/** (Re)builds the root `base/home` with its hostile links; `base/home-alias` is a link to it. */
export function buildHome(base: string): string {
  const home = join(base, 'home');
  rmSync(home, { recursive: true, force: true });
  const files: readonly (readonly [string, string])[] = [
    ['file.txt', 'inside-file'],
    ['dir/inside-inner.txt', 'inside-inner'],
  ];
  const dirs = ['dir/deep', 'empty'];
  const links: readonly (readonly [string, string])[] = [
    ['link-file', 'file.txt'],
    ['link-dir', 'dir'],
    ['abs-inside', join(home, 'file.txt')],
    ['abs-inside-alias', join(base, 'home-alias', 'dir')],
    ['esc-abs', join(base, 'outside')],
    ['esc-rel', '../outside'],
    ['esc-file', join(base, 'outside/secret.txt')],
    ['esc-file-rel', '../outside/secret.txt'],
    ['esc-root', '/'],
    ['esc-evil', join(base, 'home-evil/evil.txt')],
    ['esc-evil-dir', '../home-evil'],
    ['esc-sub', join(base, 'outside/sub')],
    ['esc-dotdot-back', '../home/file.txt'],
    ['chain1', 'chain2'],
    ['chain2', 'chain3'],
    ['chain3', 'esc-abs'],
    ['chain-in1', 'chain-in2'],
    ['chain-in2', 'file.txt'],
    ['loop-self', 'loop-self'],
    ['loopA', 'loopB'],
    ['loopB', 'loopA'],
    ['dir/up', '..'],
    ['dir/upup', '../..'],
    ['dir/deep/upupup', '../../..'],
    ['dangling-out', join(base, 'outside/created-by-attack.txt')],
    ['dangling-out-rel', '../outside/created-rel.txt'],
    ['dangling-out-dir', join(base, 'outside/newdir/x')],
    ['dangling-in', 'missing.txt'],
  ];
  for (const dir of dirs) mkdirSync(join(home, dir), { recursive: true });
  for (const [rel, text] of files) writeFileSync(join(home, rel), text);
  for (const [rel, target] of links) symlinkSync(target, join(home, rel));
  if (HOME_NAMES.size === 0) {
    for (const rel of [...dirs, ...files.map(([r]) => r), ...links.map(([r]) => r)]) {
      for (const name of rel.split('/')) HOME_NAMES.add(name);
    }
  }
  return home;
}

/** Makes `base/home-alias`, a link to the root, which the backend is given as its root. */
export function buildHomeAlias(base: string): string {
  const alias = join(base, 'home-alias');
  symlinkSync('home', alias);
  return alias;
}

/**
 * Everything that could show an escape, read without disturbing it: metadata (atime included) of every
 * canary, the names in the base directory and in the host's root, and /etc/passwd's metadata.
 */
export function snapshotOutside(base: string): string {
  const lines: string[] = [];
  for (const [rel] of [...OUTSIDE_DIRS, ...OUTSIDE_FILES]) {
    const s = lstatSync(join(base, rel), { throwIfNoEntry: false });
    if (s === undefined) {
      lines.push(`${rel} MISSING`);
      continue;
    }
    lines.push(
      `${rel} ${s.mode} ${s.uid}:${s.gid} ${s.size} ${s.nlink} a${s.atimeMs} m${s.mtimeMs} c${s.ctimeMs}`,
    );
  }
  lines.push(`base: ${readdirSync(base).sort().join(',')}`);
  lines.push(`outside: size ${lstatSync(join(base, 'outside')).size}`);
  lines.push(`/: ${readdirSync('/').sort().join(',')}`);
  const passwd = lstatSync('/etc/passwd');
  lines.push(`/etc/passwd ${passwd.mode} ${passwd.size} m${passwd.mtimeMs} c${passwd.ctimeMs}`);
  return lines.join('\n');
}

/** Everything under the root, links not followed: to tell whether an operation changed anything in it. */
export function snapshotTree(dir: string, rel = ''): string {
  const s = lstatSync(join(dir, rel));
  let line = `${rel || '.'} ${s.mode} ${s.uid}:${s.gid} ${s.size} m${s.mtimeMs} c${s.ctimeMs}`;
  if (s.isSymbolicLink()) line += ` -> ${readlinkSync(join(dir, rel))}`;
  if (s.isFile()) line += ` = ${readFileSync(join(dir, rel), 'utf8')}`;
  if (!s.isDirectory()) return line;
  const children = readdirSync(join(dir, rel)).sort();
  return [line, ...children.map((name) => snapshotTree(dir, rel === '' ? name : `${rel}/${name}`))].join(
    '\n',
  );
}

/** The canary files' contents, to compare at the very end (this read moves their atime). */
export function canaryContents(base: string): string[] {
  return OUTSIDE_FILES.map(([rel]) => readFileSync(join(base, rel), 'utf8'));
}

/** The expected canary contents. */
export const CANARY_TEXTS: readonly string[] = OUTSIDE_FILES.map(([, , text]) => text);

/** Names a listing must never return: those outside the root, in the base and in the host's root. */
export function forbiddenNames(base: string): Set<string> {
  const names = new Set<string>(['secret.txt', 'sub', 'canary-inner.txt', 'evil.txt', ...readdirSync('/')]);
  for (const name of readdirSync(base)) names.add(name);
  return names;
}

/** Whether this filesystem updates atime on reads (relatime or strictatime), so atime checks mean something. */
export function atimeIsTracked(base: string): boolean {
  const probe = join(base, 'atime-probe');
  writeFileSync(probe, 'x');
  utimesSync(probe, CANARY_ATIME, CANARY_MTIME);
  readFileSync(probe);
  const tracked = lstatSync(probe).atimeMs !== CANARY_ATIME.getTime();
  rmSync(probe);
  return tracked;
}
