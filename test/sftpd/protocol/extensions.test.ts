// The OpenSSH and draft extensions added on top of the version 3 requests, and the start directory,
// driven with raw packets against a session on a real Connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PacketType as T, StatusCode as S } from '../../../src/sftpd/protocol/index.js';
import type { RawClient, Reply } from './harness.js';
import { f, handleOf, namesOf, startSession, status } from './harness.js';

const READ = 1;
const WRITE = 2;
const CREAT = 8;
const TRUNC = 0x10;

function ext(client: RawClient, name: string, ...fields: Buffer[]): Promise<Reply> {
  return client.request(T.EXTENDED, f.str(name), ...fields);
}

async function open(client: RawClient, path: string, pflags: number): Promise<Buffer> {
  return handleOf(await client.request(T.OPEN, f.str(path), f.u32(pflags), f.noAttrs()));
}

/** The algorithm and digest of a check-file EXTENDED_REPLY (string "check-file", string algo, hash). */
function checkFileOf(reply: Reply): { algorithm: string; digest: string } {
  assert.equal(reply.type, T.EXTENDED_REPLY, reply.type === T.STATUS ? status(reply).message : '');
  const b = reply.body;
  const n1 = b.readUInt32BE(0);
  assert.equal(b.subarray(4, 4 + n1).toString(), 'check-file');
  const n2 = b.readUInt32BE(4 + n1);
  const algorithm = b.subarray(8 + n1, 8 + n1 + n2).toString();
  return { algorithm, digest: b.subarray(8 + n1 + n2).toString('hex') };
}

/** check-file-name / check-file-handle request fields after the file. */
function hashFields(algorithms: string, start = 0, length = 0, blockSize = 0): Buffer[] {
  return [f.str(algorithms), f.u64(start), f.u64(length), f.u32(blockSize)];
}

test('hardlink@openssh.com links files, refuses directories and missing permissions', async (t) => {
  const { client, h } = await startSession(t, {
    user: { permissions: { '/': ['*'], '/nolink': ['list', 'upload', 'download', 'create_dirs'] } },
  });
  await client.init();
  await writeFile(join(h.home, 'a.txt'), 'data');
  await mkdir(join(h.home, 'nolink'));
  assert.equal(status(await ext(client, 'hardlink@openssh.com', f.str('a.txt'), f.str('b.txt'))).code, S.OK);
  assert.equal((await stat(join(h.home, 'b.txt'))).ino, (await stat(join(h.home, 'a.txt'))).ino);
  const cases: [string, string, number][] = [
    ['/a.txt', '/b.txt', S.FAILURE],
    ['/nolink', '/d2', S.FAILURE],
    ['/missing', '/m', S.NO_SUCH_FILE],
    ['/a.txt', '/nolink/a.txt', S.PERMISSION_DENIED],
  ];
  for (const [from, to, code] of cases) {
    assert.equal(status(await ext(client, 'hardlink@openssh.com', f.str(from), f.str(to))).code, code, to);
  }
});

test('fsync@openssh.com flushes uploads; read and directory handles are unsupported', async (t) => {
  const { client, h } = await startSession(t);
  await client.init();
  await writeFile(join(h.home, 'r.txt'), 'read me');
  const hw = await open(client, '/w.bin', WRITE | CREAT | TRUNC);
  const data = randomBytes(100_000);
  const write = client.request(T.WRITE, f.str(hw), f.u64(0), f.str(data));
  const sync = ext(client, 'fsync@openssh.com', f.str(hw));
  assert.equal(status(await write).code, S.OK);
  assert.equal(status(await sync).code, S.OK);
  assert.deepEqual(await readFile(join(h.home, 'w.bin')), data, 'the write before fsync is on disk');
  const hr = await open(client, '/r.txt', READ);
  assert.equal(status(await ext(client, 'fsync@openssh.com', f.str(hr))).code, S.OP_UNSUPPORTED);
  const hd = handleOf(await client.request(T.OPENDIR, f.str('/')));
  assert.equal(status(await ext(client, 'fsync@openssh.com', f.str(hd))).code, S.OP_UNSUPPORTED);
  assert.equal(status(await ext(client, 'fsync@openssh.com', f.str('nope'))).code, S.FAILURE);
  for (const handle of [hw, hr, hd]) {
    assert.equal(status(await client.request(T.CLOSE, f.str(handle))).code, S.OK);
  }
});

