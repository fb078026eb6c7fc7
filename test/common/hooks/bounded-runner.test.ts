import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedRunner, BoundedRunnerError } from '../../../src/common/hooks/bounded-runner.js';

/** A task that runs until released, recording when it starts. */
function gate(started: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      started.push(name);
      await done;
    },
    release: () => release(),
  };
}

test('runs at most `concurrency` tasks, queues up to `queueSize`, refuses the rest', async () => {
  const runner = new BoundedRunner({ concurrency: 2, queueSize: 1 });
  const started: string[] = [];
  const gates = ['a', 'b', 'c', 'd'].map((n) => gate(started, n));
  assert.deepEqual(
    gates.map((g) => runner.submit(g.task)),
    [true, true, true, false],
  );
  assert.equal(runner.running, 2);
  assert.equal(runner.queued, 1);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(started, ['a', 'b']);
  gates[0]!.release();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(started, ['a', 'b', 'c']);
  gates[1]!.release();
  gates[2]!.release();
  await runner.idle();
  assert.equal(runner.running, 0);
  assert.equal(runner.queued, 0);
});

test('a task never runs inside submit, and a failing task does not stop the others', async () => {
  const runner = new BoundedRunner({ concurrency: 1, queueSize: 5 });
  const ran: string[] = [];
  runner.submit(() => Promise.reject(new Error('boom')));
  runner.submit(async () => {
    ran.push('second');
  });
  assert.deepEqual(ran, []);
  await runner.idle();
  assert.deepEqual(ran, ['second']);
});

test('idle resolves at once when nothing runs, and waits for tasks submitted while waiting', async () => {
  const runner = new BoundedRunner({ concurrency: 1, queueSize: 5 });
  await runner.idle();
  const order: string[] = [];
  runner.submit(async () => {
    order.push('first');
    runner.submit(async () => {
      order.push('late');
    });
  });
  await runner.idle();
  assert.deepEqual(order, ['first', 'late']);
});

test('limits out of range are refused with a typed error', () => {
  assert.throws(() => new BoundedRunner({ concurrency: 0, queueSize: 1 }), BoundedRunnerError);
  assert.throws(() => new BoundedRunner({ concurrency: 1.5, queueSize: 1 }), /concurrency/);
  assert.throws(() => new BoundedRunner({ concurrency: 1, queueSize: -1 }), /queueSize/);
});
