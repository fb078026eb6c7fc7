// Paged listing of a large directory: bounded pages, every entry exactly once.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LocalFs } from '../../src/vfs/index.js';
import { tempDir } from '../helpers/tmp.js';

const ENTRIES = 20_000;
const PAGE = 500;

describe('LocalFs.readdir on a large directory', () => {
  it(`lists ${ENTRIES} entries in pages of at most ${PAGE}`, async (t) => {
    const home = await tempDir(t, 'sftpgo-vfs-bigdir-');
    for (let i = 0; i < ENTRIES; i++) writeFileSync(join(home, `entry-${i}`), i % 7 === 0 ? 'seven' : '');
    const fs = await LocalFs.create({ root: home });

    const lister = await fs.readdir('/');
    // A small first page comes back small: the listing is not read whole before answering.
    assert.equal((await lister.next(10)).length, 10);
    await lister.close();

    const seen = new Set<string>();
    let pages = 0;
    const paged = await fs.readdir('/');
    for (;;) {
      const page = await paged.next(PAGE);
      if (page.length === 0) break;
      assert.ok(page.length <= PAGE, `page of ${page.length}`);
      pages += 1;
      for (const entry of page) {
        assert.ok(!seen.has(entry.name), `${entry.name} listed twice`);
        seen.add(entry.name);
        const index = Number(entry.name.slice('entry-'.length));
        assert.equal(entry.kind, 'file');
        assert.equal(entry.size, index % 7 === 0 ? 5 : 0);
      }
    }
    assert.equal(seen.size, ENTRIES);
    assert.ok(pages >= ENTRIES / PAGE, `${pages} pages`);
    assert.deepEqual(await paged.next(PAGE), []);
  });
});
