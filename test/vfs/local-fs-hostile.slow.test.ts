// Every operation of the local backend against a table of hostile paths: each either works strictly
// inside the root or fails with a typed storage error, and the canaries outside the root are never
// read, listed, written, modified or deleted. The root is rebuilt after every operation that changed
// it, so that each operation meets the same hostile fixture.
import assert from 'node:assert/strict';
import { existsSync, lstatSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FsError, LocalFs, cleanVirtualPath } from '../../src/vfs/index.js';
import type { FsFileHandle, FsOpenFlags, FsStats } from '../../src/vfs/index.js';
import {
  CANARY_MARK,
  CANARY_TEXTS,
  HOME_NAMES,
  atimeIsTracked,
  buildHome,
  buildHomeAlias,
  buildOutside,
  canaryContents,
  forbiddenHostPaths,
  forbiddenNames,
  snapshotOutside,
  snapshotTree,
} from './hostile-fixture.js';

/** `..` inserted 1 to 3 times at every position of a path. */
function dotDotEverywhere(names: readonly string[]): string[] {
  const out: string[] = [];
  for (let at = 0; at <= names.length; at++) {
    for (let count = 1; count <= 3; count++) {
      const parts = [...names.slice(0, at), ...Array<string>(count).fill('..'), ...names.slice(at)];
      out.push(parts.join('/'), `/${parts.join('/')}`);
    }
  }
  return out;
}

function hostilePaths(base: string): string[] {
  const paths = [
    // plain traversal
    '..',
    '../',
    '/..',
    '/../',
    '../..',
    '../../..',
    '/../../..',
    '../../etc/passwd',
    '/../../etc/passwd',
    '../outside/secret.txt',
    '/../outside/secret.txt',
    '../../outside/secret.txt',
    '..//outside//secret.txt',
    '/..//..//outside',
    '.././../outside',
    '/./../outside/secret.txt',
    '../home-evil/evil.txt',
    '../home/file.txt',
    'dir/../../outside/secret.txt',
    `dir/../../../${base.split('/').slice(1).join('/')}/outside/secret.txt`,
    ...dotDotEverywhere(['dir', 'deep', 'x']),
    ...dotDotEverywhere(['esc-abs', 'secret.txt']),
    // host paths used as virtual paths, roots and dots
    `${base}/outside/secret.txt`,
    `${base}/outside`,
    '/etc/passwd',
    '/etc',
    '/',
    '//',
    '///',
    '/./',
    '.',
    './',
    '',
    // trailing slashes and dots on real entries
    'file.txt/',
    'file.txt/.',
    'file.txt/..',
    'dir/',
    'dir/.',
    'dir//inside-inner.txt',
    './dir/./inside-inner.txt',
    'dir/deep/',
    'empty/',
    // encoded forms: literal names, never decoded
    '%2e%2e',
    '%2e%2e/%2e%2e/outside/secret.txt',
    '..%2f..%2foutside%2fsecret.txt',
    '%2e%2e%2f',
    '%252e%252e%252f',
    '..%5c..%5coutside',
    '%c0%ae%c0%ae/%c0%ae%c0%ae',
    '%00',
    'file.txt%00.jpg',
    // backslashes: literal on POSIX
    '..\\..\\outside\\secret.txt',
    '\\..\\outside',
    'dir\\..\\..\\outside',
    '\\\\server\\share',
    'C:\\Windows',
    'C:/Windows',
    // NUL bytes
    'file.txt\0',
    '\0',
    '\0/../..',
    '../\0',
    'dir/\0/inside-inner.txt',
    'esc-abs\0/secret.txt',
    // overlong names and paths
    'a'.repeat(255),
    'a'.repeat(256),
    'é'.repeat(128),
    `${'x'.repeat(255)}/`.repeat(17),
    `/${'a/'.repeat(2049)}`,
    `${'../'.repeat(2000)}outside/secret.txt`,
    // unicode tricks: literal names or refused
    '\uD800',
    'a\uDC00b',
    '\uDFFF\uD800',
    '．．/．．/outside/secret.txt',
    '．．',
    '\u2024\u2024/outside',
    '..\u200B/outside',
    '\u202E..',
    '\uFE52\uFE52/outside',
    'e\u0301sc-abs/secret.txt',
    // symbolic links out of the root: absolute, relative, chains, loops, through `..`, to `/`
    'esc-abs',
    'esc-abs/',
    'esc-abs/secret.txt',
    'esc-abs/sub',
    'esc-abs/sub/canary-inner.txt',
    'esc-abs/new.txt',
    'esc-abs/newdir/x',
    'esc-rel',
    'esc-rel/secret.txt',
    'esc-rel/new.txt',
    'esc-file',
    'esc-file-rel',
    'esc-root',
    'esc-root/',
    'esc-root/etc/passwd',
    'esc-root/tmp',
    'esc-evil',
    'esc-evil-dir',
    'esc-evil-dir/evil.txt',
    'esc-sub/../secret.txt',
    'esc-sub/..',
    'esc-sub/../../home/file.txt',
    'esc-dotdot-back',
    'chain1',
    'chain1/secret.txt',
    'chain2/sub',
    'loop-self',
    'loop-self/x',
    'loopA',
    'loopA/x',
    'loopB/../file.txt',
    'dir/up',
    'dir/up/file.txt',
    'dir/up/..',
    'dir/up/../outside/secret.txt',
    'dir/upup',
    'dir/upup/outside/secret.txt',
    'dir/deep/upupup',
    'dir/deep/upupup/outside',
    'dangling-out',
    'dangling-out-rel',
    'dangling-out-dir',
    'dangling-in',
    'link-dir/../esc-abs/secret.txt',
    'link-dir/../../outside',
    'abs-inside',
    'abs-inside-alias',
    'abs-inside-alias/inside-inner.txt',
    'chain-in1',
    'link-file',
    'link-file/',
    'link-file/x',
  ];
  return [...new Set(paths)];
}

