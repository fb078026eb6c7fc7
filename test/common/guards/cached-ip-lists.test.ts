import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CachedIPLists } from '../../../src/common/guards/index.js';
import type { IPListSource } from '../../../src/common/guards/index.js';
import type { IPListEntry } from '../../../src/dataprovider/index.js';

// An in-memory source standing in for the provider's IP list service (whose own tests run on
// every driver); the point here is when the cache reads it again.

function source(): IPListSource & { entries: IPListEntry[]; reads: number; bump(): void; fail: boolean } {
  let changes = 0;
  const s = {
    entries: [] as IPListEntry[],
    reads: 0,
    fail: false,
    get changes() {
      return changes;
    },
    bump() {
      changes++;
    },
    async all() {
      s.reads++;
      if (s.fail) throw new Error('database down');
      return [...s.entries];
    },
  };
  return s;
}

const entry = (ipornet: string, type: 1 | 2 | 3, mode: 1 | 2 = 1): IPListEntry => ({
  ipornet,
  type,
  mode,
  protocols: 0,
  description: '',
  created_at: 0,
  updated_at: 0,
});

test('reads once, then again after a local change or the time limit; keeps the old lists on failure', async () => {
  let now = 0;
  const src = source();
  src.entries.push(entry('192.0.2.0/24', 1));
  const lists = new CachedIPLists(src, { ttlMs: 1000, now: () => now });
  assert.equal(await lists.match(1, '192.0.2.5', 'SSH'), 1);
  assert.equal(await lists.match(1, '192.0.2.6', 'SSH'), 1);
  assert.equal(src.reads, 1);
  src.entries.push(entry('198.51.100.0/24', 2, 2));
  assert.equal(await lists.match(2, '198.51.100.1', 'SSH'), undefined);
  src.bump();
  assert.equal(await lists.match(2, '198.51.100.1', 'SSH'), 2);
  assert.equal(src.reads, 2);
  src.entries.splice(0);
  now = 1500;
  src.fail = true;
  assert.equal(await lists.match(1, '192.0.2.5', 'SSH'), 1, 'a failed read keeps what was read before');
  src.fail = false;
  assert.equal(await lists.match(1, '192.0.2.5', 'SSH'), undefined);
  assert.equal(src.reads, 4);
});

test('concurrent checks share one read', async () => {
  const src = source();
  const lists = new CachedIPLists(src);
  await Promise.all(Array.from({ length: 10 }, () => lists.match(3, '192.0.2.1', 'HTTP')));
  assert.equal(src.reads, 1);
});
