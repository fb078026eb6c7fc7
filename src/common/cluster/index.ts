/** Several worker processes sharing one state: the IPC layer, the workers' registry and guards, the primary's host. */
export { IpcPeer } from './ipc-peer.js';
export type { IpcPeerOptions, IpcPort } from './ipc-peer.js';
export { IpcClosedError, IpcOverloadedError, IpcRemoteError, IpcTimeoutError } from './errors.js';
export { ipcMethods } from './methods.js';
export { RemoteConnection } from './connection-snapshot.js';
export { WorkerRegistry } from './worker-registry.js';
export { WorkerGuards } from './worker-guards.js';
export { ClusterStateHost } from './state-host.js';
