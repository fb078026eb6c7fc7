/**
 * The primary's side of the shared state: answers the workers' registry and guard requests with the
 * primary's registry and guards, and forgets what a worker had when it is gone.
 */
import type { ConnectionGuards } from '../guards/index.js';
import type { Logger } from '../../logger/index.js';
import type { ConnectionRegistry } from '../registry/index.js';
import { ConnectionLimitError } from '../registry/index.js';
import type { ConnectionSnapshot } from './connection-snapshot.js';
import { RemoteConnection } from './connection-snapshot.js';
import type { IpcPeer } from './ipc-peer.js';
import { ipcMethods } from './methods.js';
import type { GuardParams } from './worker-guards.js';
import type { AddSessionParams } from './worker-registry.js';

/** What one worker holds in the primary's state. */
interface WorkerState {
  readonly peer: IpcPeer;
  /** Client addresses counted for it, one entry per open client socket. */
  readonly clients: string[];
  readonly sessions: Set<string>;
}

/** A worker asks to excuse only this limit (its guards answer false to any other without asking). */
const perHostLimit = new ConnectionLimitError('per_host_limit', 'per-host limit reached in a worker');

export class ClusterStateHost {
  readonly #registry: ConnectionRegistry;
  readonly #guards: ConnectionGuards;
  readonly #logger: Logger;
  readonly #workers = new Map<number, WorkerState>();

  constructor(registry: ConnectionRegistry, guards: ConnectionGuards, logger: Logger) {
    this.#registry = registry;
    this.#guards = guards;
    this.#logger = logger;
  }

  /** Serves the requests of a worker that just started. */
  attach(workerId: number, peer: IpcPeer): void {
    const state: WorkerState = { peer, clients: [], sessions: new Set() };
    this.#workers.set(workerId, state);
    const registry = this.#registry;
    const guards = this.#guards;
    peer.onNotice(ipcMethods.clientAdded, (ip) => {
      state.clients.push(String(ip));
      registry.addClientConnection(String(ip));
    });
    peer.onNotice(ipcMethods.clientRemoved, (ip) => {
      const index = state.clients.indexOf(String(ip));
      if (index < 0) return;
      state.clients.splice(index, 1);
      registry.removeClientConnection(String(ip));
    });
    peer.handle(ipcMethods.admit, (ip) => registry.checkNewConnection(String(ip)));
    peer.handle(ipcMethods.addSession, (params) => {
      const { snapshot, maxSessions } = params as AddSessionParams;
      const connection = new RemoteConnection(workerId, snapshot, (id, reason) =>
        this.#close(peer, id, reason),
      );
      registry.add(connection, { maxSessions });
      state.sessions.add(snapshot.id);
    });
    peer.onNotice(ipcMethods.removeSession, (id) => {
      if (state.sessions.delete(String(id))) registry.remove(String(id));
    });
    peer.onNotice(ipcMethods.refreshSessions, (snapshots) => {
      for (const snapshot of snapshots as ConnectionSnapshot[]) {
        const connection = registry.get(snapshot.id);
        if (connection instanceof RemoteConnection && state.sessions.has(snapshot.id))
          connection.refresh(snapshot);
      }
    });
    peer.handle(ipcMethods.checkAdmission, (p) => {
      const { ip, protocol } = p as GuardParams;
      return guards.checkAdmission(ip, protocol);
    });
    peer.handle(ipcMethods.excuseLimit, (p) => {
      const { ip, protocol } = p as GuardParams;
      return guards.excuseLimit(perHostLimit, ip, protocol);
    });
    peer.handle(ipcMethods.limitRate, (p) => {
      const { ip, protocol } = p as GuardParams;
      return guards.limitRate(ip, protocol);
    });
    peer.handle(ipcMethods.scoreEvent, (p) => {
      const { ip, protocol, event } = p as GuardParams;
      return event === undefined ? undefined : guards.scoreEvent(ip, protocol, event);
    });
    peer.handle(ipcMethods.delayLogin, (outcome) =>
      guards.delayLogin(outcome === 'success' ? 'success' : 'password_failed'),
    );
  }

  /** Forgets a worker that exited: its clients are uncounted and its sessions leave the registry. */
  detach(workerId: number): void {
    const state = this.#workers.get(workerId);
    if (state === undefined) return;
    this.#workers.delete(workerId);
    state.peer.close();
    for (const ip of state.clients) this.#registry.removeClientConnection(ip);
    for (const id of state.sessions) this.#registry.remove(id);
    if (state.sessions.size > 0)
      this.#logger.info('service', `worker ${workerId} gone: ${state.sessions.size} session(s) forgotten`);
  }

  #close(peer: IpcPeer, id: string, reason: string): void {
    peer.request(ipcMethods.closeSession, { id, reason }).catch((err: unknown) => {
      this.#logger.warn('service', `cannot close connection ${id} in its worker: ${String(err)}`);
    });
  }
}
