/**
 * The connection guards of a cluster worker: every decision is taken by the primary's guards, so the
 * defender's scores and bans and the rate limiters' buckets are the same for all workers.
 */
import type { Protocol } from '../../dataprovider/index.js';
import type { HostEvent } from '../defender/index.js';
import { ConnectionGuards, MemoryIPLists } from '../guards/index.js';
import type { Logger } from '../../logger/index.js';
import { ConnectionLimitError } from '../registry/index.js';
import type { IpcPeer } from './ipc-peer.js';
import { ipcMethods } from './methods.js';

/** Parameters of the guard requests. */
export interface GuardParams {
  readonly ip: string;
  readonly protocol: Protocol;
  readonly event?: HostEvent;
}

/** A rate limiter or the login delay may make a request wait; the IPC time-out must not cut it short. */
const waitingRequestTimeoutMs = 120_000;

export class WorkerGuards extends ConnectionGuards {
  readonly #peer: IpcPeer;
  readonly #logger: Logger | undefined;

  constructor(peer: IpcPeer, logger?: Logger) {
    super({ ipLists: new MemoryIPLists(), allowListEnabled: false, ...(logger ? { logger } : {}) });
    this.#peer = peer;
    this.#logger = logger;
  }

  override async checkAdmission(ip: string, protocol: Protocol): Promise<void> {
    await this.#peer.request(ipcMethods.checkAdmission, { ip, protocol } satisfies GuardParams);
  }

  override async excuseLimit(err: unknown, ip: string, protocol: Protocol): Promise<boolean> {
    if (!(err instanceof ConnectionLimitError) || err.reason !== 'per_host_limit') return false;
    return (
      (await this.#peer.request(ipcMethods.excuseLimit, { ip, protocol } satisfies GuardParams)) === true
    );
  }

  override async limitRate(ip: string, protocol: Protocol): Promise<void> {
    await this.#peer.request(
      ipcMethods.limitRate,
      { ip, protocol } satisfies GuardParams,
      waitingRequestTimeoutMs,
    );
  }

  override async scoreEvent(ip: string, protocol: Protocol, event: HostEvent): Promise<void> {
    try {
      await this.#peer.request(ipcMethods.scoreEvent, { ip, protocol, event } satisfies GuardParams);
    } catch (err) {
      this.#logger?.warn('defender', `unable to record event ${event} for ${ip}: ${String(err)}`);
    }
  }

  override async delayLogin(outcome: 'success' | 'password_failed'): Promise<void> {
    await this.#peer.request(ipcMethods.delayLogin, outcome, waitingRequestTimeoutMs);
  }
}
