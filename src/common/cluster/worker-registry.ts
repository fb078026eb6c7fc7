/**
 * The registry of a cluster worker: it keeps its own connections (the idle checker and kicks act on
 * them here) and reports every client and session to the primary, whose registry holds the limits
 * for all workers and the list the REST API shows.
 */
import type { ActiveConnection } from '../connection-info.js';
import type { RegistryConfig, RegistryOptions, SessionOptions } from '../registry/index.js';
import { ConnectionRegistry } from '../registry/index.js';
import type { ConnectionSnapshot } from './connection-snapshot.js';
import { snapshotOf } from './connection-snapshot.js';
import type { IpcPeer } from './ipc-peer.js';
import { ipcMethods } from './methods.js';
import { errorMessage } from '../../util/error-message.js';

/** Parameters of {@link ipcMethods.addSession}. */
export interface AddSessionParams {
  readonly snapshot: ConnectionSnapshot;
  readonly maxSessions: number;
}

export interface WorkerRegistryOptions extends RegistryOptions {
  /** How often the sessions' activity is sent to the primary; default 2 s. */
  readonly refreshIntervalMs?: number;
}

export class WorkerRegistry extends ConnectionRegistry {
  readonly #peer: IpcPeer;
  readonly #refreshTimer: NodeJS.Timeout;

  constructor(config: RegistryConfig, peer: IpcPeer, options: WorkerRegistryOptions = {}) {
    super(config, options);
    this.#peer = peer;
    peer.handle(ipcMethods.closeSession, (params) => {
      const { id, reason } = params as { id: string; reason: string };
      return this.close(id, reason);
    });
    this.#refreshTimer = setInterval(() => {
      if (this.size > 0) peer.notify(ipcMethods.refreshSessions, this.list().map(snapshotOf));
    }, options.refreshIntervalMs ?? 2000);
    this.#refreshTimer.unref();
  }

  override addClientConnection(ip: string): void {
    super.addClientConnection(ip);
    this.#peer.notify(ipcMethods.clientAdded, ip);
  }

  override removeClientConnection(ip: string): void {
    super.removeClientConnection(ip);
    this.#peer.notify(ipcMethods.clientRemoved, ip);
  }

  /** Checked by the primary: the notice of this client went first on the same channel, so it is counted. */
  override async admit(ip: string): Promise<void> {
    super.checkNewConnection(ip);
    await this.#peer.request(ipcMethods.admit, ip);
  }

  /**
   * Registers the session here at once (the SSH code registers synchronously) and in the primary; when
   * the primary refuses it (the user's `max_sessions` is reached across workers, or the primary is
   * gone), the session is closed: the client sees it end right after its login.
   */
  override add(connection: ActiveConnection, options: SessionOptions): void {
    super.add(connection, options);
    const params: AddSessionParams = { snapshot: snapshotOf(connection), maxSessions: options.maxSessions };
    this.#peer.request(ipcMethods.addSession, params).catch((err: unknown) => {
      this.close(connection.id, `session refused: ${errorMessage(err)}`);
    });
  }

  override remove(id: string): ActiveConnection | undefined {
    const removed = super.remove(id);
    if (removed !== undefined) this.#peer.notify(ipcMethods.removeSession, id);
    return removed;
  }

  override stop(): void {
    super.stop();
    clearInterval(this.#refreshTimer);
  }
}
