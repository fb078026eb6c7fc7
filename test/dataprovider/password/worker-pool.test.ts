import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { compareSync, hashSync } from 'bcryptjs';
import {
  createPasswordHasher,
  defaultPasswordHashingOptions,
  PasswordHasherClosedError,
  PasswordQueueFullError,
  PasswordWorkerError,
} from '../../../src/dataprovider/password/index.js';
import { WorkerPool } from '../../../src/dataprovider/password/worker-pool.js';
import { repoRoot } from '../../helpers/paths.js';

const hashWorker = pathToFileURL(`${repoRoot}/dist/src/dataprovider/password/hash-worker.js`);
const exitingWorker = pathToFileURL(`${repoRoot}/test/fixtures/password/exiting-worker.mjs`);

/** Runs `work` while a 5 ms interval ticks; returns the longest gap between ticks and the tick count. */
async function watchEventLoop(work: () => Promise<unknown>): Promise<{ maxGap: number; ticks: number }> {
  let last = performance.now();
  let maxGap = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
  }, 5);
  try {
    await work();
    const now = performance.now();
    return { maxGap: Math.max(maxGap, now - last), ticks };
  } finally {
    clearInterval(timer);
  }
}

test('the event loop keeps ticking while bcrypt cost-12 checks run in the pool', async (t) => {
  const stored = hashSync('correct horse', 12);
  // Control: the same check on the event loop stops the timer for its whole duration.
  const control = await watchEventLoop(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(compareSync('correct horse', stored), true);
  });
  assert.ok(control.maxGap > 150, `the control blocked the loop for only ${control.maxGap} ms`);

  const hasher = createPasswordHasher(defaultPasswordHashingOptions, { workers: 2 });
  t.after(() => hasher.close());
  const pooled = await watchEventLoop(async () => {
    const results = await Promise.all([
      hasher.verify('correct horse', stored),
      hasher.verify('correct horse', stored),
      hasher.verify('wrong horse', stored),
      hasher.verify('correct horse', stored),
    ]);
    assert.deepEqual(results, [true, true, false, true]);
  });
  assert.ok(
    pooled.maxGap < control.maxGap / 2,
    `the loop stalled ${pooled.maxGap} ms with the pool, ${control.maxGap} ms without`,
  );
  assert.ok(pooled.ticks >= 20, `only ${pooled.ticks} ticks while four checks ran`);
});

test('a full queue refuses new work with PasswordQueueFullError', async (t) => {
  const stored = hashSync('pw', 10);
  const hasher = createPasswordHasher(defaultPasswordHashingOptions, { workers: 1, maxQueued: 2 });
  t.after(() => hasher.close());
  const running = hasher.verify('pw', stored);
  const queued = [hasher.verify('pw', stored), hasher.verify('nope', stored)];
  await assert.rejects(hasher.verify('pw', stored), (error: unknown) => {
    assert.ok(error instanceof PasswordQueueFullError);
    assert.equal(error.code, 'ERR_PASSWORD_QUEUE_FULL');
    return true;
  });
  assert.deepEqual(await Promise.all([running, ...queued]), [true, true, false]);
  // Once the queue drains, work is accepted again.
  assert.equal(await hasher.verify('pw', stored), true);
});

test('close() rejects running and queued work and stops the workers', async () => {
  const stored = hashSync('pw', 12);
  const hasher = createPasswordHasher(defaultPasswordHashingOptions, { workers: 1, maxQueued: 5 });
  const pending = [hasher.verify('pw', stored), hasher.verify('pw', stored), hasher.hash('new')];
  const settled = Promise.allSettled(pending);
  const started = performance.now();
  await hasher.close();
  const results = await settled;
  assert.ok(performance.now() - started < 1000, 'close waited for the bcrypt work instead of stopping it');
  for (const result of results) {
    assert.equal(result.status, 'rejected');
    assert.ok(result.reason instanceof PasswordHasherClosedError, String(result.reason));
  }
});

test('a job that fails in the worker rejects with PasswordWorkerError', async (t) => {
  const pool = new WorkerPool({ script: hashWorker, size: 1, maxQueued: 0 });
  t.after(() => pool.close());
  // A one-byte salt is below argon2's minimum; the hasher never sends one, so this goes to the pool directly.
  const job = {
    kind: 'argon2id',
    password: new Uint8Array(1),
    salt: new Uint8Array(1),
    memory: 64,
    iterations: 1,
    parallelism: 1,
    length: 32,
  };
  await assert.rejects(pool.run(job), PasswordWorkerError);
  const good = { ...job, salt: new Uint8Array(8) };
  assert.equal(((await pool.run(good)) as Uint8Array).length, 32, 'the worker is still usable');
});

test('a worker that dies fails its job and is replaced', async (t) => {
  const pool = new WorkerPool({ script: exitingWorker, size: 1, maxQueued: 4 });
  t.after(() => pool.close());
  const dying = pool.run('exit');
  const next = pool.run('after');
  await assert.rejects(dying, (error: unknown) => {
    assert.ok(error instanceof PasswordWorkerError);
    assert.match(error.message, /code 3/);
    return true;
  });
  assert.equal(await next, 'after');
});

test('the pool refuses sizes it cannot use', () => {
  assert.throws(() => new WorkerPool({ script: hashWorker, size: 0, maxQueued: 1 }), RangeError);
  assert.throws(() => new WorkerPool({ script: hashWorker, size: 1, maxQueued: -1 }), RangeError);
});

test('idle workers do not keep a process alive, busy ones do', async () => {
  // The child awaits a hash with nothing else to keep it alive, then never calls close(): it must print
  // the result (a busy worker holds the process) and then exit by itself (idle workers do not).
  const index = pathToFileURL(`${repoRoot}/dist/src/dataprovider/password/index.js`).href;
  const script = `
    import { createPasswordHasher, defaultPasswordHashingOptions } from ${JSON.stringify(index)};
    const hasher = createPasswordHasher({ ...defaultPasswordHashingOptions, algo: 'bcrypt', bcrypt: { cost: 8 } });
    const hashed = await hasher.hash('pässwörd');
    console.log(await hasher.verify('pässwörd', hashed));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    timeout: 20_000,
  });
  assert.equal(stdout, 'true\n');
});
