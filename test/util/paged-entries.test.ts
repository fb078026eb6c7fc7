import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagedEntries } from '../../src/util/paged-entries.js';

/** A lister over `items` that records the page sizes asked for and whether it was closed. */
function lister(items: number[]) {
  const state = { asked: [] as number[], closed: 0 };
  let at = 0;
  return {
    state,
    next: async (limit: number) => {
      state.asked.push(limit);
      const page = items.slice(at, at + limit);
      at += page.length;
      return page;
    },
    close: async () => {
      state.closed++;
    },
  };
}

test('every entry in order, a page at a time, then the lister is closed', async () => {
  const l = lister([1, 2, 3, 4, 5]);
  const seen: number[] = [];
  for await (const n of pagedEntries(l, 2)) seen.push(n);
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.deepEqual(l.state.asked, [2, 2, 2, 2]);
  assert.equal(l.state.closed, 1);
});

test('a loop that breaks off or throws closes the lister too', async () => {
  const broken = lister([1, 2, 3]);
  for await (const n of pagedEntries(broken, 10)) if (n === 2) break;
  assert.equal(broken.state.closed, 1);
  const thrown = lister([1, 2, 3]);
  await assert.rejects(async () => {
    for await (const n of pagedEntries(thrown, 1)) if (n === 2) throw new Error('stop');
  }, /stop/);
  assert.equal(thrown.state.closed, 1);
  assert.deepEqual(thrown.state.asked, [1, 1], 'no page is read past the one that threw');
});
