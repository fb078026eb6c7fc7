/** A connection of a worker as the primary knows it: a snapshot refreshed by the worker, closed over IPC. */
import type { ActiveConnection, TransferInfo } from '../connection-info.js';

/** What travels over IPC for one connection: its fixed fields and its activity when it was taken. */
export type ConnectionSnapshot = Pick<
  ActiveConnection,
  'id' | 'username' | 'protocol' | 'remoteIp' | 'remoteAddress' | 'connectedAt' | 'clientVersion'
> & {
  readonly lastActivity: number;
  readonly lastCommand?: string;
  readonly transfers: readonly TransferInfo[];
};

export function snapshotOf(connection: ActiveConnection): ConnectionSnapshot {
  const lastCommand = connection.lastCommand?.();
  return {
    id: connection.id,
    username: connection.username,
    protocol: connection.protocol,
    remoteIp: connection.remoteIp,
    remoteAddress: connection.remoteAddress,
    connectedAt: connection.connectedAt,
    lastActivity: connection.lastActivity(),
    ...(connection.clientVersion !== undefined ? { clientVersion: connection.clientVersion } : {}),
    ...(lastCommand !== undefined ? { lastCommand } : {}),
    transfers: connection.activeTransfers().map((t) => ({ ...t })),
  };
}

/** A worker's connection in the primary's registry. */
export class RemoteConnection implements ActiveConnection {
  readonly id: string;
  readonly username: string;
  readonly protocol: string;
  readonly remoteIp: string;
  readonly remoteAddress: string;
  readonly connectedAt: number;
  readonly clientVersion?: string;
  /** The worker that serves it. */
  readonly workerId: number;
  #snapshot: ConnectionSnapshot;
  readonly #close: (id: string, reason: string) => void;

  constructor(workerId: number, snapshot: ConnectionSnapshot, close: (id: string, reason: string) => void) {
    this.workerId = workerId;
    this.id = snapshot.id;
    this.username = snapshot.username;
    this.protocol = snapshot.protocol;
    this.remoteIp = snapshot.remoteIp;
    this.remoteAddress = snapshot.remoteAddress;
    this.connectedAt = snapshot.connectedAt;
    if (snapshot.clientVersion !== undefined) this.clientVersion = snapshot.clientVersion;
    this.#snapshot = snapshot;
    this.#close = close;
  }

  /** Takes the worker's newer view of activity and transfers. */
  refresh(snapshot: ConnectionSnapshot): void {
    this.#snapshot = snapshot;
  }

  lastActivity(): number {
    return this.#snapshot.lastActivity;
  }

  lastCommand(): string {
    return this.#snapshot.lastCommand ?? '';
  }

  activeTransfers(): readonly TransferInfo[] {
    return this.#snapshot.transfers;
  }

  close(reason: string): void {
    this.#close(this.id, reason);
  }
}
