import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createLogger } from '../../src/logger/index.js';
import { RotatingFileWriter, type RotatingFileOptions } from '../../src/logger/rotating-file.js';
import { tempDir } from '../helpers/tmp.js';
import { allLines, backupNames, fileLines, fileRecords, loggerOptions, numberedLine } from './log-files.js';

const backupPattern = /^sftpgo-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}\.log$/;

function writer(dir: string, overrides: Partial<RotatingFileOptions> = {}): RotatingFileWriter {
  return new RotatingFileWriter({
    filePath: join(dir, 'sftpgo.log'),
    maxSizeBytes: 1000,
    maxBackups: 0,
    maxAgeDays: 0,
    compress: false,
    utcTime: false,
    ...overrides,
  });
}

function expectedLines(count: number): string[] {
  return Array.from({ length: count }, (_, n) => numberedLine(n).slice(0, -1));
}

test('size rotation: full files of whole lines, nothing lost or repeated', async (t) => {
  const dir = await tempDir(t);
  const w = writer(dir);
  // 100-byte lines into 1000-byte files: exactly 10 lines per file, 25 files for 250 lines.
  for (let n = 0; n < 250; n++) w.write(numberedLine(n));
  await w.close();
  const backups = backupNames(dir, 'sftpgo', '.log');
  assert.equal(backups.length, 24);
  for (const name of backups) {
    assert.match(name, backupPattern);
    assert.equal(statSync(join(dir, name)).size, 1000, name);
  }
  assert.equal(statSync(join(dir, 'sftpgo.log')).size, 1000);
  assert.deepEqual(allLines(dir, 'sftpgo', '.log'), expectedLines(250));
  assert.equal(w.lostLines, 0);
});

test('rotation keeps order when writes come from many interleaved producers', async (t) => {
  const dir = await tempDir(t);
  const w = writer(dir, { maxSizeBytes: 4096, highWaterMark: 700 });
  let next = 0;
  // Several async producers, each yielding to the event loop between bursts of lines: batches
  // and rotations happen at arbitrary points between their writes.
  const producer = async (): Promise<void> => {
    for (let burst = 0; burst < 20; burst++) {
      for (let i = 0; i < 1 + (burst % 4); i++) w.write(numberedLine(next++, 50 + (next % 70)));
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: 8 }, producer));
  await w.close();
  const numbers = allLines(dir, 'sftpgo', '.log').map((line) => (JSON.parse(line) as { n: number }).n);
  assert.deepEqual(
    numbers,
    Array.from({ length: next }, (_, n) => n),
  );
  assert.ok(backupNames(dir, 'sftpgo', '.log').length >= 5);
  for (const name of [...backupNames(dir, 'sftpgo', '.log'), 'sftpgo.log']) {
    assert.ok(statSync(join(dir, name)).size <= 4096, name);
  }
});

test('maxBackups keeps the newest rotated files only', async (t) => {
  const dir = await tempDir(t);
  const w = writer(dir, { maxBackups: 3 });
  for (let n = 0; n < 200; n++) w.write(numberedLine(n));
  await w.close();
  const backups = backupNames(dir, 'sftpgo', '.log');
  assert.equal(backups.length, 3);
  // The kept files are the last ones written: lines 160..199 across 3 backups and the live file.
  assert.deepEqual(allLines(dir, 'sftpgo', '.log'), expectedLines(200).slice(160));
});

test('an existing file is appended to and rotated when it would grow past the limit', async (t) => {
  const dir = await tempDir(t);
  writeFileSync(join(dir, 'sftpgo.log'), numberedLine(-2) + numberedLine(-1));
  const w = writer(dir, { maxSizeBytes: 300 });
  for (let n = 0; n < 2; n++) w.write(numberedLine(n));
  await w.close();
  const backups = backupNames(dir, 'sftpgo', '.log');
  assert.equal(backups.length, 1);
  assert.deepEqual(
    fileLines(join(dir, backups[0]!)),
    [numberedLine(-2), numberedLine(-1), numberedLine(0)].map((l) => l.slice(0, -1)),
  );
  assert.deepEqual(fileLines(join(dir, 'sftpgo.log')), [numberedLine(1).slice(0, -1)]);
});