test('check-file-name and check-file-handle hash whole files with the first algorithm served', async (t) => {
  const { client, h } = await startSession(t);
  await client.init();
  const data = randomBytes(3 * 1024 * 1024 + 7);
  await writeFile(join(h.home, 'f.bin'), data);
  const digest = (algorithm: string) => createHash(algorithm).update(data).digest('hex');
  for (const [list, algorithm] of [
    ['sha256', 'sha256'],
    ['crc32,sha512,md5', 'sha512'],
    ['MD5', 'md5'],
    ['sha1', 'sha1'],
    ['sha384', 'sha384'],
  ] as const) {
    const reply = checkFileOf(await ext(client, 'check-file-name', f.str('f.bin'), ...hashFields(list)));
    assert.deepEqual(reply, { algorithm, digest: digest(algorithm) }, list);
  }
  const hr = await open(client, '/f.bin', READ);
  assert.deepEqual(checkFileOf(await ext(client, 'check-file-handle', f.str(hr), ...hashFields('sha256'))), {
    algorithm: 'sha256',
    digest: digest('sha256'),
  });
  const hw = await open(client, '/w.bin', WRITE | CREAT | TRUNC);
  const refused: [Reply, number][] = [
    [await ext(client, 'check-file-name', f.str('f.bin'), ...hashFields('crc32')), S.OP_UNSUPPORTED],
    [await ext(client, 'check-file-name', f.str('f.bin'), ...hashFields('md5', 10)), S.OP_UNSUPPORTED],
    [await ext(client, 'check-file-name', f.str('f.bin'), ...hashFields('md5', 0, 10)), S.OP_UNSUPPORTED],
    [await ext(client, 'check-file-name', f.str('f.bin'), ...hashFields('md5', 0, 0, 256)), S.OP_UNSUPPORTED],
    [await ext(client, 'check-file-name', f.str('nothing'), ...hashFields('md5')), S.NO_SUCH_FILE],
    [await ext(client, 'check-file-name', f.str('/'), ...hashFields('md5')), S.FAILURE],
    [await ext(client, 'check-file-handle', f.str(hw), ...hashFields('md5')), S.FAILURE],
  ];
  for (const [reply, code] of refused) assert.equal(status(reply).code, code, status(reply).message);
});

test('hashing a large file leaves the session serving other requests meanwhile', async (t) => {
  const { client, h } = await startSession(t);
  await client.init();
  const big = join(h.home, 'big.bin');
  const chunk = randomBytes(8 * 1024 * 1024);
  for (let i = 0; i < 12; i++) await writeFile(big, chunk, { flag: 'a' });
  const order: string[] = [];
  const hashing = ext(client, 'check-file-name', f.str('/big.bin'), ...hashFields('sha512')).then((r) => {
    order.push('hash');
    return r;
  });
  const stats = client.request(T.STAT, f.str('/big.bin')).then((r) => {
    order.push('stat');
    return r;
  });
  await Promise.all([hashing, stats]);
  assert.deepEqual(order, ['stat', 'hash'], 'the STAT sent after the hash request is answered first');
  const expected = createHash('sha512');
  for (let i = 0; i < 12; i++) expected.update(chunk);
  assert.equal(checkFileOf(await hashing).digest, expected.digest('hex'));
});

test('check-file-name needs the download permission', async (t) => {
  const { client, h } = await startSession(t, { user: { permissions: { '/': ['list'] } } });
  await client.init();
  await writeFile(join(h.home, 'f.bin'), 'x');
  const reply = await ext(client, 'check-file-name', f.str('/f.bin'), ...hashFields('sha256'));
  assert.equal(status(reply).code, S.PERMISSION_DENIED);
});

test('the start directory: created, REALPATH of "." and "", relative paths, ".." and "~"', async (t) => {
  const { client, h } = await startSession(t, { user: { filters: { start_directory: '/start/here' } } });
  await client.init();
  assert.ok((await stat(join(h.home, 'start/here'))).isDirectory(), 'created before VERSION');
  const real = async (path: string) => namesOf(await client.request(T.REALPATH, f.str(path)))[0]?.filename;
  assert.equal(await real('.'), '/start/here');
  assert.equal(await real(''), '/start/here');
  assert.equal(await real('..'), '/start');
  assert.equal(await real('../../..'), '/');
  assert.equal(await real('/abs'), '/abs');
  const hw = await open(client, 'up.txt', WRITE | CREAT | TRUNC);
  assert.equal(status(await client.request(T.WRITE, f.str(hw), f.u64(0), f.str('hi'))).code, S.OK);
  assert.equal(status(await client.request(T.CLOSE, f.str(hw))).code, S.OK);
  assert.equal(await readFile(join(h.home, 'start/here/up.txt'), 'utf8'), 'hi');
  assert.equal(status(await client.request(T.MKDIR, f.str('../sib'), f.noAttrs())).code, S.OK);
  assert.ok((await stat(join(h.home, 'start/sib'))).isDirectory());
  const expand = async (path: string) =>
    namesOf(await ext(client, 'expand-path@openssh.com', f.str(path)))[0];
  assert.equal((await expand('~'))?.filename, '/');
  assert.equal((await expand('up.txt'))?.filename, '/start/here/up.txt');
  const hd = handleOf(await client.request(T.OPENDIR, f.str('.')));
  const page = namesOf(await client.request(T.READDIR, f.str(hd)));
  assert.deepEqual(
    page.map((e) => e.filename),
    ['up.txt'],
  );
  assert.match(page[0]?.longname ?? '', /^-rw.* 2 \w{3} [ \d]\d (\d\d:\d\d| \d{4}) up\.txt$/);
});

test('hardlink@openssh.com is announced only when the storage has hard links', async (t) => {
  const { h, client } = await startSession(t);
  const local = await client.init();
  assert.ok(local.raw.includes(Buffer.from('hardlink@openssh.com')));
  // Storage other than the local disk cannot serve links (nor anything yet): no announcement.
  const user = await h.user({ username: 'cloud' });
  const connection = h.connect({ ...user, filesystem: { ...user.filesystem, provider: 1 } });
  const cloud = await startSession(t, { h, connection });
  const reply = await cloud.client.init();
  assert.ok(!reply.raw.includes(Buffer.from('hardlink@openssh.com')));
  assert.ok(reply.raw.includes(Buffer.from('fsync@openssh.com')));
});
