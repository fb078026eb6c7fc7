import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tuneHeapForTransfers } from '../../src/service/heap-tuning.js';

const moduleUrl = new URL('../../src/service/heap-tuning.js', import.meta.url).href;

test('the growing factor is set unless Node was started with its own', () => {
  assert.equal(tuneHeapForTransfers([]), true);
  assert.equal(tuneHeapForTransfers(['--heap-growing-percent=50']), false);
  assert.equal(tuneHeapForTransfers(['--inspect', '--heap-growing-percent', '50']), false);
  assert.equal(tuneHeapForTransfers(['--heap-growing-percentage=50']), true);
});

test('a process started with its own factor keeps it', () => {
  // The decision reads the real execArgv of a fresh process.
  const script = `import(${JSON.stringify(moduleUrl)}).then((m) => process.stdout.write(String(m.tuneHeapForTransfers())))`;
  const run = (args: string[]) =>
    execFileSync(process.execPath, [...args, '-e', script], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('.', import.meta.url)),
    });
  assert.equal(run([]), 'true');
  assert.equal(run(['--heap-growing-percent=50']), 'false');
});