interface Op {
  readonly name: string;
  /** Whether a success must show in the root's tree. */
  readonly mutates: boolean;
  run(fs: LocalFs, virtualPath: string): Promise<unknown>;
}

async function readAll(handle: FsFileHandle): Promise<string> {
  const chunks: Buffer[] = [];
  let position = 0;
  for (;;) {
    const buffer = Buffer.alloc(4096);
    const n = await handle.read(buffer, 0, buffer.length, position);
    if (n === 0) return Buffer.concat(chunks).toString('utf8');
    chunks.push(buffer.subarray(0, n));
    position += n;
  }
}

async function openAndRead(fs: LocalFs, virtualPath: string): Promise<string> {
  const handle = await fs.open(virtualPath, { read: true });
  try {
    return await readAll(handle);
  } finally {
    await handle.close();
  }
}

async function openAndWrite(fs: LocalFs, virtualPath: string, flags: FsOpenFlags): Promise<void> {
  const handle = await fs.open(virtualPath, flags);
  try {
    await handle.write(Buffer.from('PWNED'), 0, 5, 0);
  } finally {
    await handle.close();
  }
}

async function listAll(fs: LocalFs, virtualPath: string): Promise<string[]> {
  const lister = await fs.readdir(virtualPath);
  const names: string[] = [];
  for (;;) {
    const page = await lister.next(3);
    assert.ok(page.length <= 3);
    if (page.length === 0) return names;
    names.push(...page.map((entry) => entry.name));
  }
}

const uid = process.getuid?.() ?? 0;
// As root, chown to ids nobody uses, so that an escaped chown would show in the snapshot.
const chownIds = uid === 0 ? [12345, 12345] : [uid, process.getgid?.() ?? 0];

