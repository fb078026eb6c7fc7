// Tree walks and removals over a real local directory: listings are paged (500 entries), removal
// happens while a listing is open, and the depth is bounded.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FailureError, MAX_TREE_DEPTH } from '../../../src/common/connection/index.js';
import { removeTree, treeUsage, walkTree } from '../../../src/common/connection/tree.js';
import { LocalFs } from '../../../src/vfs/index.js';
import { tempDir } from '../../helpers/tmp.js';

/** `/t` holding 1,200 files (more than two listing pages), `sub/deeper` with files, and `empty`. */
async function wideTree(t: TestContext) {
  const root = await tempDir(t, 'sftpgo-tree-');
  await mkdir(join(root, 't/sub/deeper'), { recursive: true });
  await mkdir(join(root, 't/empty'));
  await Promise.all(
    Array.from({ length: 1200 }, (_, i) => writeFile(join(root, 't', `f${i}`), 'x'.repeat(i % 7))),
  );
  await writeFile(join(root, 't/sub/a'), 'aa');
  await writeFile(join(root, 't/sub/deeper/b'), 'bbb');
  return { root, fs: await LocalFs.create({ root }) };
}

/** A chain of `levels` nested directories `d` below `/chain`. */
async function chain(t: TestContext, levels: number) {
  const root = await tempDir(t, 'sftpgo-chain-');
  await mkdir(join(root, 'chain', ...Array.from({ length: levels }, () => 'd')), { recursive: true });
  return LocalFs.create({ root });
}

test('walkTree yields every entry once, each directory before what it holds', async (t) => {
  const { fs } = await wideTree(t);
  const seen: string[] = [];
  for await (const item of walkTree(fs, '/t')) seen.push(item.relative);
  assert.equal(seen.length, 1200 + 5);
  assert.equal(new Set(seen).size, seen.length);
  for (const path of ['/sub/a', '/sub/deeper', '/sub/deeper/b']) {
    const parent = path.slice(0, path.lastIndexOf('/'));
    assert.ok(seen.indexOf(parent) < seen.indexOf(path), `${parent} before ${path}`);
  }
  const usage = await treeUsage(fs, '/t');
  let size = 5;
  for (let i = 0; i < 1200; i++) size += i % 7;
  assert.deepEqual(usage, { files: 1202, size });
});

test('removeTree removes everything while its listings are open', async (t) => {
  const { root, fs } = await wideTree(t);
  await removeTree(fs, '/t');
  assert.deepEqual(await readdir(root), []);
});

test('walks and removals stop below their depth limit (1,000 levels unless told)', async (t) => {
  assert.equal(MAX_TREE_DEPTH, 1000, "SFTPGo's recursion limit");
  const limit = 5;
  const deepest = await chain(t, limit - 1);
  let count = 0;
  for await (const item of walkTree(deepest, '/chain', limit)) if (item.entry.kind === 'directory') count++;
  assert.equal(count, limit - 1, `${limit} levels with /chain itself are walked`);
  assert.deepEqual(await treeUsage(deepest, '/chain', limit), { files: 0, size: 0 });
  await removeTree(deepest, '/chain', limit);
  const tooDeep = await chain(t, limit);
  const walk = async () => {
    for await (const item of walkTree(tooDeep, '/chain', limit)) void item;
  };
  await assert.rejects(
    walk(),
    (err) => err instanceof FailureError && /more than 5 directory levels/.test(err.message),
  );
  await assert.rejects(treeUsage(tooDeep, '/chain', limit), FailureError);
  await assert.rejects(removeTree(tooDeep, '/chain', limit), FailureError);
  assert.deepEqual(await readdir(join(tooDeep.rootPath, 'chain')), ['d'], 'nothing was removed on the way');
});
