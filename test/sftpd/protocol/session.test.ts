import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PacketType as T, StatusCode as S } from '../../../src/sftpd/protocol/index.js';
import { attrsOf, dataOf, f, handleOf, namesOf, packet, startSession, status } from './harness.js';
import type { RawClient } from './harness.js';
import { setup } from '../../common/connection/harness.js';

const READ = 1;
const WRITE = 2;
const CREAT = 8;
const APPEND = 4;
const TRUNC = 0x10;
const EXCL = 0x20;

async function openFile(client: RawClient, path: string, pflags: number): Promise<Buffer> {
  return handleOf(await client.request(T.OPEN, f.str(path), f.u32(pflags), f.noAttrs()));
}

async function putFile(client: RawClient, path: string, data: Buffer, chunk = 32 * 1024): Promise<void> {
  const h = await openFile(client, path, WRITE | CREAT | TRUNC);
  const writes = [];
  for (let off = 0; off < data.length; off += chunk) {
    writes.push(client.request(T.WRITE, f.str(h), f.u64(off), f.str(data.subarray(off, off + chunk))));
  }
  for (const w of await Promise.all(writes)) assert.equal(status(w).code, S.OK);
  assert.equal(status(await client.request(T.CLOSE, f.str(h))).code, S.OK);
}

test('INIT gets a byte-exact VERSION 3 with the extensions', async (t) => {
  const { client } = await startSession(t);
  const reply = await client.init();
  const ext = (name: string, data: string): Buffer => Buffer.concat([f.str(name), f.str(data)]);
  const body = Buffer.concat([
    f.u8(2),
    f.u32(3),
    ext('posix-rename@openssh.com', '1'),
    ext('statvfs@openssh.com', '2'),
    ext('fstatvfs@openssh.com', '2'),
    ext('fsync@openssh.com', '1'),
    ext('limits@openssh.com', '1'),
    ext('lsetstat@openssh.com', '1'),
    ext('expand-path@openssh.com', '1'),
    ext('copy-data', '1'),
    ext('check-file-name', 'md5,sha1,sha256,sha384,sha512'),
    ext('check-file-handle', 'md5,sha1,sha256,sha384,sha512'),
    ext('hardlink@openssh.com', '1'),
  ]);
  assert.deepEqual(reply.raw, body);
});

test('upload, stat and download with large reads straight into the reply', async (t) => {
  const { client, h, connection } = await startSession(t);
  await client.init();
  const data = randomBytes(1024 * 1024 + 123);
  await putFile(client, '/big.bin', data);
  assert.deepEqual(await readFile(join(h.home, 'big.bin')), data);

  const a = attrsOf(await client.request(T.STAT, f.str('/big.bin')));
  assert.equal(a.size, data.length);
  assert.equal(a.flags, 0x0f);
  assert.equal(a.mode & 0o170000, 0o100000);
  const onDisk = await stat(join(h.home, 'big.bin'));
  assert.equal(a.mtime, Math.floor(onDisk.mtimeMs / 1000));

  const hd = await openFile(client, 'big.bin', READ);
  assert.equal(attrsOf(await client.request(T.FSTAT, f.str(hd))).size, data.length);
  // A read above the 255 KiB maximum gets a short reply, as with OpenSSH.
  const first = dataOf(await client.request(T.READ, f.str(hd), f.u64(0), f.u32(1024 * 1024)));
  assert.equal(first.length, 255 * 1024);
  assert.deepEqual(first, data.subarray(0, first.length));
  const reads = [];
  for (let off = 0; off < data.length; off += 200_000) {
    reads.push(client.request(T.READ, f.str(hd), f.u64(off), f.u32(200_000)));
  }
  const parts = (await Promise.all(reads)).map(dataOf);
  assert.deepEqual(Buffer.concat(parts), data);
  const eof = await client.request(T.READ, f.str(hd), f.u64(data.length), f.u32(100));
  assert.equal(status(eof).code, S.EOF);
  assert.equal(status(await client.request(T.CLOSE, f.str(hd))).code, S.OK);
  assert.equal(status(await client.request(T.CLOSE, f.str(hd))).code, S.FAILURE, 'closed handle');
  assert.deepEqual(connection.activeTransfers(), []);
});

