// A 1 GiB file up and down through the real server with OpenSSH `sftp`, then down again with the ssh2
// client, all on tmpfs (/dev/shm) so the disk is not the bottleneck; everything is removed afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statfsSync } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { call, noOpenSsh, startSftp } from './sftp-e2e.js';

const SIZE = 1024 * 1024 * 1024;
const SHM = '/dev/shm';

function shmSkip(): string | false {
  if (noOpenSsh !== false) return noOpenSsh;
  if (!existsSync(SHM)) return 'no /dev/shm';
  const fs = statfsSync(SHM);
  return fs.bavail * fs.bsize < 4 * SIZE ? 'not enough room in /dev/shm for 3 copies of 1 GiB' : false;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }), hash);
  return hash.digest('hex');
}

/** Writes `size` bytes of varied random data and returns their sha256. */
async function writeRandomFile(path: string, size: number): Promise<string> {
  const block = randomBytes(16 * 1024 * 1024);
  const hash = createHash('sha256');
  const handle = await open(path, 'w');
  try {
    for (let done = 0, i = 0; done < size; i++) {
      // Each block differs from the others, so a misplaced block changes the hash.
      block.writeUInt32BE(i, (i * 4096) % (block.length - 4));
      const n = Math.min(block.length, size - done);
      await handle.write(block, 0, n, done);
      hash.update(block.subarray(0, n));
      done += n;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

test(
  '1 GiB put and get with OpenSSH sftp, get with ssh2: same sha256',
  { skip: shmSkip(), timeout: 900_000 },
  async (t) => {
    const base = await mkdtemp(join(SHM, 'sftpgo-large-'));
    t.after(() => rm(base, { recursive: true, force: true }));
    const e2e = await startSftp(t, { dir: base });
    const user = await e2e.user({});
    const source = join(base, 'source.bin');
    const digest = await writeRandomFile(source, SIZE);

    const result = await e2e.openssh('alice', ['put source.bin big.bin', 'get big.bin back.bin'], base);
    assert.equal(result.code, 0, result.stderr);
    const uploaded = join(user.home_dir, 'big.bin');
    assert.equal((await stat(uploaded)).size, SIZE);
    assert.equal(await sha256File(uploaded), digest, 'uploaded file');
    await rm(source);
    assert.equal(await sha256File(join(base, 'back.bin')), digest, 'downloaded with OpenSSH');
    await rm(join(base, 'back.bin'));

    const sftp = await e2e.ssh2(t, 'alice');
    const again = join(base, 'again.bin');
    await call((cb) => sftp.fastGet('/big.bin', again, { concurrency: 32, chunkSize: 128 * 1024 }, cb));
    assert.equal(await sha256File(again), digest, 'downloaded with ssh2');
  },
);
