// Every refusal reaches an SFTP client with the right status code: the real SSH server and session,
// the ssh2 client, one user per missing permission.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenMode, SFTPWrapper } from 'ssh2';
import { PERMISSIONS } from '../../src/dataprovider/models/permissions.js';
import { StatusCode as S } from '../../src/sftpd/protocol/index.js';
import { call, startSftp } from './sftp-e2e.js';

// Every permission but `*` (all) and `copy` (the sftpgo-copy command, not an SFTP request).
type Permission = Exclude<(typeof PERMISSIONS)[number], '*' | 'copy'>;
const ALL = PERMISSIONS.filter((p): p is Permission => p !== '*' && p !== 'copy');

/** What a user lacking the permissions may no longer do, and what it still may (the check's control). */
interface Case {
  readonly lacks: readonly Permission[];
  readonly denied: readonly ((s: SFTPWrapper) => Promise<unknown>)[];
  readonly allowed?: readonly ((s: SFTPWrapper) => Promise<unknown>)[];
}

const open = (s: SFTPWrapper, path: string, flags: OpenMode) =>
  call<Buffer>((cb) => s.open(path, flags, cb)).then((h) => call((cb) => s.close(h, cb)));
const unlink = (path: string) => (s: SFTPWrapper) => call((cb) => s.unlink(path, cb));
const rmdir = (path: string) => (s: SFTPWrapper) => call((cb) => s.rmdir(path, cb));
const rename = (from: string, to: string) => (s: SFTPWrapper) => call((cb) => s.rename(from, to, cb));

const CASES: readonly Case[] = [
  {
    lacks: ['list'],
    denied: [(s) => call((cb) => s.readdir('/d', cb)), (s) => call((cb) => s.stat('/f.txt', cb))],
  },
  { lacks: ['download'], denied: [(s) => open(s, '/f.txt', 'r')] },
  { lacks: ['upload'], denied: [(s) => open(s, '/new.txt', 'w')], allowed: [(s) => open(s, '/f.txt', 'w')] },
  { lacks: ['overwrite'], denied: [(s) => open(s, '/f.txt', 'w')], allowed: [(s) => open(s, '/n.txt', 'w')] },
  { lacks: ['delete', 'delete_files', 'delete_dirs'], denied: [unlink('/f.txt'), rmdir('/e')] },
  { lacks: ['delete', 'delete_files'], denied: [unlink('/f.txt')], allowed: [rmdir('/e')] },
  { lacks: ['delete', 'delete_dirs'], denied: [rmdir('/e')], allowed: [unlink('/f.txt')] },
  {
    lacks: ['rename', 'rename_files', 'rename_dirs'],
    denied: [rename('/f.txt', '/g.txt'), rename('/e', '/e2')],
  },
  { lacks: ['rename', 'rename_files'], denied: [rename('/f.txt', '/g.txt')], allowed: [rename('/e', '/e2')] },
  { lacks: ['rename', 'rename_dirs'], denied: [rename('/e', '/e2')], allowed: [rename('/f.txt', '/g.txt')] },
  { lacks: ['create_dirs'], denied: [(s) => call((cb) => s.mkdir('/m', cb))] },
  {
    lacks: ['create_symlinks'],
    denied: [
      (s) => call((cb) => s.symlink('/f.txt', '/l', cb)),
      (s) => call((cb) => s.ext_openssh_hardlink('/f.txt', '/hl', cb)),
    ],
  },
  { lacks: ['chmod'], denied: [(s) => call((cb) => s.chmod('/f.txt', 0o600, cb))] },
  { lacks: ['chown'], denied: [(s) => call((cb) => s.chown('/f.txt', 1000, 1000, cb))] },
  { lacks: ['chtimes'], denied: [(s) => call((cb) => s.utimes('/f.txt', 1000, 1000, cb))] },
];

async function rejectsWithCode(p: Promise<unknown>, code: number, what: string): Promise<void> {
  await assert.rejects(p, (err: Error & { code?: unknown }) => {
    assert.equal(err.code, code, `${what}: ${err.message}`);
    return true;
  });
}