test('OPEN flags: no CREAT on a missing file, EXCL on an existing one, write on a read handle', async (t) => {
  const { client, h } = await startSession(t);
  await client.init();
  await mkdir(h.home, { recursive: true });
  await writeFile(join(h.home, 'x.txt'), 'hello');
  assert.equal(
    status(await client.request(T.OPEN, f.str('/none'), f.u32(WRITE), f.noAttrs())).code,
    S.NO_SUCH_FILE,
  );
  assert.equal(
    status(await client.request(T.OPEN, f.str('/none'), f.u32(READ), f.noAttrs())).code,
    S.NO_SUCH_FILE,
  );
  const excl = await client.request(T.OPEN, f.str('/x.txt'), f.u32(WRITE | CREAT | EXCL), f.noAttrs());
  assert.equal(status(excl).code, S.FAILURE);
  const hd = await openFile(client, '/x.txt', READ);
  const w = await client.request(T.WRITE, f.str(hd), f.u64(0), f.str('zz'));
  assert.equal(status(w).code, S.FAILURE);
  assert.match(status(w).message, /not open for writing/);
  assert.equal(status(await client.request(T.CLOSE, f.str(hd))).code, S.OK);
  assert.equal(status(await client.request(T.READ, f.str('nope'), f.u64(0), f.u32(1))).code, S.FAILURE);
});

test('directories: mkdir, readdir pages over 1000 entries with ls -l names, rmdir', async (t) => {
  const { client, h } = await startSession(t);
  await client.init();
  assert.equal(status(await client.request(T.MKDIR, f.str('/d'), f.noAttrs())).code, S.OK);
  assert.equal(status(await client.request(T.MKDIR, f.str('/d'), f.noAttrs())).code, S.FAILURE);
  const dir = join(h.home, 'd');
  await Promise.all(Array.from({ length: 1000 }, (_, i) => writeFile(join(dir, `f${i}`), 'x'.repeat(i))));
  const hd = handleOf(await client.request(T.OPENDIR, f.str('/d')));
  const seen = new Map<string, { longname: string; size?: number }>();
  let pages = 0;
  for (;;) {
    const r = await client.request(T.READDIR, f.str(hd));
    if (r.type === T.STATUS) {
      assert.equal(status(r).code, S.EOF);
      break;
    }
    const names = namesOf(r);
    assert.ok(names.length <= 100);
    pages++;
    for (const n of names) seen.set(n.filename, n);
  }
  assert.equal(seen.size, 1000);
  assert.ok(pages >= 10);
  const e = seen.get('f123');
  assert.equal(e?.size, 123);
  assert.match(e?.longname ?? '', /^-rw.{7} +1 \d+ +\d+ +123 [A-Z][a-z]{2} [ \d]\d \d\d:\d\d f123$/);
  assert.equal(status(await client.request(T.CLOSE, f.str(hd))).code, S.OK);
  assert.equal(status(await client.request(T.RMDIR, f.str('/d'))).code, S.FAILURE, 'not empty');
  assert.equal(status(await client.request(T.MKDIR, f.str('/e'), f.noAttrs())).code, S.OK);
  assert.equal(status(await client.request(T.RMDIR, f.str('/e'))).code, S.OK);
  assert.equal(status(await client.request(T.OPENDIR, f.str('/e'))).code, S.NO_SUCH_FILE);
});

