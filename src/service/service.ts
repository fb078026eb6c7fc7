import type { LoadedConfig } from '../config/index.js';
import type { Logger } from '../logger/index.js';
import { HttpClient } from '../common/hooks/http-client.js';
import { runStartupHook } from '../common/hooks/startup-hook.js';
import type { ManagedServer } from '../common/managed-server.js';
import { errorMessage } from '../util/error-message.js';

const logSender = 'service';

/** Something re-read on SIGHUP. Failures are logged, never fatal. */
export type Reloader = () => Promise<void>;

export interface ServiceOptions {
  readonly loaded: LoadedConfig;
  readonly logger: Logger;
  /** Time running transfers get to finish when the service stops. */
  readonly graceTimeMs: number;
  readonly servers: readonly ManagedServer[];
  /** Whether {@link Service.start} runs `common.startup_hook`; default true (a cluster worker: false). */
  readonly runStartupHook?: boolean;
  /** Runs once the servers are stopped: shared resources (the data provider...) close here. */
  readonly afterStop?: () => Promise<void>;
}

/** A service that could not start; every server it had started is stopped again. */
export class ServiceStartError extends Error {
  readonly code = 'ERR_SERVICE_START';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServiceStartError';
  }
}

/**
 * The running SFTPGo service: runs the startup hook, starts the configured servers, reloads on request
 * and stops them gracefully. It holds no process-wide state: signals are wired by the caller.
 */
export class Service {
  readonly #options: ServiceOptions;
  readonly #reloaders = new Map<string, Reloader>();
  readonly #started: ManagedServer[] = [];
  #stopping: Promise<void> | undefined;

  constructor(options: ServiceOptions) {
    this.#options = options;
    this.registerReloader('logger', () => options.logger.reopen());
    for (const server of options.servers) {
      const reload = server.reload?.bind(server);
      if (reload) this.registerReloader(server.name, reload);
    }
  }

  /** Adds something to re-read on SIGHUP; a later registration under the same name replaces it. */
  registerReloader(name: string, reloader: Reloader): void {
    this.#reloaders.set(name, reloader);
  }

  /**
   * Runs the startup hook, then starts every server.
   * @throws ServiceStartError when a server cannot start (those already started are stopped first).
   */
  async start(): Promise<void> {
    const { logger, servers } = this.#options;
    await this.#runStartupHook();
    if (servers.length === 0)
      logger.warn(logSender, 'no service to start: every server is disabled in the configuration');
    for (const server of servers) {
      try {
        await server.start();
      } catch (err) {
        const reason = errorMessage(err);
        logger.error(logSender, `could not start ${server.name}: ${reason}`);
        await this.stop();
        throw new ServiceStartError(`could not start ${server.name}: ${reason}`, { cause: err });
      }
      this.#started.push(server);
      logger.info(logSender, `${server.name} listening on ${server.addresses().join(', ')}`);
    }
  }

  /** Where the started servers listen, as "name host:port". */
  addresses(): string[] {
    return this.#started.flatMap((server) => server.addresses().map((a) => `${server.name} ${a}`));
  }

  /** Calls every reloader; each failure is logged and the others still run. */
  async reload(): Promise<void> {
    const { logger } = this.#options;
    for (const [name, reloader] of this.#reloaders) {
      try {
        await reloader();
      } catch (err) {
        logger.warn(logSender, `error reloading ${name}: ${errorMessage(err)}`);
      }
    }
    logger.info(logSender, 'reload done');
  }

  /** Stops every started server, in reverse start order, giving running work the grace time. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stopAll();
    return this.#stopping;
  }

  async #stopAll(): Promise<void> {
    const { logger, graceTimeMs } = this.#options;
    const servers = this.#started.splice(0).reverse();
    await Promise.all(servers.map((server) => server.stop({ graceMs: graceTimeMs })));
    try {
      await this.#options.afterStop?.();
    } catch (err) {
      logger.error(logSender, `error closing shared resources: ${errorMessage(err)}`);
    }
    logger.info(logSender, 'service stopped');
  }

  async #runStartupHook(): Promise<void> {
    const { loaded, logger } = this.#options;
    const hook = loaded.config.common.startup_hook;
    if (hook === '' || this.#options.runStartupHook === false) return;
    try {
      const outcome = await runStartupHook(hook, {
        commands: loaded.config.command,
        http: new HttpClient(loaded.config.http),
      });
      logger.debug(logSender, `startup hook done: ${outcome.description}`, {
        elapsed_ms: Math.round(outcome.durationMs),
      });
    } catch (err) {
      // As in SFTPGo, a failing startup hook is reported but does not stop the service.
      logger.warn(logSender, `startup hook failed: ${errorMessage(err)}`);
    }
  }
}
