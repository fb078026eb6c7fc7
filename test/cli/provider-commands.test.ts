import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LATEST_SCHEMA_VERSION } from '../../src/dataprovider/store/index.js';
import { cleanEnv, runCliToEnd } from '../helpers/cli.js';
import { cliPath } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

/** Runs the command with `input` on its standard input. */
function runWithInput(args: string[], input: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: cleanEnv() });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.resume();
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(input);
  });
}

test('initprovider creates the SQLite schema, revertprovider and resetprovider undo it', async (t) => {
  const dir = await tempDir(t);
  const init = await runCliToEnd(['initprovider', '-c', dir]);
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, new RegExp(`initialized: schema version 0 -> ${LATEST_SCHEMA_VERSION}`));
  assert.ok(existsSync(join(dir, 'sftpgo.db')));

  const again = await runCliToEnd(['initprovider', '-c', dir]);
  assert.match(again.stdout, new RegExp(`initialized: schema version ${LATEST_SCHEMA_VERSION}$`, 'm'));

  const revert = await runCliToEnd(['revertprovider', '-c', dir, '--to-version', '1']);
  assert.equal(revert.code, 0, revert.stderr);
  assert.match(revert.stdout, new RegExp(`reverted: schema version ${LATEST_SCHEMA_VERSION} -> 1`));
  const tooFar = await runCliToEnd(['revertprovider', '-c', dir, '--to-version', '1']);
  assert.equal(tooFar.code, 1);
  assert.match(tooFar.stderr, /nothing to revert/);

  const declined = await runWithInput(['resetprovider', '-c', dir], 'n\n');
  assert.equal(declined.code, 1);
  assert.match(declined.stderr, /aborted/);
  const confirmed = await runWithInput(['resetprovider', '-c', dir], 'Y\n');
  assert.equal(confirmed.code, 0, confirmed.stderr);
  const forced = await runCliToEnd(['resetprovider', '-c', dir, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /reset: every table removed/);
});

test('schema commands refuse the memory and bolt drivers with a clear message', async (t) => {
  const dir = await tempDir(t);
  const memory = { SFTPGO_DATA_PROVIDER__DRIVER: 'memory' };
  assert.equal((await runCliToEnd(['initprovider', '-c', dir], memory)).code, 0);
  const revert = await runCliToEnd(['revertprovider', '-c', dir], memory);
  assert.equal(revert.code, 1);
  assert.match(revert.stderr, /memory/);
  const bolt = await runCliToEnd(['initprovider', '-c', dir], { SFTPGO_DATA_PROVIDER__DRIVER: 'bolt' });
  assert.equal(bolt.code, 1);
  assert.match(bolt.stderr, /sqlite/);
});