test('remove, rename (replacing the target, as SFTPGo), realpath, symlink (OpenSSH order), readlink', async (t) => {
  const { client, h } = await startSession(t);
  await client.init();
  await putFile(client, '/a', Buffer.from('aaa'));
  await putFile(client, '/b', Buffer.from('bb'));
  assert.equal(status(await client.request(T.RENAME, f.str('/a'), f.str('/b'))).code, S.OK);
  assert.equal(await readFile(join(h.home, 'b'), 'utf8'), 'aaa');
  assert.equal(status(await client.request(T.RENAME, f.str('/a'), f.str('/c'))).code, S.NO_SUCH_FILE);

  assert.deepEqual(
    namesOf(await client.request(T.REALPATH, f.str('.'))).map((n) => n.filename),
    ['/'],
  );
  assert.equal(namesOf(await client.request(T.REALPATH, f.str('x/../b')))[0]?.filename, '/b');
  assert.equal(namesOf(await client.request(T.REALPATH, f.str('../../b/')))[0]?.filename, '/b');

  // targetpath first, then linkpath.
  assert.equal(status(await client.request(T.SYMLINK, f.str('b'), f.str('/link'))).code, S.OK);
  assert.equal(await readlink(join(h.home, 'link')), 'b');
  assert.equal(namesOf(await client.request(T.READLINK, f.str('/link')))[0]?.filename, '/b');
  const l = attrsOf(await client.request(T.LSTAT, f.str('/link')));
  assert.equal(l.mode & 0o170000, 0o120000);
  assert.equal(attrsOf(await client.request(T.STAT, f.str('/link'))).size, 3);

  assert.equal(status(await client.request(T.REMOVE, f.str('/b'))).code, S.OK);
  assert.equal(status(await client.request(T.REMOVE, f.str('/b'))).code, S.NO_SUCH_FILE);
});

test('setstat and fsetstat change mode, times and size', async (t) => {
  const { client, h } = await startSession(t);
  await client.init();
  await putFile(client, '/s', Buffer.alloc(100, 1));
  const attrs = Buffer.concat([f.u32(0x04 | 0x08), f.u32(0o100600), f.u32(1_000_000), f.u32(2_000_000)]);
  assert.equal(status(await client.request(T.SETSTAT, f.str('/s'), attrs)).code, S.OK);
  const st = await stat(join(h.home, 's'));
  assert.equal(st.mode & 0o777, 0o600);
  assert.equal(Math.floor(st.mtimeMs / 1000), 2_000_000);
  const hd = await openFile(client, '/s', READ);
  assert.equal(status(await client.request(T.FSETSTAT, f.str(hd), f.u32(1), f.u64(10))).code, S.OK);
  assert.equal((await stat(join(h.home, 's'))).size, 10);
  assert.equal(status(await client.request(T.CLOSE, f.str(hd))).code, S.OK);
  // An extended attribute pair is read and ignored.
  const ext = Buffer.concat([f.u32(0x80000000), f.u32(1), f.str('k'), f.str('v')]);
  assert.equal(status(await client.request(T.SETSTAT, f.str('/s'), ext)).code, S.OK);
});

