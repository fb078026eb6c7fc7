// A child process at the other end of a real IPC channel, for ipc-peer.test.ts: it answers `echo`,
// throws typed and plain errors, never answers `hang`, answers `late` after a delay, exits on `exit`.
import { setTimeout as sleep } from 'node:timers/promises';
import type { IpcPort } from '../../../src/common/cluster/index.js';
import { IpcPeer } from '../../../src/common/cluster/index.js';
import { ConnectionLimitError } from '../../../src/common/registry/index.js';

const peer = new IpcPeer(process as IpcPort);
peer.handle('echo', (params) => params);
peer.handle('limit', () => {
  throw new ConnectionLimitError('per_host_limit', 'too many from 127.0.0.1');
});
peer.handle('fail', () => {
  throw new TypeError('plain failure');
});
peer.handle('hang', () => new Promise(() => undefined));
peer.handle('late', async (ms) => {
  await sleep(Number(ms));
  return 'late answer';
});
peer.handle('exit', () => process.exit(0));
peer.onNotice('ping', (params) => peer.notify('pong', params));
peer.onNotice('ask-parent', async () => {
  peer.notify('answered', await peer.request('double', 21));
});
