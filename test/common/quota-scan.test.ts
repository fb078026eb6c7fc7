import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/index.js';
import {
  QuotaScanUnsupportedError,
  scanFolderQuota,
  scanUsage,
  scanUserQuota,
} from '../../src/common/quota-scan.js';
import { openDataProvider } from '../../src/dataprovider/index.js';
import { createLogger } from '../../src/logger/index.js';
import { LocalFs } from '../../src/vfs/index.js';
import { tempDir } from '../helpers/tmp.js';

const ctx = { executor: 'test', ip: '127.0.0.1' };

async function tree(root: string): Promise<void> {
  await mkdir(join(root, 'a/b/c'), { recursive: true });
  await writeFile(join(root, 'top.bin'), Buffer.alloc(100));
  await writeFile(join(root, 'a/one'), Buffer.alloc(10));
  await writeFile(join(root, 'a/b/c/deep'), Buffer.alloc(1));
  await writeFile(join(root, 'a/b/empty'), '');
  // Links are neither counted nor followed, even to a big file.
  await symlink(join(root, 'top.bin'), join(root, 'a/link-to-top'));
}

test('scanUsage counts regular files in every directory, not links', async (t) => {
  const root = await tempDir(t);
  await tree(root);
  for (let i = 0; i < 2500; i++) await writeFile(join(root, 'a/b', `f${i}`), 'x');
  assert.deepEqual(await scanUsage(await LocalFs.create({ root })), { size: 111 + 2500, files: 4 + 2500 });
});

test('user and folder scans store the totals; other storages are refused', async (t) => {
  const dir = await tempDir(t);
  const home = join(dir, 'home');
  const mapped = join(dir, 'mapped');
  await mkdir(home);
  await mkdir(mapped);
  await tree(home);
  await writeFile(join(mapped, 'x'), Buffer.alloc(7));
  const logger = createLogger({
    filePath: join(dir, 'log'),
    maxSizeMB: 1,
    maxBackups: 1,
    maxAgeDays: 0,
    compress: false,
    level: 'error',
    utcTime: false,
  });
  const provider = await openDataProvider({
    config: { ...defaultConfig().data_provider, driver: 'memory', track_quota: 1 },
    configDir: dir,
    logger,
  });
  t.after(async () => {
    await provider.close();
    await logger.close();
  });
  await provider.folders.add({ name: 'shared', mapped_path: mapped }, ctx);
  const user = await provider.users.add(
    { username: 'scan', home_dir: home, permissions: { '/': ['*'] }, status: 1, used_quota_size: 999 },
    ctx,
  );
  assert.deepEqual(await scanUserQuota(provider, user), { size: 111, files: 4 });
  const stored = await provider.users.get('scan');
  assert.equal(stored?.used_quota_size, 111, 'the scan resets, not adds');
  assert.equal(stored?.used_quota_files, 4);
  const folder = await provider.folders.get('shared');
  assert.ok(folder);
  assert.deepEqual(await scanFolderQuota(provider, folder), { size: 7, files: 1 });
  assert.equal((await provider.folders.get('shared'))?.used_quota_size, 7);
  await assert.rejects(
    scanUserQuota(provider, { ...user, filesystem: { ...user.filesystem, provider: 1 } }),
    QuotaScanUnsupportedError,
  );
});