test('extensions: limits, statvfs, fstatvfs, posix-rename, lsetstat, expand-path, copy-data', async (t) => {
  const { client, h } = await startSession(t, { limits: { maxOpenHandles: 9 } });
  await client.init();
  const ext = (name: string, ...fields: Buffer[]) => client.request(T.EXTENDED, f.str(name), ...fields);

  const lim = await ext('limits@openssh.com');
  assert.equal(lim.type, T.EXTENDED_REPLY);
  assert.deepEqual(
    [0, 1, 2, 3].map((i) => Number(lim.body.readBigUInt64BE(i * 8))),
    [256 * 1024, 255 * 1024, 255 * 1024, 9],
  );
  const vfs = await ext('statvfs@openssh.com', f.str('/'));
  assert.equal(vfs.type, T.EXTENDED_REPLY);
  assert.equal(vfs.body.length, 88);
  assert.ok(Number(vfs.body.readBigUInt64BE(0)) > 0, 'bsize');

  const data = randomBytes(300_000);
  await putFile(client, '/src', data);
  const hs = await openFile(client, '/src', READ);
  assert.equal((await ext('fstatvfs@openssh.com', f.str(hs))).body.length, 88);
  const hd = await openFile(client, '/dst', WRITE | CREAT | TRUNC);
  const copy = await ext('copy-data', f.str(hs), f.u64(0), f.u64(0), f.str(hd), f.u64(0));
  assert.equal(status(copy).code, S.OK);
  assert.equal(status(await client.request(T.CLOSE, f.str(hd))).code, S.OK);
  assert.deepEqual(await readFile(join(h.home, 'dst')), data);
  const hd2 = await openFile(client, '/part', WRITE | CREAT | TRUNC);
  const part = await ext('copy-data', f.str(hs), f.u64(1000), f.u64(5000), f.str(hd2), f.u64(0));
  assert.equal(status(part).code, S.OK);
  const past = await ext('copy-data', f.str(hs), f.u64(299_000), f.u64(5000), f.str(hd2), f.u64(5000));
  assert.equal(status(past).code, S.EOF);
  assert.equal(status(await client.request(T.CLOSE, f.str(hd2))).code, S.OK);
  assert.deepEqual(
    await readFile(join(h.home, 'part')),
    Buffer.concat([data.subarray(1000, 6000), data.subarray(299_000)]),
  );
  assert.equal(status(await client.request(T.CLOSE, f.str(hs))).code, S.OK);

  await putFile(client, '/other', Buffer.from('o'));
  assert.equal(status(await ext('posix-rename@openssh.com', f.str('/other'), f.str('/dst'))).code, S.OK);
  assert.equal(await readFile(join(h.home, 'dst'), 'utf8'), 'o');
  assert.equal(status(await ext('lsetstat@openssh.com', f.str('/dst'), f.u32(4), f.u32(0o640))).code, S.OK);
  assert.equal((await lstat(join(h.home, 'dst'))).mode & 0o777, 0o640);

  await mkdir(join(h.home, 'sub'));
  for (const [input, out] of [
    ['~', '/'],
    ['~/sub', '/sub'],
    ['sub/../dst', '/dst'],
    ['/sub', '/sub'],
  ] as const) {
    assert.equal(namesOf(await ext('expand-path@openssh.com', f.str(input)))[0]?.filename, out, input);
  }
  const unknown = await ext('home-directory', f.str('alice'));
  assert.equal(status(unknown).code, S.OP_UNSUPPORTED);
});

test('denials map to PERMISSION_DENIED, unknown types to OP_UNSUPPORTED, quota to FAILURE', async (t) => {
  const { client } = await startSession(t, {
    user: { permissions: { '/': ['list', 'download'] }, quota_size: 10 },
  });
  await client.init();
  const up = await client.request(T.OPEN, f.str('/x'), f.u32(WRITE | CREAT), f.noAttrs());
  assert.equal(status(up).code, S.PERMISSION_DENIED);
  assert.equal(status(await client.request(T.MKDIR, f.str('/d'), f.noAttrs())).code, S.PERMISSION_DENIED);
  const unknown = await client.request(99, f.str('whatever'));
  assert.equal(status(unknown).code, S.OP_UNSUPPORTED);
  assert.equal(status(await client.request(T.STAT, f.str('/missing'))).code, S.NO_SUCH_FILE);
});

test('quota exceeded is FAILURE with a quota message', async (t) => {
  const { client } = await startSession(t, { user: { quota_size: 10 } });
  await client.init();
  const hd = await openFile(client, '/q', WRITE | CREAT | TRUNC);
  const w = await client.request(T.WRITE, f.str(hd), f.u64(0), f.str(Buffer.alloc(100)));
  assert.equal(status(w).code, S.FAILURE);
  assert.match(status(w).message, /^failure: denying write due to space limit: /);
  await client.request(T.CLOSE, f.str(hd));
});

test('the open handle limit is enforced', async (t) => {
  const { client, h } = await startSession(t, { limits: { maxOpenHandles: 2 } });
  await client.init();
  await mkdir(h.home, { recursive: true });
  const a = await client.request(T.OPENDIR, f.str('/'));
  const b = await client.request(T.OPENDIR, f.str('/'));
  handleOf(a);
  handleOf(b);
  const c = await client.request(T.OPENDIR, f.str('/'));
  assert.equal(status(c).code, S.FAILURE);
  assert.match(status(c).message, /too many open handles/);
  assert.equal(status(await client.request(T.CLOSE, f.str(handleOf(a)))).code, S.OK);
  handleOf(await client.request(T.OPENDIR, f.str('/')));
});