test('a line larger than the limit is written whole, in a file of its own', async (t) => {
  const dir = await tempDir(t);
  const w = writer(dir, { maxSizeBytes: 200 });
  w.write(numberedLine(0));
  w.write(numberedLine(1, 500));
  w.write(numberedLine(2));
  await w.close();
  const backups = backupNames(dir, 'sftpgo', '.log');
  assert.equal(backups.length, 2);
  assert.equal(statSync(join(dir, backups[1]!)).size, 500);
  assert.deepEqual(
    allLines(dir, 'sftpgo', '.log').map((l) => (JSON.parse(l) as { n: number }).n),
    [0, 1, 2],
  );
});

test('rotated files are gzipped in the background; originals removed; contents intact', async (t) => {
  const dir = await tempDir(t);
  const w = writer(dir, { compress: true, maxBackups: 4 });
  for (let n = 0; n < 95; n++) w.write(numberedLine(n));
  await w.close();
  const names = readdirSync(dir).sort();
  const backups = backupNames(dir, 'sftpgo', '.log');
  assert.equal(backups.length, 4);
  for (const name of backups) assert.ok(name.endsWith('.log.gz'), name);
  assert.deepEqual(
    names,
    [...backups, 'sftpgo.log'].sort(),
    'no uncompressed backup or temporary file is left',
  );
  assert.deepEqual(allLines(dir, 'sftpgo', '.log'), expectedLines(95).slice(50));
  // Compressed files keep the log file's restrictive permissions.
  assert.equal(statSync(join(dir, backups[0]!)).mode & 0o777, 0o600);
});

test('age cleanup goes by the timestamp in the backup name', async (t) => {
  const dir = await tempDir(t);
  const old = 'sftpgo-2020-01-01T00-00-00.000.log';
  const oldGz = 'sftpgo-2020-01-02T00-00-00.000.log.gz';
  const recentDate = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const recent = `sftpgo-${recentDate.getFullYear()}-${String(recentDate.getMonth() + 1).padStart(2, '0')}-${String(recentDate.getDate()).padStart(2, '0')}T00-00-00.000.log`;
  const unrelated = ['sftpgo-notes.log', 'other-2020-01-01T00-00-00.000.log'];
  for (const name of [old, recent, ...unrelated]) writeFileSync(join(dir, name), 'x\n');
  writeFileSync(join(dir, oldGz), gzipSync('x\n'));
  // The recent backup's mtime is years old: the name, not the mtime, decides its age (so a
  // copied or re-compressed backup does not change its fate).
  const longAgo = new Date('2019-06-01T00:00:00Z');
  utimesSync(join(dir, recent), longAgo, longAgo);
  const w = writer(dir, { maxAgeDays: 7 });
  await w.close();
  assert.equal(existsSync(join(dir, old)), false);
  assert.equal(existsSync(join(dir, oldGz)), false);
  assert.equal(existsSync(join(dir, recent)), true);
  for (const name of unrelated) assert.equal(existsSync(join(dir, name)), true, name);
});

test('reopen after the file was moved away: later lines go to a new file at the path', async (t) => {
  const dir = await tempDir(t);
  const w = writer(dir, { maxSizeBytes: 1_000_000 });
  const path = join(dir, 'sftpgo.log');
  const moved = join(dir, 'sftpgo.log.1');
  w.write(numberedLine(0));
  w.flushSync();
  renameSync(path, moved);
  // Until reopen, the open descriptor still points at the moved file, as with any logger.
  w.write(numberedLine(1));
  await w.reopen();
  assert.equal(existsSync(path), true);
  w.write(numberedLine(2));
  await w.close();
  assert.deepEqual(fileLines(moved), expectedLines(2));
  assert.deepEqual(fileLines(path), [numberedLine(2).slice(0, -1)]);
});

