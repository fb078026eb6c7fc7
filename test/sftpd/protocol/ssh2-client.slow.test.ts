// End to end: the ssh2 library's SFTP client against SftpSession behind a minimal ssh2 server built
// here (any password accepted; the real SSH server lives elsewhere). Real TCP on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { SftpSession } from '../../../src/sftpd/protocol/index.js';
import { setup } from '../../common/connection/harness.js';
import { tempDir } from '../../helpers/tmp.js';

const { Client, Server, utils } = ssh2;

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

test('ssh2 client: put and get a few MiB, list, rename, stat', async (t) => {
  const h = await setup(t);
  const user = await h.user({});
  const sessions: Promise<void>[] = [];
  const hostKey = utils.generateKeyPairSync('ed25519').private;
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    client.on('authentication', (ctx) => ctx.accept());
    client.on('error', () => undefined);
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('subsystem', (acceptSub, reject, info) => {
          if (info.name !== 'sftp') {
            reject();
            return;
          }
          const channel = acceptSub();
          const connection = h.connect(user);
          sessions.push(
            new SftpSession({ channel, connection, logger: h.logger })
              .run()
              .then(() => connection.close('session ended')),
          );
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const conn = new Client();
  t.after(async () => {
    conn.end();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  await new Promise<void>((resolve, reject) => {
    conn.once('ready', resolve).once('error', reject);
    conn.connect({ host: '127.0.0.1', port, username: 'alice', password: 'any' });
  });
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
    conn.sftp((err, s) => (err ? reject(err) : resolve(s))),
  );
  const call = <T>(fn: (cb: (err: Error | null | undefined, v?: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v as T))));

  const local = await tempDir(t, 'sftp-e2e-');
  const data = randomBytes(5 * 1024 * 1024 + 17);
  await writeFile(join(local, 'up.bin'), data);
  await call<void>((cb) =>
    sftp.fastPut(join(local, 'up.bin'), '/up.bin', { concurrency: 16, chunkSize: 200 * 1024 }, cb),
  );
  assert.equal(sha256(await readFile(join(h.home, 'up.bin'))), sha256(data));

  await call<void>((cb) =>
    sftp.fastGet('/up.bin', join(local, 'down.bin'), { concurrency: 16, chunkSize: 128 * 1024 }, cb),
  );
  assert.equal(sha256(await readFile(join(local, 'down.bin'))), sha256(data));

  await call<void>((cb) => sftp.mkdir('/dir', cb));
  await call<void>((cb) => sftp.rename('/up.bin', '/dir/moved.bin', cb));
  const list = await call<{ filename: string; longname: string }[]>((cb) => sftp.readdir('/dir', cb));
  assert.deepEqual(
    list.map((e) => e.filename),
    ['moved.bin'],
  );
  assert.match(list[0]?.longname ?? '', /^-rw/);
  const st = await call<{ size: number; isFile(): boolean }>((cb) => sftp.stat('/dir/moved.bin', cb));
  assert.equal(st.size, data.length);
  assert.ok(st.isFile());
  await assert.rejects(
    call<void>((cb) => sftp.unlink('/nothing', cb)),
    (err: Error & { code?: number }) => err.code === 2,
  );
  assert.equal(await call<string>((cb) => sftp.realpath('.', cb)), '/');

  sftp.end();
  conn.end();
  await Promise.all(sessions);
});
