import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';
import { fileRecords, loggerOptions } from './log-files.js';

const loggerModule = `${repoRoot}/dist/src/logger/index.js`;

/** Runs an ES module snippet in a fresh Node process with `createLogger` imported. */
function runSnippet(body: string): { status: number | null; stdout: string; stderr: string } {
  const source = `import { createLogger } from ${JSON.stringify(loggerModule)};\n${body}`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const options = (filePath: string): string => JSON.stringify(loggerOptions({ filePath, utcTime: true }));

test('an empty filePath writes JSON lines to stderr, nothing to stdout', () => {
  const { status, stdout, stderr } = runSnippet(`
    const log = createLogger(${options('')});
    log.info('sftpd', 'hello from stderr');
    log.connectionFailed({ clientIp: '203.0.113.9', username: 'u', loginType: 'publickey', protocol: 'SSH', error: 'denied' });
    await log.close();
  `);
  assert.equal(status, 0, stderr);
  assert.equal(stdout, '');
  const records = stderr
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(
    records.map((r) => [r.level, r.sender]),
    [
      ['info', 'sftpd'],
      ['debug', 'connection_failed'],
    ],
  );
  assert.equal(records[0]!.message, 'hello from stderr');
});

test('stderr records queued when the process exits are not lost', () => {
  const { status, stderr } = runSnippet(`
    const log = createLogger(${options('')});
    for (let i = 0; i < 500; i++) log.info('test', 'line ' + i);
    process.exit(3);
  `);
  assert.equal(status, 3);
  assert.equal(stderr.trim().split('\n').length, 500);
});

test('file records queued when the process exits are flushed by the exit hook', async (t) => {
  const path = join(await tempDir(t), 'sftpgo.log');
  const { status, stderr } = runSnippet(`
    const log = createLogger(${options(path)});
    for (let i = 0; i < 1000; i++) log.info('test', 'line ' + i, { i });
    process.exit(0);
  `);
  assert.equal(status, 0, stderr);
  const records = fileRecords(path);
  assert.equal(records.length, 1000);
  assert.equal(records[999]!.i, 999);
});

test('records logged just before an uncaught exception still reach the file', async (t) => {
  const path = join(await tempDir(t), 'sftpgo.log');
  const { status } = runSnippet(`
    const log = createLogger(${options(path)});
    log.error('service', 'about to crash');
    // Thrown in the same turn: the batch has not been written yet, only the exit hook can save it.
    throw new Error('boom');
  `);
  assert.notEqual(status, 0);
  assert.deepEqual(
    fileRecords(path).map((r) => r.message),
    ['about to crash'],
  );
});
