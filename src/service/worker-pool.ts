/**
 * The cluster workers of a primary, managed as one server: `start` forks them and waits until each
 * listens, `stop` sends SIGTERM and waits for them (SIGKILL after the grace time), a worker that dies
 * on its own is forked again within a bounded restart rate.
 */
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { ManagedServer } from '../common/managed-server.js';
import type { ClusterStateHost } from '../common/cluster/index.js';
import { IpcPeer, ipcMethods } from '../common/cluster/index.js';
import type { Logger } from '../logger/index.js';
import { errorMessage } from '../util/error-message.js';

const logSender = 'service';

export interface WorkerPoolOptions {
  readonly count: number;
  readonly host: ClusterStateHost;
  readonly logger: Logger;
  /** Runs once before the first workers fork: what they would race on (generating host keys). */
  readonly prepare?: () => Promise<void>;
  /** A worker that does not listen within this is a failed start; default 60 s. */
  readonly readyTimeoutMs?: number;
  /** At most this many restarts within {@link restartWindowMs}; beyond, a dead worker stays dead. */
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
}

/** A worker died before it listened. */
export class WorkerStartError extends Error {
  readonly code = 'ERR_WORKER_START';
  constructor(message: string) {
    super(message);
    this.name = 'WorkerStartError';
  }
}

interface Running {
  readonly worker: Worker;
  readonly peer: IpcPeer;
  addresses: string[];
}

export class WorkerPool implements ManagedServer {
  readonly name = 'workers';
  readonly #options: WorkerPoolOptions;
  readonly #running = new Map<number, Running>();
  readonly #restarts: number[] = [];
  #stopping = false;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    // Round robin in the primary spreads the connections evenly (the OS default favours one worker).
    cluster.schedulingPolicy = cluster.SCHED_RR;
    await this.#options.prepare?.();
    await Promise.all(Array.from({ length: this.#options.count }, () => this.#fork()));
  }

  addresses(): string[] {
    // Every worker listens on the same (shared) addresses.
    return this.#running.values().next().value?.addresses ?? [];
  }

  /**
   * The servers the workers run, as the REST API's status shows them: one per name (`sftpd`...), listening
   * where the workers listen. Starting and stopping them is the pool's business.
   */
  serverViews(names: readonly string[]): ManagedServer[] {
    return names.map((name) => ({
      name,
      start: async () => undefined,
      stop: async () => undefined,
      addresses: () =>
        this.addresses()
          .filter((a) => a.startsWith(`${name} `))
          .map((a) => a.slice(name.length + 1)),
    }));
  }

  /** Forwards SIGHUP: each worker re-reads what it can (certificates, its log file...). */
  async reload(): Promise<void> {
    for (const { worker } of this.#running.values()) worker.process.kill('SIGHUP');
  }

  /** After the primary rotated the shared log file, the workers write to the new one. */
  reopenLogs(): void {
    for (const { peer } of this.#running.values()) peer.notify(ipcMethods.reopenLog, null);
  }

  async stop({ graceMs }: { readonly graceMs: number }): Promise<void> {
    this.#stopping = true;
    const exits = [...this.#running.values()].map((running) => {
      const { worker } = running;
      const exited = new Promise<void>((resolve) => {
        if (worker.isDead()) resolve();
        else worker.once('exit', () => resolve());
      });
      // A notice rather than SIGTERM: a worker that also got the terminal's SIGINT would take a
      // second signal as "exit now".
      if (!running.peer.notify(ipcMethods.stop, null)) worker.process.kill('SIGTERM');
      const killer = setTimeout(() => worker.process.kill('SIGKILL'), graceMs + 5000);
      return exited.finally(() => clearTimeout(killer));
    });
    await Promise.all(exits);
  }

  #fork(): Promise<void> {
    const { host, logger } = this.#options;
    const worker = cluster.fork();
    const peer = new IpcPeer(worker);
    const running: Running = { worker, peer, addresses: [] };
    this.#running.set(worker.id, running);
    host.attach(worker.id, peer);
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        worker.process.kill('SIGKILL');
        reject(new WorkerStartError(`worker ${worker.id} did not start listening in time`));
      }, this.#options.readyTimeoutMs ?? 60_000);
      peer.onNotice(ipcMethods.ready, (addresses) => {
        ready = true;
        running.addresses = Array.isArray(addresses) ? addresses.map(String) : [];
        clearTimeout(timer);
        logger.info(logSender, `worker ${worker.id} (pid ${worker.process.pid}) started`);
        resolve();
      });
      worker.once('exit', (code, signal) => {
        clearTimeout(timer);
        this.#running.delete(worker.id);
        host.detach(worker.id);
        const how = signal ?? `code ${code}`;
        if (!ready) {
          reject(new WorkerStartError(`worker ${worker.id} exited (${how}) before listening`));
          return;
        }
        if (this.#stopping) return;
        logger.warn(logSender, `worker ${worker.id} (pid ${worker.process.pid}) exited (${how})`);
        this.#restart();
      });
    });
  }

  #restart(): void {
    const { logger, maxRestarts = 10, restartWindowMs = 60_000 } = this.#options;
    const now = Date.now();
    while (this.#restarts.length > 0 && (this.#restarts[0] ?? now) < now - restartWindowMs)
      this.#restarts.shift();
    if (this.#restarts.length >= maxRestarts) {
      logger.error(
        logSender,
        `${maxRestarts} worker restarts within ${restartWindowMs / 1000} s: not restarting`,
      );
      return;
    }
    this.#restarts.push(now);
    this.#fork().catch((err: unknown) => {
      logger.error(logSender, `cannot restart a worker: ${errorMessage(err)}`);
    });
  }
}