test('a missing permission is SSH_FX_PERMISSION_DENIED on the matching request', async (t) => {
  const e2e = await startSftp(t);
  for (const [i, c] of CASES.entries()) {
    const username = `user${i}`;
    const user = await e2e.user({
      username,
      permissions: { '/': ALL.filter((p) => !c.lacks.includes(p)) },
    });
    await mkdir(join(user.home_dir, 'd'), { recursive: true });
    await mkdir(join(user.home_dir, 'e'));
    await writeFile(join(user.home_dir, 'f.txt'), 'data');
    const sftp = await e2e.ssh2(t, username);
    for (const [j, op] of c.denied.entries()) {
      await rejectsWithCode(op(sftp), S.PERMISSION_DENIED, `without ${c.lacks.join('+')} #${j}`);
    }
    for (const op of c.allowed ?? []) await op(sftp);
  }
});

test('patterns, missing files, quotas and unsupported requests get their status codes', async (t) => {
  const e2e = await startSftp(t);
  const user = await e2e.user({
    quota_size: 100,
    filters: {
      file_patterns: [
        { path: '/', denied_patterns: ['*.exe'], deny_policy: 0 },
        { path: '/h', denied_patterns: ['*.hidden'], deny_policy: 1 },
      ],
    },
  });
  await mkdir(join(user.home_dir, 'h'), { recursive: true });
  await writeFile(join(user.home_dir, 'h', 'f.hidden'), 'x');
  const sftp = await e2e.ssh2(t, 'alice');
  await rejectsWithCode(open(sftp, '/a.exe', 'w'), S.PERMISSION_DENIED, 'denied pattern');
  await rejectsWithCode(open(sftp, '/h/f.hidden', 'r'), S.NO_SUCH_FILE, 'hidden pattern');
  await rejectsWithCode(
    call((cb) => sftp.stat('/missing', cb)),
    S.NO_SUCH_FILE,
    'stat missing',
  );
  await rejectsWithCode(open(sftp, '/missing', 'r'), S.NO_SUCH_FILE, 'open missing');
  await rejectsWithCode(
    call((cb) => sftp.unlink('/missing', cb)),
    S.NO_SUCH_FILE,
    'remove missing',
  );
  await rejectsWithCode(
    call((cb) => sftp.mkdir('/h/new.hidden', cb)),
    S.PERMISSION_DENIED,
    'mkdir of a hidden name',
  );

  const handle = await call<Buffer>((cb) => sftp.open('/big.bin', 'w', cb));
  const quota = call((cb) => sftp.write(handle, Buffer.alloc(200), 0, 200, 0, cb));
  await assert.rejects(quota, (err: Error & { code?: unknown }) => {
    assert.equal(err.code, S.FAILURE);
    assert.match(err.message, /^failure: denying write due to space limit/);
    return true;
  });
  await call((cb) => sftp.close(handle, cb)).catch(() => undefined);

  const raw = await e2e.raw(t, 'alice');
  const unknown = await raw.request(200, Buffer.from([0, 0, 0, 4]), Buffer.from('nope'));
  assert.equal(unknown.body.readUInt32BE(0), S.OP_UNSUPPORTED);
});

test('the data transfer quota: reads refused with SFTPGo message', async (t) => {
  const e2e = await startSftp(t);
  const user = await e2e.user({ download_data_transfer: 1 });
  await mkdir(user.home_dir, { recursive: true });
  await writeFile(join(user.home_dir, 'f.bin'), Buffer.alloc(2 * 1024 * 1024));
  const sftp = await e2e.ssh2(t, 'alice');
  const local = join(e2e.h.dir, 'down.bin');
  await assert.rejects(
    call((cb) => sftp.fastGet('/f.bin', local, cb)),
    (err: Error & { code?: unknown }) => {
      assert.equal(err.code, S.FAILURE);
      assert.match(err.message, /denying read due to quota limit/);
      return true;
    },
  );
});
