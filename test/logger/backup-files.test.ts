import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackupNaming, planCleanup, type BackupFile } from '../../src/logger/backup-files.js';

const naming = new BackupNaming('/var/log/sftpgo.log', true);

function backup(name: string): BackupFile {
  const parsed = naming.parse(name);
  assert.ok(parsed, name);
  return parsed;
}

test('backup names put the timestamp before the extension', () => {
  assert.equal(
    naming.nameFor(new Date(Date.UTC(2026, 10, 21, 6, 30, 0, 0))),
    'sftpgo-2026-11-21T06-30-00.000.log',
  );
  assert.equal(
    new BackupNaming('/x/access', true).nameFor(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))),
    'access-2026-01-02T03-04-05.006',
  );
  assert.deepEqual(backup('sftpgo-2026-11-21T06-30-00.000.log.gz'), {
    name: 'sftpgo-2026-11-21T06-30-00.000.log.gz',
    plainName: 'sftpgo-2026-11-21T06-30-00.000.log',
    timestamp: new Date(Date.UTC(2026, 10, 21, 6, 30)),
    compressed: true,
  });
  for (const other of [
    'sftpgo.log',
    'sftpgo-old.log',
    'other-2026-11-21T06-30-00.000.log',
    'sftpgo-2026-11-21T06-30-00.000.txt',
  ]) {
    assert.equal(naming.parse(other), undefined, other);
  }
});

const now = new Date(Date.UTC(2026, 10, 21, 12, 0));
// Newest first, as listBackups returns them; day 20 exists both plain and compressed.
const backups = [
  'sftpgo-2026-11-21T06-00-00.000.log',
  'sftpgo-2026-11-20T06-00-00.000.log.gz',
  'sftpgo-2026-11-20T06-00-00.000.log',
  'sftpgo-2026-11-10T06-00-00.000.log.gz',
  'sftpgo-2026-10-01T06-00-00.000.log',
].map(backup);

test('count limit keeps the newest, a file and its .gz counting once', () => {
  const plan = planCleanup(backups, { maxBackups: 2, maxAgeDays: 0, compress: false }, now);
  assert.deepEqual(plan.remove, [
    'sftpgo-2026-11-10T06-00-00.000.log.gz',
    'sftpgo-2026-10-01T06-00-00.000.log',
  ]);
  assert.deepEqual(plan.compress, []);
});

test('age limit goes by the timestamp in the name', () => {
  const plan = planCleanup(backups, { maxBackups: 0, maxAgeDays: 7, compress: false }, now);
  assert.deepEqual(plan.remove, [
    'sftpgo-2026-11-10T06-00-00.000.log.gz',
    'sftpgo-2026-10-01T06-00-00.000.log',
  ]);
});

test('zero limits keep everything; compression takes every kept plain backup', () => {
  const plan = planCleanup(backups, { maxBackups: 0, maxAgeDays: 0, compress: true }, now);
  assert.deepEqual(plan.remove, []);
  assert.deepEqual(plan.compress, [
    'sftpgo-2026-11-21T06-00-00.000.log',
    'sftpgo-2026-11-20T06-00-00.000.log',
    'sftpgo-2026-10-01T06-00-00.000.log',
  ]);
});

test('both limits together, then compression of what is left', () => {
  const plan = planCleanup(backups, { maxBackups: 3, maxAgeDays: 5, compress: true }, now);
  assert.deepEqual(plan.remove, [
    'sftpgo-2026-10-01T06-00-00.000.log',
    'sftpgo-2026-11-10T06-00-00.000.log.gz',
  ]);
  assert.deepEqual(plan.compress, [
    'sftpgo-2026-11-21T06-00-00.000.log',
    'sftpgo-2026-11-20T06-00-00.000.log',
  ]);
});
