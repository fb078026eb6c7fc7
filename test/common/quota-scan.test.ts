import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  QuotaScanUnsupportedError,
  scanFolderQuota,
  scanUsage,
  scanUserQuota,
} from '../../src/common/quota-scan.js';
import { LocalFs } from '../../src/vfs/index.js';
import { tempDir } from '../helpers/tmp.js';
import { setup } from './connection/harness.js';

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
  const h = await setup(t);
  await mkdir(h.home, { recursive: true });
  await tree(h.home);
  const mapped = await h.folder('shared');
  await writeFile(join(mapped, 'x'), Buffer.alloc(7));
  const user = await h.user({ username: 'scan', used_quota_size: 999 });
  assert.deepEqual(await scanUserQuota(h.provider, user), { size: 111, files: 4 });
  const stored = await h.stored('scan');
  assert.equal(stored.used_quota_size, 111, 'the scan resets, not adds');
  assert.equal(stored.used_quota_files, 4);
  const folder = await h.provider.folders.get('shared');
  assert.ok(folder);
  assert.deepEqual(await scanFolderQuota(h.provider, folder), { size: 7, files: 1 });
  assert.equal((await h.provider.folders.get('shared'))?.used_quota_size, 7);
  await assert.rejects(
    scanUserQuota(h.provider, { ...user, filesystem: { ...user.filesystem, provider: 1 } }),
    QuotaScanUnsupportedError,
  );
});