test('client EOF closes open transfers as failed and ends the channel', async (t) => {
  const { client, connection, done, h, session } = await startSession(t, {});
  await client.init();
  const hd = await openFile(client, '/partial', WRITE | CREAT | TRUNC);
  await client.request(T.WRITE, f.str(hd), f.u64(0), f.str('data'));
  handleOf(await client.request(T.OPENDIR, f.str('/')));
  assert.equal(connection.activeTransfers().length, 1);
  assert.equal(session.openHandles, 2);
  client.end.end();
  await done;
  await client.closed;
  assert.deepEqual(connection.activeTransfers(), []);
  assert.equal(session.openHandles, 0);
  const records = await h.logRecords();
  assert.ok(
    records.some((r) => r.sender === 'Upload' && typeof r.error === 'string'),
    'failed upload logged',
  );
});

test('closing the connection ends the session', async (t) => {
  const { client, connection, done } = await startSession(t);
  await client.init();
  await openFile(client, '/f', WRITE | CREAT);
  connection.close('kicked');
  await done;
  await client.closed;
  assert.deepEqual(connection.activeTransfers(), []);
});

for (const [name, bytes] of [
  ['a zero length', Buffer.from([0, 0, 0, 0])],
  ['a length above the maximum', f.u32(256 * 1024 + 1)],
  ['a packet before INIT', packet(T.STAT, f.u32(1), f.str('/'))],
] as const) {
  test(`${name} ends the session`, async (t) => {
    const { client, done } = await startSession(t);
    client.send(bytes);
    await done;
    await client.closed;
  });
}

test('truncated fields, a second INIT and a huge uint64 end the session', async (t) => {
  for (const bad of [
    packet(T.OPEN, f.u32(1), f.str('/x')),
    packet(T.READ, f.u32(1), f.u32(5)),
    packet(T.STAT, f.u32(1), f.u32(100), Buffer.from('ab')),
    packet(T.INIT, f.u32(3)),
    packet(T.READ, f.u32(1), f.str('1'), Buffer.alloc(8, 0xff), f.u32(1)),
    packet(T.WRITE),
  ]) {
    const { client, done, connection } = await startSession(t);
    await client.init();
    client.send(bad);
    await done;
    await client.closed;
    assert.deepEqual(connection.activeTransfers(), []);
  }
});

test('a path that is not UTF-8 fails the request only', async (t) => {
  const { client } = await startSession(t);
  await client.init();
  const r = await client.request(T.STAT, f.str(Buffer.from([0x2f, 0xff, 0xfe])));
  assert.equal(status(r).code, S.FAILURE);
  assert.equal(attrsOf(await client.request(T.STAT, f.str('/'))).mode & 0o170000, 0o040000);
});

test('packets split across chunks and many packets in one chunk are framed', async (t) => {
  const { client } = await startSession(t);
  await client.init();
  const many = Buffer.concat(
    Array.from({ length: 50 }, (_, i) => packet(T.STAT, f.u32(1000 + i), f.str('/'))),
  );
  for (let i = 0; i < many.length; i += 7) client.send(many.subarray(i, i + 7));
  // Replies to different requests may come in any order: wait for each one.
  const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => client.replyTo(1000 + i)));
  assert.deepEqual(
    replies.map((r) => r.type),
    replies.map(() => T.ATTRS),
  );
  assert.equal((await client.request(T.STAT, f.str('/'))).type, T.ATTRS, 'the session goes on');
});

