// The SFTP extensions and the start directory through real clients: OpenSSH `sftp` (pwd, put -f, ln,
// ln -s, cp, df, ls -l), the ssh2 client's extension methods, and raw packets on an SSH channel for the
// requests ssh2 has no method for (check-file, limits), then a client that just leaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PacketType as T, StatusCode as S } from '../../src/sftpd/protocol/index.js';
import { f, handleOf, namesOf, status } from './protocol/harness.js';
import { call, noOpenSsh, startSftp } from './sftp-e2e.js';

test(
  'OpenSSH sftp: starts in the start directory; ln, ln -s, cp, df and ls -l',
  { skip: noOpenSsh, timeout: 60_000 },
  async (t) => {
    const e2e = await startSftp(t);
    const user = await e2e.user({ filters: { start_directory: '/start/dir' } });
    const data = randomBytes(200_000);
    await writeFile(join(e2e.h.dir, 'local.bin'), data);
    const result = await e2e.openssh('alice', [
      'pwd',
      'put local.bin up.bin',
      'put -f local.bin synced.bin',
      'ln up.bin hard.bin',
      'ln -s up.bin soft.bin',
      'cp up.bin copy.bin',
      'ls -l',
      'df /',
      'rename hard.bin renamed.bin',
      'get renamed.bin back.bin',
      'cd ..',
      'pwd',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const start = join(user.home_dir, 'start/dir');
    assert.match(result.stdout, /Remote working directory: \/start\/dir\n/);
    assert.match(result.stdout, /Remote working directory: \/start\n/);
    assert.equal((await stat(join(start, 'renamed.bin'))).ino, (await stat(join(start, 'up.bin'))).ino);
    assert.equal((await stat(join(start, 'up.bin'))).nlink, 2);
    assert.ok((await lstat(join(start, 'soft.bin'))).isSymbolicLink());
    assert.deepEqual(await readFile(join(start, 'copy.bin')), data);
    assert.deepEqual(await readFile(join(start, 'synced.bin')), data);
    // Without the extension (or on its failure) OpenSSH reports it on stderr and goes on.
    assert.doesNotMatch(result.stderr, /fsync/i, 'put -f flushed with fsync@openssh.com');
    assert.deepEqual(await readFile(join(e2e.h.dir, 'back.bin')), data);
    // `ls -l` prints the server's long names as they are.
    assert.match(result.stdout, /^-rw\S+ +2 +\d+ +\d+ +200000 \w{3} [ \d]\d \d\d:\d\d up\.bin$/m);
    assert.match(result.stdout, /^l\S+ +1 .* soft\.bin$/m);
    assert.match(result.stdout, /Size +Used +Avail/);
  },
);

test('ssh2 client: fsync, hardlink, statvfs, fstatvfs, posix-rename, lsetstat, copy-data', async (t) => {
  const e2e = await startSftp(t);
  const user = await e2e.user({ filters: { start_directory: '/in' } });
  const sftp = await e2e.ssh2(t, 'alice');
  assert.equal(await call<string>((cb) => sftp.realpath('.', cb)), '/in');
  const data = randomBytes(500_000);
  const hw = await call<Buffer>((cb) => sftp.open('w.bin', 'w', cb));
  await call((cb) => sftp.write(hw, data, 0, data.length, 0, cb));
  await call((cb) => sftp.ext_openssh_fsync(hw, cb));
  const fvfs = await call<{ f_bsize: number }>((cb) => sftp.ext_openssh_fstatvfs(hw, cb));
  assert.ok(fvfs.f_bsize > 0);
  await call((cb) => sftp.close(hw, cb));
  const home = join(user.home_dir, 'in');
  assert.deepEqual(await readFile(join(home, 'w.bin')), data);

  await call((cb) => sftp.ext_openssh_hardlink('w.bin', 'h.bin', cb));
  assert.equal((await stat(join(home, 'h.bin'))).ino, (await stat(join(home, 'w.bin'))).ino);
  const vfs = await call<{ f_namemax: number }>((cb) => sftp.ext_openssh_statvfs('/', cb));
  assert.equal(vfs.f_namemax, 255);
  await call((cb) => sftp.ext_openssh_rename('h.bin', 'r.bin', cb));
  await call((cb) => sftp.ext_openssh_lsetstat('r.bin', { mode: 0o600 }, cb));
  assert.equal((await stat(join(home, 'r.bin'))).mode & 0o777, 0o600);

  const hs = await call<Buffer>((cb) => sftp.open('w.bin', 'r', cb));
  const hd = await call<Buffer>((cb) => sftp.open('c.bin', 'w', cb));
  await call((cb) => sftp.ext_copy_data(hs, 100, 1000, hd, 0, cb));
  await call((cb) => sftp.close(hd, cb));
  assert.deepEqual(await readFile(join(home, 'c.bin')), data.subarray(100, 1100));
  await assert.rejects(
    call((cb) => sftp.ext_openssh_fsync(hs, cb)),
    (err: Error & { code?: unknown }) => err.code === S.OP_UNSUPPORTED,
  );
  await call((cb) => sftp.close(hs, cb));
});

// (ssh2's own expand-path method writes a malformed request, so expand-path is sent raw too.)
test('raw packets over SSH: check-file-name, check-file-handle, limits, expand-path', async (t) => {
  const e2e = await startSftp(t);
  const user = await e2e.user({ filters: { start_directory: '/in' } });
  const data = randomBytes(5 * 1024 * 1024);
  await mkdir(user.home_dir, { recursive: true });
  await writeFile(join(user.home_dir, 'f.bin'), data);
  const raw = await e2e.raw(t, 'alice');
  const hashRequest = (name: string, target: Buffer, algorithms: string) =>
    raw.request(T.EXTENDED, f.str(name), f.str(target), f.str(algorithms), f.u64(0), f.u64(0), f.u32(0));
  const expect = (reply: Awaited<ReturnType<typeof hashRequest>>, algorithm: string) => {
    assert.equal(reply.type, T.EXTENDED_REPLY);
    const body = Buffer.concat([f.str('check-file'), f.str(algorithm)]);
    assert.deepEqual(reply.body.subarray(0, body.length), body);
    assert.equal(
      reply.body.subarray(body.length).toString('hex'),
      createHash(algorithm).update(data).digest('hex'),
    );
  };
  expect(await hashRequest('check-file-name', Buffer.from('/f.bin'), 'sha256,md5'), 'sha256');
  const h = handleOf(await raw.request(T.OPEN, f.str('/f.bin'), f.u32(1), f.noAttrs()));
  expect(await hashRequest('check-file-handle', h, 'foo,sha512'), 'sha512');
  assert.equal(status(await raw.request(T.CLOSE, f.str(h))).code, S.OK);
  const limits = await raw.request(T.EXTENDED, f.str('limits@openssh.com'));
  assert.equal(limits.type, T.EXTENDED_REPLY);
  assert.equal(Number(limits.body.readBigUInt64BE(0)), 256 * 1024);
  for (const [input, expected] of [
    ['~', '/'],
    ['~/f.bin', '/f.bin'],
    ['x', '/in/x'],
    ['../f.bin', '/f.bin'],
  ] as const) {
    const names = namesOf(await raw.request(T.EXTENDED, f.str('expand-path@openssh.com'), f.str(input)));
    assert.equal(names[0]?.filename, expected, input);
  }
});

test('a client that leaves mid-upload: the session closes its handles and ends the channel', async (t) => {
  const e2e = await startSftp(t);
  const user = await e2e.user({});
  const raw = await e2e.raw(t, 'alice');
  const h = handleOf(await raw.request(T.OPEN, f.str('/part.bin'), f.u32(2 | 8 | 0x10), f.noAttrs()));
  assert.equal(status(await raw.request(T.WRITE, f.str(h), f.u64(0), f.str('partial'))).code, S.OK);
  raw.end.end();
  await Promise.race([
    raw.closed,
    sleep(10_000).then(() => assert.fail('the server did not end the channel after the client EOF')),
  ]);
  assert.equal(await readFile(join(user.home_dir, 'part.bin'), 'utf8'), 'partial');
  let upload;
  for (let i = 0; i < 50 && upload === undefined; i++) {
    upload = (await e2e.h.records()).find((r) => r.sender === 'Upload');
    if (upload === undefined) await sleep(100);
  }
  assert.equal(upload?.virtual_path, '/part.bin', 'the transfer was closed and logged');
  assert.equal(upload?.size_bytes, 7);
});
