/**
 * What a process of `sftpgo serve` runs, by role: with `common.workers` 1 everything in one process;
 * above, a primary (REST API, shared state, the worker pool) and its workers (the protocol servers).
 * See docs/workers.md.
 */
import cluster from 'node:cluster';
import type { SftpGoConfig as Config } from '../config/index.js';
import type { IpcPort } from '../common/cluster/index.js';
import {
  ClusterStateHost,
  IpcPeer,
  WorkerGuards,
  WorkerRegistry,
  ipcMethods,
} from '../common/cluster/index.js';
import type { ManagedServer } from '../common/managed-server.js';
import { ConnectionRegistry } from '../common/registry/index.js';
import type { Logger } from '../logger/index.js';
import { loadHostKeys } from '../sftpd/host-keys.js';
import { buildServers, guardsFromConfig } from './build-servers.js';
import type { Runtime } from './runtime.js';
import { WorkerPool } from './worker-pool.js';

export type ProcessRole = 'single' | 'primary' | 'worker';

export function processRole(config: Config): ProcessRole {
  if (config.common.workers <= 1) return 'single';
  return cluster.isPrimary ? 'primary' : 'worker';
}

/** Why the configuration cannot run with workers, or undefined. */
export function clusterConfigError(config: Config): string | undefined {
  if (config.common.workers > 1 && config.data_provider.driver === 'memory') {
    return (
      `common.workers is ${config.common.workers} but data_provider.driver is "memory": ` +
      'the memory provider lives in one process and cannot be shared by workers; ' +
      'use sqlite, postgresql or mysql, or set common.workers to 1'
    );
  }
  return undefined;
}

/** The servers of one process and what its service does around them. */
export interface RolePlan {
  readonly servers: ManagedServer[];
  readonly runStartupHook: boolean;
  /** SIGUSR1. */
  rotateLog(): Promise<void>;
  /** Called once the servers listen. */
  started(addresses: readonly string[]): void;
  /** Called once the service stopped. */
  stopped(): void;
  /** Registers what stops the service when another process asks (a worker's primary). */
  onStopRequest(stop: () => void): void;
}

export function planServers(runtime: Runtime, role: ProcessRole): RolePlan {
  const { logger } = runtime;
  const noop = (): void => undefined;
  if (role === 'single') {
    return {
      servers: buildServers(runtime),
      runStartupHook: true,
      rotateLog: () => logger.rotate(),
      started: noop,
      stopped: noop,
      onStopRequest: noop,
    };
  }
  return role === 'primary' ? primaryPlan(runtime) : workerPlan(runtime, logger);
}

function primaryPlan(runtime: Runtime): RolePlan {
  const { loaded, logger } = runtime;
  const { common } = loaded.config;
  // The workers run the idle checker on their own connections; the primary only counts.
  const registry = new ConnectionRegistry({ ...common, idle_timeout: 0 }, { logger });
  const guards = guardsFromConfig(runtime);
  const pool = new WorkerPool({
    count: common.workers,
    host: new ClusterStateHost(registry, guards, logger),
    logger,
    prepare: async () => {
      // Missing default host keys are generated here once, not by every worker at the same time.
      if (loaded.config.sftpd.bindings.some((b) => b.port > 0))
        await loadHostKeys({ hostKeys: loaded.config.sftpd.host_keys, configDir: loaded.configDir, logger });
    },
  });
  return {
    servers: [
      ...buildServers(runtime, { registry, guards, role: 'httpd', elsewhere: pool.serverViews(['sftpd']) }),
      pool,
    ],
    runStartupHook: true,
    rotateLog: async () => {
      await logger.rotate();
      pool.reopenLogs();
    },
    started: () => undefined,
    stopped: () => registry.stop(),
    onStopRequest: () => undefined,
  };
}

function workerPlan(runtime: Runtime, logger: Logger): RolePlan {
  const peer = new IpcPeer(process as IpcPort);
  const registry = new WorkerRegistry(runtime.loaded.config.common, peer, { logger });
  peer.onNotice(ipcMethods.reopenLog, () => {
    logger.reopen().catch((err: unknown) => logger.warn('service', `cannot reopen the log: ${String(err)}`));
  });
  return {
    servers: buildServers(runtime, { registry, guards: new WorkerGuards(peer, logger), role: 'protocols' }),
    runStartupHook: false,
    // Only the primary rotates the shared file; a worker reopens it.
    rotateLog: () => logger.reopen(),
    started: (addresses) => {
      peer.notify(ipcMethods.ready, addresses);
    },
    stopped: () => {
      registry.stop();
      peer.close();
      process.disconnect?.();
    },
    onStopRequest: (stop) => {
      peer.onNotice(ipcMethods.stop, () => stop());
      // The primary is gone (killed): nobody else would stop this worker.
      process.once('disconnect', () => {
        logger.warn('service', 'the primary process is gone, stopping');
        stop();
      });
    },
  };
}