test('a slow reader: outstanding requests and buffered replies stay bounded', async (t) => {
  const limits = { maxOutstandingRequests: 8 };
  const { client, session, server, h } = await startSession(t, { limits, highWaterMark: 16 * 1024 });
  await client.init();
  await mkdir(h.home, { recursive: true });
  const data = randomBytes(2 * 1024 * 1024);
  await writeFile(join(h.home, 'big'), data);
  const hd = await openFile(client, '/big', READ);
  client.end.pause();
  const reads = [];
  const chunk = 64 * 1024;
  for (let i = 0; i < 200; i++) {
    const off = (i * chunk) % data.length;
    reads.push(client.request(T.READ, f.str(hd), f.u64(off), f.u32(chunk)));
  }
  // Let the server work while nobody reads its replies.
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(session.outstanding <= 8, `outstanding ${session.outstanding}`);
  assert.ok(server.writableLength <= 16 * 1024 + chunk + 13, `buffered ${server.writableLength}`);
  const sentWhilePaused = server.written;
  assert.ok(sentWhilePaused < 8 * (chunk + 13) + 64 * 1024, `sent ${sentWhilePaused}`);
  client.end.resume();
  const replies = await Promise.all(reads);
  for (let i = 0; i < replies.length; i++) {
    const off = (i * chunk) % data.length;
    const got = dataOf(replies[i] as (typeof replies)[number]);
    assert.equal(
      createHash('sha1').update(got).digest('hex'),
      createHash('sha1')
        .update(data.subarray(off, off + chunk))
        .digest('hex'),
    );
  }
  assert.ok(session.peakOutstanding <= 8);
});

/**
 * A session whose uploads hold their first write back for 100 ms. Under load the storage finishes
 * concurrent writes in any order; the delay makes that happen every time (the only stand-in here:
 * the writes themselves are real).
 */
async function slowFirstWriteSession(t: Parameters<typeof setup>[0]) {
  const h = await setup(t);
  const connection = h.connect(await h.user({}));
  const open = connection.openForWrite.bind(connection);
  connection.openForWrite = async (...args) => {
    const transfer = await open(...args);
    const write = transfer.write.bind(transfer);
    let calls = 0;
    transfer.write = async (...w) => {
      if (calls++ === 0) await new Promise((r) => setTimeout(r, 100));
      return write(...w);
    };
    return transfer;
  };
  const { client } = await startSession(t, { h, connection });
  await client.init();
  return { h, client };
}

test('WRITE replies on one handle leave in request order, even when the writes finish out of order', async (t) => {
  const { h, client } = await slowFirstWriteSession(t);
  const handle = await openFile(client, '/ordered.bin', WRITE | CREAT | TRUNC);
  const before = client.replies.length;
  const writes = [0, 1, 2].map((i) =>
    client.request(T.WRITE, f.str(handle), f.u64(i * 4), f.str(Buffer.from(`w${i}..`))),
  );
  const ids = (await Promise.all(writes)).map((r) => r.id);
  assert.deepEqual(
    client.replies.slice(before).map((r) => r.id),
    ids,
    'acknowledged in the order the writes were sent',
  );
  assert.equal(status(await client.request(T.CLOSE, f.str(handle))).code, S.OK);
  assert.equal(await readFile(join(h.home, 'ordered.bin'), 'utf8'), 'w0..w1..w2..');
});

test('APPEND uploads write at the offsets given: writes finishing out of order do not reorder the data', async (t) => {
  const { h, client } = await slowFirstWriteSession(t);
  await writeFile(join(h.home, 'resumed.bin'), 'head');
  const handle = await openFile(client, '/resumed.bin', WRITE | APPEND);
  const writes = [0, 1].map((i) =>
    client.request(T.WRITE, f.str(handle), f.u64(4 + i * 4), f.str(Buffer.from(`w${i}..`))),
  );
  for (const w of await Promise.all(writes)) assert.equal(status(w).code, S.OK);
  assert.equal(status(await client.request(T.CLOSE, f.str(handle))).code, S.OK);
  assert.equal(await readFile(join(h.home, 'resumed.bin'), 'utf8'), 'headw0..w1..');
  const again = await openFile(client, '/resumed.bin', WRITE | APPEND);
  const before = await client.request(T.WRITE, f.str(again), f.u64(2), f.str(Buffer.from('xx')));
  assert.equal(status(before).code, S.FAILURE, 'append mode refuses writes before the end');
});
