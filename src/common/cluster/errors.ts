/** Errors of the IPC layer between the cluster primary and its workers. */

/** The other end did not answer in time. */
export class IpcTimeoutError extends Error {
  readonly code = 'ERR_IPC_TIMEOUT';
  constructor(method: string, timeoutMs: number) {
    super(`IPC request "${method}" got no answer within ${timeoutMs} ms`);
    this.name = 'IpcTimeoutError';
  }
}

/** Too many requests already wait for their answer. */
export class IpcOverloadedError extends Error {
  readonly code = 'ERR_IPC_OVERLOADED';
  constructor(method: string, maxPending: number) {
    super(`IPC request "${method}" refused: ${maxPending} requests already pending`);
    this.name = 'IpcOverloadedError';
  }
}

/** The channel is closed (the other process is gone, or this end was closed). */
export class IpcClosedError extends Error {
  readonly code = 'ERR_IPC_CLOSED';
  constructor(method: string) {
    super(`IPC channel closed: "${method}" cannot be answered`);
    this.name = 'IpcClosedError';
  }
}

/** An error of the other end whose class is not known here. */
export class IpcRemoteError extends Error {
  readonly code = 'ERR_IPC_REMOTE';
  readonly remoteName: string;
  constructor(remoteName: string, message: string) {
    super(message);
    this.name = 'IpcRemoteError';
    this.remoteName = remoteName;
  }
}