const OPS: readonly Op[] = [
  { name: 'stat', mutates: false, run: (fs, p) => fs.stat(p) },
  { name: 'lstat', mutates: false, run: (fs, p) => fs.lstat(p) },
  { name: 'open read', mutates: false, run: openAndRead },
  { name: 'open write', mutates: true, run: (fs, p) => openAndWrite(fs, p, { write: true }) },
  { name: 'open create', mutates: true, run: (fs, p) => openAndWrite(fs, p, { write: true, create: true }) },
  {
    name: 'open create truncate',
    mutates: true,
    run: (fs, p) => openAndWrite(fs, p, { write: true, create: true, truncate: true }),
  },
  {
    name: 'open create exclusive',
    mutates: true,
    run: (fs, p) => openAndWrite(fs, p, { write: true, create: true, exclusive: true }),
  },
  { name: 'open append', mutates: true, run: (fs, p) => openAndWrite(fs, p, { write: true, append: true }) },
  { name: 'readdir', mutates: false, run: listAll },
  { name: 'mkdir', mutates: true, run: (fs, p) => fs.mkdir(p, 0o755) },
  { name: 'rename from', mutates: true, run: (fs, p) => fs.rename(p, '/renamed-target') },
  { name: 'rename to', mutates: true, run: (fs, p) => fs.rename('/file.txt', p) },
  { name: 'remove', mutates: true, run: (fs, p) => fs.remove(p) },
  { name: 'rmdir', mutates: true, run: (fs, p) => fs.rmdir(p) },
  { name: 'symlink at', mutates: true, run: (fs, p) => fs.symlink('file.txt', p) },
  {
    name: 'symlink to',
    mutates: true,
    run: async (fs, p) => {
      await fs.symlink(p, '/new-link');
      // Whatever the new link points to must read as inside (or fail typed).
      let stats: FsStats;
      try {
        stats = await fs.stat('/new-link');
      } catch (err) {
        return err;
      }
      return stats.kind === 'directory' ? listAll(fs, '/new-link') : openAndRead(fs, '/new-link');
    },
  },
  { name: 'readlink', mutates: false, run: (fs, p) => fs.readlink(p) },
  { name: 'realpath', mutates: false, run: (fs, p) => fs.realpath(p) },
  { name: 'chmod', mutates: true, run: (fs, p) => fs.chmod(p, 0o700) },
  { name: 'chown', mutates: true, run: (fs, p) => fs.chown(p, chownIds[0] as number, chownIds[1] as number) },
  {
    name: 'chtimes',
    mutates: true,
    run: (fs, p) => fs.chtimes(p, new Date('1999-01-01T00:00:00Z'), new Date('1999-06-01T00:00:00Z')),
  },
  { name: 'truncate', mutates: true, run: (fs, p) => fs.truncate(p, 0) },
  { name: 'statvfs', mutates: false, run: (fs, p) => fs.statvfs(p) },
  { name: 'copy from', mutates: true, run: (fs, p) => fs.copyFile(p, '/copy-target') },
  { name: 'copy to', mutates: true, run: (fs, p) => fs.copyFile('/file.txt', p) },
];

function statsKey(kind: string, size: number, mode: number, mtime: Date): string {
  return `${kind}:${size}:${mode}:${mtime.getTime()}`;
}

/** What a successful result must not contain: canary text, host names, host paths, outside metadata. */
function checkResult(
  result: unknown,
  virtualPath: string,
  forbidden: { names: Set<string>; stats: Set<string>; base: string },
): string[] {
  const problems: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.includes(CANARY_MARK)) problems.push('returned canary content');
      if (value.includes('root:x:0:0')) problems.push('returned /etc/passwd content');
      // A host path given as a virtual path comes back cleaned: that is an echo, not a leak.
      const echo = value === cleanVirtualPath(virtualPath);
      if (value.includes(forbidden.base) && !echo) problems.push(`returned a host path: ${value}`);
      if (value.startsWith('/') && cleanVirtualPath(value) !== value) problems.push(`unclean path: ${value}`);
    } else if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'string' && forbidden.names.has(item))
          problems.push(`listed outside name ${item}`);
        visit(item);
      }
    } else if (value !== null && typeof value === 'object' && 'kind' in value && 'mtime' in value) {
      const stats = value as FsStats;
      if (forbidden.stats.has(statsKey(stats.kind, stats.size, stats.mode, stats.mtime))) {
        problems.push('returned the metadata of an outside object');
      }
    }
  };
  visit(result);
  return problems;
}

