import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectIPListEntries } from '../../../src/httpd/api/ip-lists.js';
import type { IPListEntry, IPListType } from '../../../src/dataprovider/index.js';

const entry = (type: IPListType, ipornet: string): IPListEntry => ({
  ipornet,
  type,
  mode: 1,
  protocols: 0,
  description: '',
  created_at: 0,
  updated_at: 0,
});

const entries = [
  entry(1, '10.0.0.2/32'),
  entry(2, '10.0.0.1/32'),
  entry(1, '10.0.0.10/32'),
  entry(1, '192.0.2.0/24'),
  entry(1, '10.0.0.1/32'),
];

const names = (list: IPListEntry[]) => list.map((e) => e.ipornet);

test('one list, ordered by the text of ipornet, in pages that start after `from`', () => {
  const asc = { limit: 100, order: 'ASC' as const };
  // Text order, as the providers sort the column: 10.0.0.10 comes before 10.0.0.2.
  assert.deepEqual(names(selectIPListEntries(entries, 1, asc)), [
    '10.0.0.1/32',
    '10.0.0.10/32',
    '10.0.0.2/32',
    '192.0.2.0/24',
  ]);
  assert.deepEqual(names(selectIPListEntries(entries, 1, { ...asc, limit: 2 })), [
    '10.0.0.1/32',
    '10.0.0.10/32',
  ]);
  assert.deepEqual(names(selectIPListEntries(entries, 1, { ...asc, limit: 2, from: '10.0.0.10/32' })), [
    '10.0.0.2/32',
    '192.0.2.0/24',
  ]);
  assert.deepEqual(names(selectIPListEntries(entries, 1, { limit: 2, order: 'DESC', from: '10.0.0.2/32' })), [
    '10.0.0.10/32',
    '10.0.0.1/32',
  ]);
  assert.deepEqual(names(selectIPListEntries(entries, 1, { ...asc, filter: '10.0.0.1' })), [
    '10.0.0.1/32',
    '10.0.0.10/32',
  ]);
  assert.deepEqual(names(selectIPListEntries(entries, 2, asc)), ['10.0.0.1/32']);
  assert.deepEqual(selectIPListEntries(entries, 3, asc), []);
});
