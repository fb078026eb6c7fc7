// The SCP protocol on an in-memory channel with a real Connection over real files: the records and
// acknowledgements exchanged, the files written, the errors reported (OpenSSH's scp is the client in
// test/sftpd/scp-ssh-commands.slow.test.ts).
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runScp } from '../../../src/sftpd/scp/index.js';
import { setup } from '../../common/connection/harness.js';
import { FakeChannel } from './fake-channel.js';

async function start(t: TestContext, args: string[], user: Record<string, unknown> = {}, uploadMode = 0) {
  const h = await setup(t);
  await mkdir(h.home, { recursive: true });
  const connection = h.connect(await h.user(user), { settings: { uploadMode } });
  const channel = new FakeChannel();
  const status = runScp(channel, args, connection, h.logger);
  return { h, channel, status };
}

const ACK = Buffer.from([0]);

test('sink: a file with -p gets its data, mode and times; the upload is reported', async (t) => {
  const { h, channel, status } = await start(t, ['-p', '-t', '/']);
  assert.deepEqual(await channel.bytes(1), ACK);
  channel.send('T1600000000 0 1600000001 0\n');
  assert.deepEqual(await channel.bytes(1), ACK);
  channel.send('C0640 5 a file.txt\n');
  assert.deepEqual(await channel.bytes(1), ACK);
  channel.send('hel');
  channel.send(Buffer.from([0x6c, 0x6f, 0]));
  assert.deepEqual(await channel.bytes(1), ACK);
  channel.endInput();
  assert.equal(await status, 0);
  const path = join(h.home, 'a file.txt');
  const st = await stat(path); // before reading: a read may change the access time
  assert.equal(await readFile(path, 'utf8'), 'hello');
  assert.equal(st.mode & 0o777, 0o640);
  assert.equal(st.mtime.getTime(), 1600000000 * 1000);
  assert.equal(st.atime.getTime(), 1600000001 * 1000);
  const upload = h.actions.events.find((e) => e.action === 'upload');
  assert.equal(upload?.virtualPath, '/a file.txt');
  assert.equal(upload?.fileSize, 5);
});

test('sink: -r creates directories; a file target that is not a directory is renamed', async (t) => {
  const { h, channel, status } = await start(t, ['-r', '-t', '/dst']);
  await channel.bytes(1);
  for (const line of ['D0755 0 top\n', 'D0700 0 sub\n', 'C0644 2 f\n']) {
    channel.send(line);
    assert.deepEqual(await channel.bytes(1), ACK, line);
  }
  channel.send('ok\0');
  assert.deepEqual(await channel.bytes(1), ACK);
  channel.send('E\n');
  await channel.bytes(1);
  channel.send('E\n');
  await channel.bytes(1);
  channel.endInput();
  assert.equal(await status, 0);
  // "/dst" did not exist: the top directory is created as "/dst", as scp does.
  assert.equal(await readFile(join(h.home, 'dst', 'sub', 'f'), 'utf8'), 'ok');
});

test('sink: a file that cannot fit in the quota is refused before its data (atomic mode)', async (t) => {
  const { h, channel, status } = await start(t, ['-t', '/big.bin'], { quota_size: 100 }, 1);
  await channel.bytes(1);
  channel.send('C0644 1000 big.bin\n');
  assert.equal(await channel.server.readLine(), '\x01scp: /big.bin: quota exceeded');
  channel.endInput();
  assert.equal(await status, 1);
  assert.deepEqual(await readdir(h.home), []);
  assert.equal(h.actions.events.find((e) => e.action === 'upload')?.status, 3);
});

test('sink: a quota reached inside the data fails the file once its data is read', async (t) => {
  const { h, channel, status } = await start(t, ['-t', '/big.bin'], { upload_data_transfer: 1 }, 1);
  await channel.bytes(1);
  const size = 2 * 1024 * 1024;
  channel.send(`C0644 ${size} big.bin\n`);
  assert.deepEqual(await channel.bytes(1), ACK);
  channel.send(Buffer.alloc(size, 7));
  channel.send(ACK);
  assert.equal(await channel.server.readLine(), '\x01scp: /big.bin: quota exceeded');
  channel.endInput();
  assert.equal(await status, 1);
  assert.deepEqual(await readdir(h.home), [], 'the temporary file is gone');
});