describe('local backend against hostile paths', () => {
  let base: string;
  let fs: LocalFs;
  let outsideBefore: string;
  let forbidden: { names: Set<string>; stats: Set<string>; base: string };
  let paths: string[];

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'sftpgo-vfs-hostile-'));
    buildOutside(base);
    buildHome(base);
    const alias = buildHomeAlias(base);
    fs = await LocalFs.create({ root: alias });
    const stats = new Set<string>();
    for (const hostPath of forbiddenHostPaths(base)) {
      for (const s of [lstatSync(hostPath), statSync(hostPath)]) {
        const kind = s.isFile()
          ? 'file'
          : s.isDirectory()
            ? 'directory'
            : s.isSymbolicLink()
              ? 'symlink'
              : 'other';
        stats.add(statsKey(kind, s.size, s.mode, s.mtime));
      }
    }
    forbidden = { names: forbiddenNames(base), stats, base };
    for (const name of HOME_NAMES)
      assert.ok(!forbidden.names.has(name), `fixture name ${name} is also outside`);
    paths = hostilePaths(base);
    outsideBefore = snapshotOutside(base);
  });

  after(() => rm(base, { recursive: true, force: true }));

  it('has at least 100 distinct hostile paths', () => {
    assert.ok(paths.length >= 100, `only ${paths.length} paths`);
  });

  it('keeps every operation on every hostile path inside the root', async (t) => {
    const failures: string[] = [];
    let refused = 0;
    let succeeded = 0;
    let home = buildHome(base);
    let tree = snapshotTree(home);
    for (const virtualPath of paths) {
      for (const op of OPS) {
        const label = `${op.name} ${JSON.stringify(virtualPath.length > 60 ? `${virtualPath.slice(0, 60)}...` : virtualPath)}`;
        let result: unknown;
        let error: unknown;
        try {
          result = await op.run(fs, virtualPath);
        } catch (err) {
          error = err;
        }
        const treeAfter = snapshotTree(home);
        if (error !== undefined) {
          refused += 1;
          if (!(error instanceof FsError)) failures.push(`${label}: untyped error ${String(error)}`);
          else if (error.code === 'FS_FAILURE')
            failures.push(`${label}: unclassified error ${error.message}`);
        } else {
          succeeded += 1;
          for (const problem of checkResult(result, virtualPath, forbidden))
            failures.push(`${label}: ${problem}`);
          if (result instanceof FsError && result.code === 'FS_FAILURE') {
            failures.push(`${label}: unclassified error on follow-up ${result.message}`);
          }
          // A change that succeeded must be visible inside; if not, it happened somewhere else.
          // Renaming /file.txt onto itself (through `dir/up`) is the one success that changes nothing.
          const renamedOntoItself = op.name === 'rename to' && existsSync(join(home, 'file.txt'));
          if (op.mutates && treeAfter === tree && !renamedOntoItself) {
            failures.push(`${label}: succeeded but changed nothing inside the root`);
          }
        }
        const outsideNow = snapshotOutside(base);
        if (outsideNow !== outsideBefore) {
          assert.fail(`${label}: something outside the root changed:\n${outsideBefore}\n---\n${outsideNow}`);
        }
        // The next operation must meet the fixture as built: rebuild it when this one changed it.
        if (treeAfter !== tree) {
          home = buildHome(base);
          tree = snapshotTree(home);
        }
      }
    }
    t.diagnostic(
      `${paths.length} paths x ${OPS.length} operations: ${succeeded} succeeded inside, ${refused} refused`,
    );
    assert.deepEqual(failures, []);
  });

  it('left the canaries untouched, unread and unlisted after the whole table', (t) => {
    if (!atimeIsTracked(base))
      t.diagnostic('this filesystem does not update atime: reads are checked by content only');
    assert.equal(snapshotOutside(base), outsideBefore);
    assert.deepEqual(canaryContents(base), CANARY_TEXTS);
  });
});