test(
  'write errors count lost lines and are reported once per failure streak',
  { skip: !existsSync('/dev/full') },
  async () => {
    // /dev/full answers every write with ENOSPC: a real full disk without filling one.
    const errors: Error[] = [];
    const w = new RotatingFileWriter({
      filePath: '/dev/full',
      maxSizeBytes: Number.MAX_SAFE_INTEGER,
      maxBackups: 0,
      maxAgeDays: 0,
      compress: false,
      utcTime: false,
      onError: (err) => errors.push(err),
    });
    w.write(numberedLine(0));
    w.flushSync();
    w.write(numberedLine(1));
    w.write(numberedLine(2));
    await w.close();
    assert.equal(w.lostLines, 3);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /cannot write to log file "\/dev\/full"/);
  },
);

test('createLogger rotates by maxSizeMB and names backups with the UTC time when asked', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'sftpgo.log');
  const before = new Date();
  const log = createLogger(loggerOptions({ filePath: path, maxSizeMB: 0.01, maxBackups: 2, utcTime: true }));
  const message = 'm'.repeat(900);
  for (let n = 0; n < 60; n++) log.info('test', message, { n });
  await log.close();
  const backups = backupNames(dir, 'sftpgo', '.log');
  assert.equal(backups.length, 2);
  for (const name of backups) {
    assert.ok(statSync(join(dir, name)).size <= 0.01 * 1024 * 1024);
    const stamp = name
      .slice('sftpgo-'.length, -'.log'.length)
      .replace(/T(\d{2})-(\d{2})-(\d{2})/, 'T$1:$2:$3');
    const instant = Date.parse(`${stamp}Z`);
    assert.ok(
      instant >= before.getTime() - 1 && instant <= Date.now() + 100,
      `${name} is not a UTC timestamp of now`,
    );
  }
  const ns = [...backups, 'sftpgo.log'].flatMap((name) => fileRecords(join(dir, name)).map((r) => r.n));
  assert.deepEqual(
    ns,
    Array.from({ length: ns.length }, (_, i) => 60 - ns.length + i),
  );
});

test('rotate() on demand moves the current file to a backup and starts a new one', async (t) => {
  const dir = await tempDir(t);
  const w = writer(dir, { maxSizeBytes: 1_000_000, maxBackups: 1 });
  w.write(numberedLine(0));
  await w.rotate();
  w.write(numberedLine(1));
  await w.rotate();
  w.write(numberedLine(2));
  await w.close();
  // Two rotations, one backup kept: the newest.
  const backups = backupNames(dir, 'sftpgo', '.log');
  assert.equal(backups.length, 1);
  assert.deepEqual(fileLines(join(dir, backups[0]!)), [numberedLine(1).slice(0, -1)]);
  assert.deepEqual(fileLines(join(dir, 'sftpgo.log')), [numberedLine(2).slice(0, -1)]);
});

for (const [operation, code] of [
  ['reopen', 'LOG_FILE_OPEN_FAILED'],
  ['rotate', 'LOG_ROTATE_FAILED'],
] as const) {
  test(`${operation}() failure is a typed rejection and logging goes on in the current file`, async (t) => {
    const dir = await tempDir(t);
    const sub = join(dir, 'logs');
    const w = writer(sub, { maxSizeBytes: 1_000_000 });
    w.write(numberedLine(0));
    // Replace the directory by a file: nothing can be created at the path any more.
    renameSync(sub, join(dir, 'moved'));
    writeFileSync(sub, 'not a directory');
    await assert.rejects(w[operation](), { name: 'LoggerError', code });
    w.write(numberedLine(1));
    await w.close();
    assert.deepEqual(fileLines(join(dir, 'moved', 'sftpgo.log')), expectedLines(2));
  });
}

test('a stderr logger has no file to rotate', async () => {
  const log = createLogger(loggerOptions());
  await assert.rejects(log.rotate(), { name: 'LoggerError', code: 'LOG_NO_FILE' });
  await log.reopen();
  await log.close();
});