test('sink: protocol violations end the copy with a fatal error record', async (t) => {
  for (const [args, lines] of [
    [['-t', '/'], ['C0644 1 ../evil\n']],
    [['-t', '/'], ['C0644 1 a/b\n']],
    [['-t', '/'], ['X what\n']],
    [['-t', '/'], ['E\n']],
    [['-t', '/'], ['D0755 0 dir\n']],
  ] as const) {
    await t.test(lines.join(''), async (t2) => {
      const { h, channel, status } = await start(t2, [...args]);
      await channel.bytes(1);
      for (const line of lines) channel.send(line);
      const reply = await channel.server.readLine();
      assert.ok(reply?.startsWith('\x02scp: '), reply);
      assert.equal(await status, 1);
      assert.deepEqual(await readdir(h.home), []);
    });
  }
});

test('sink: -d refuses a target that is not a directory', async (t) => {
  const { channel, status } = await start(t, ['-d', '-t', '/missing']);
  assert.equal(await channel.server.readLine(), '\x02scp: /missing: Not a directory');
  assert.equal(await status, 1);
});

test('sink: the client ending inside file data fails the upload', async (t) => {
  const { h, channel, status } = await start(t, ['-t', '/f.bin'], {}, 1);
  await channel.bytes(1);
  channel.send('C0644 10 f.bin\n');
  await channel.bytes(1);
  channel.send('abc');
  channel.endInput();
  assert.equal(await status, 1);
  assert.deepEqual(await readdir(h.home), [], 'the atomic upload left no file');
});

test('source: files with -p, directories with -r, errors as warnings', async (t) => {
  const h = await setup(t);
  await mkdir(join(h.home, 'd', 'e'), { recursive: true });
  await writeFile(join(h.home, 'd', 'one.txt'), 'one');
  await writeFile(join(h.home, 'd', 'e', 'two.txt'), 'two!');
  const when = new Date('2021-01-01T00:00:00Z');
  await utimes(join(h.home, 'd', 'one.txt'), when, when);
  const connection = h.connect(await h.user({}));
  const channel = new FakeChannel();
  const status = runScp(channel, ['-r', '-p', '-f', '/d/one.txt', '/missing', '/d'], connection, h.logger);
  channel.send(ACK);
  const expectRecord = async (pattern: RegExp) => {
    const line = await channel.server.readLine();
    assert.match(line ?? '', pattern);
    channel.send(ACK);
  };
  await expectRecord(/^T1609459200 0 1609459200 0$/);
  await expectRecord(/^C0644 3 one\.txt$/);
  assert.deepEqual(await channel.bytes(4), Buffer.from('one\0'));
  channel.send(ACK);
  assert.equal(await channel.server.readLine(), '\x01scp: /missing: no such file or directory');
  await expectRecord(/^T\d+ 0 \d+ 0$/);
  await expectRecord(/^D0755 0 d$/);
  // Files and directories in listing order; the tree is small enough to read it all.
  const seen: string[] = [];
  for (;;) {
    const line = (await channel.server.readLine()) ?? '';
    channel.send(ACK);
    seen.push(line.replace(/^T.*/, 'T'));
    if (line.startsWith('C')) {
      const size = Number(line.split(' ')[1]);
      await channel.bytes(size + 1);
      channel.send(ACK);
    }
    if (line === 'E' && seen.filter((l) => l === 'E').length === 2) break;
  }
  assert.deepEqual(seen.filter((l) => l !== 'T').sort(), [
    'C0644 3 one.txt',
    'C0644 4 two.txt',
    'D0755 0 e',
    'E',
    'E',
  ]);
  channel.endInput();
  assert.equal(await status, 1, 'the missing path makes the copy fail');
  assert.equal(h.actions.events.filter((e) => e.action === 'download').length, 3);
});

