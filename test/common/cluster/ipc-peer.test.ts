import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { IpcPort } from '../../../src/common/cluster/index.js';
import {
  IpcClosedError,
  IpcOverloadedError,
  IpcPeer,
  IpcRemoteError,
  IpcTimeoutError,
} from '../../../src/common/cluster/index.js';
import { ConnectionLimitError } from '../../../src/common/registry/index.js';

const childScript = fileURLToPath(new URL('./ipc-child.js', import.meta.url));

/** A real child process and our end of its IPC channel. */
function child(t: TestContext, options?: ConstructorParameters<typeof IpcPeer>[1]) {
  const proc: ChildProcess = fork(childScript, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const peer = new IpcPeer(proc as unknown as IpcPort, options);
  t.after(() => {
    peer.close();
    proc.kill('SIGKILL');
  });
  return { proc, peer };
}

function nextNotice(peer: IpcPeer, method: string): Promise<unknown> {
  return new Promise((resolve) => peer.onNotice(method, resolve));
}

test('requests get their answers, in both directions, and notices arrive', async (t) => {
  const { peer } = child(t);
  assert.deepEqual(await peer.request('echo', { ip: '10.0.0.1', n: [1, 2] }), { ip: '10.0.0.1', n: [1, 2] });
  const pong = nextNotice(peer, 'pong');
  assert.equal(peer.notify('ping', 'hello'), true);
  assert.equal(await pong, 'hello');
  peer.handle('double', (n) => Number(n) * 2);
  const answered = nextNotice(peer, 'answered');
  peer.notify('ask-parent', null);
  assert.equal(await answered, 42);
  assert.equal(peer.pending, 0);
});

test('errors of the other end come back with their class when known', async (t) => {
  const { peer } = child(t);
  const limit = await peer.request('limit', null).catch((err: unknown) => err);
  assert.ok(limit instanceof ConnectionLimitError);
  assert.equal(limit.reason, 'per_host_limit');
  assert.equal(limit.message, 'too many from 127.0.0.1');
  const plain = await peer.request('fail', null).catch((err: unknown) => err);
  assert.ok(plain instanceof IpcRemoteError);
  assert.equal(plain.remoteName, 'TypeError');
  await assert.rejects(peer.request('no-such-method', null), /no handler for IPC method "no-such-method"/);
});

test('an unanswered request times out, and its late answer is ignored', async (t) => {
  const { peer } = child(t, { timeoutMs: 150 });
  await assert.rejects(peer.request('hang', null), IpcTimeoutError);
  await assert.rejects(peer.request('late', 400), IpcTimeoutError);
  assert.equal(peer.pending, 0);
  // The late answer arrives now; the channel still works after it.
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(await peer.request('echo', 'still here', 2000), 'still here');
});

test('pending requests are bounded', async (t) => {
  const { peer } = child(t, { maxPending: 2, timeoutMs: 5000 });
  const hanging = [peer.request('hang', 1), peer.request('hang', 2)];
  for (const h of hanging) h.catch(() => undefined);
  await assert.rejects(peer.request('echo', 3), IpcOverloadedError);
  assert.equal(peer.pending, 2);
  peer.close();
  for (const h of hanging) await assert.rejects(h, IpcClosedError);
});

test('a process gone mid-request rejects what it did not answer, and later requests', async (t) => {
  const { proc, peer } = child(t, { timeoutMs: 10_000 });
  assert.equal(await peer.request('echo', 'up'), 'up');
  const hanging = peer.request('hang', null);
  const started = Date.now();
  proc.kill('SIGKILL');
  await assert.rejects(hanging, IpcClosedError);
  assert.ok(Date.now() - started < 5000, 'rejected at the disconnect, not at the time-out');
  await assert.rejects(peer.request('echo', 'down'), IpcClosedError);
  assert.equal(peer.notify('ping', 'down'), false);
});