test('source: a directory without -r is refused; a file refused by the client is not sent', async (t) => {
  const h = await setup(t);
  await mkdir(join(h.home, 'd'), { recursive: true });
  await writeFile(join(h.home, 'f'), 'data');
  const connection = h.connect(await h.user({}));
  const channel = new FakeChannel();
  const status = runScp(channel, ['-f', '/d', '/f'], connection, h.logger);
  channel.send(ACK);
  assert.equal(await channel.server.readLine(), '\x01scp: /d: not a regular file');
  assert.equal(await channel.server.readLine(), 'C0644 4 f');
  channel.send('\x01local disk full\n');
  channel.endInput();
  assert.equal(await status, 1);
  channel.end(); // as the SSH layer does once the command returned
  assert.equal(await channel.server.atEnd(), true, 'no data after the refusal');
  assert.equal(existsSync(join(h.home, 'f')), true);
});

test('bad arguments are refused', async (t) => {
  for (const args of [['-x', '-t', '/'], ['-t'], ['-t', '-f', '/'], ['-r', '/a'], ['-t', '/a', '/b']]) {
    await t.test(args.join(' '), async (t2) => {
      const { channel, status } = await start(t2, args);
      assert.equal(await status, 1);
      const reply = await channel.server.readLine();
      assert.ok(reply?.startsWith('\x02scp: '), reply);
    });
  }
});

test('sink: a directory that cannot be created ends the copy', async (t) => {
  const { h, channel, status } = await start(t, ['-r', '-t', '/'], {
    permissions: { '/': ['list', 'upload'] },
  });
  await channel.bytes(1);
  channel.send('D0755 0 dir\n');
  assert.equal(await channel.server.readLine(), '\x02scp: /dir: permission denied');
  assert.equal(await status, 1);
  assert.deepEqual(await readdir(h.home), []);
});

test('source: a wildcard in the last name sends the matching files in name order', async (t) => {
  const h = await setup(t);
  await mkdir(join(h.home, 'logs'), { recursive: true });
  for (const name of ['b.log', 'a.log', 'c.txt', '.hidden.log'])
    await writeFile(join(h.home, 'logs', name), name);
  const connection = h.connect(await h.user({}));
  const channel = new FakeChannel();
  const status = runScp(channel, ['-f', '/logs/*.log', '/logs/*.none'], connection, h.logger);
  channel.send(ACK);
  for (const name of ['a.log', 'b.log']) {
    assert.equal(await channel.server.readLine(), `C0644 5 ${name}`);
    channel.send(ACK);
    assert.deepEqual(await channel.bytes(6), Buffer.from(`${name}\0`));
    channel.send(ACK);
  }
  assert.equal(await channel.server.readLine(), '\x01scp: /logs/*.none: no such file or directory');
  channel.endInput();
  assert.equal(await status, 1);
});

test('source: a pattern matching more names than a command line holds, and a tree too deep, are refused', async (t) => {
  const h = await setup(t);
  // 9,000 names of 240 bytes: more than the 2 MiB a shell could put on scp's command line.
  await mkdir(join(h.home, 'many'), { recursive: true });
  // Made synchronously: a second here, four through the thread pool.
  for (let i = 0; i < 9000; i++) {
    closeSync(openSync(join(h.home, 'many', `${String(i).padStart(5, '0')}${'x'.repeat(235)}`), 'w'));
  }
  await mkdir(join(h.home, 'deep', ...Array.from({ length: 5 }, () => 'd')), { recursive: true });
  const connection = h.connect(await h.user({}), { settings: { maxTreeDepth: 5 } });
  const channel = new FakeChannel();
  const status = runScp(channel, ['-r', '-f', '/many/*', '/deep'], connection, h.logger);
  channel.send(ACK);
  assert.equal(await channel.server.readLine(), '\x01scp: /many/*: argument list too long');
  const next = async () => (await channel.server.readLine()) ?? '';
  let line = await next();
  let levels = 0;
  for (; line.startsWith('D'); line = await next()) {
    levels++;
    channel.send(ACK);
  }
  assert.equal(levels, 5, 'the directories within the limit are sent');
  assert.equal(line, '\x01scp: /deep/d/d/d/d/d: more than 5 directory levels deep');
  channel.endInput();
  assert.equal(await status, 1);
});
