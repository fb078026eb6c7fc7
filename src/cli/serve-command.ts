import { Command } from 'commander';
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/index.js';
import { ConfigError, loadConfig } from '../config/index.js';
import type { RestoreMode, ScanQuotaMode } from '../dataprovider/index.js';
import type { Logger } from '../logger/index.js';
import { clusterConfigError, planServers, processRole } from '../service/cluster-roles.js';
import { loadInitialData } from '../service/initial-data.js';
import type { RolePlan } from '../service/cluster-roles.js';
import type { Runtime } from '../service/runtime.js';
import { closeRuntime, openRuntime } from '../service/runtime.js';
import { Service } from '../service/service.js';
import { handleSignals } from '../service/signals.js';
import { tuneHeapForTransfers } from '../service/heap-tuning.js';
import { version } from '../version.js';
import type { LogFlagValues } from './command-logger.js';
import { createCommandLogger, logFilePath } from './command-logger.js';
import { toOption } from './flag-spec.js';
import { configFlags, loadDataFlags, logFlags, serviceFlags } from './serve-flags.js';
import { exitCodes } from './exit-codes.js';
import { errorMessage } from '../util/error-message.js';

const logSender = 'service';

/** The options of `sftpgo serve`, after flags and env variables are merged. */
export interface ServeOptions extends LogFlagValues {
  readonly configDir: string;
  readonly configFile: string;
  readonly graceTime: number;
  readonly loaddataFrom: string;
  readonly loaddataMode: RestoreMode;
  readonly loaddataScan: ScanQuotaMode;
  readonly loaddataClean: boolean;
}

/**
 * Runs the service until a stop signal, and resolves with the process exit code: 0 after a clean stop,
 * 1 when the configuration is invalid or a server cannot start (nothing is left listening then).
 */
export async function runServe(options: ServeOptions): Promise<number> {
  const configDir = resolve(options.configDir);
  const logFile = logFilePath(configDir, options.logFilePath);
  let logger: Logger;
  try {
    // Records of a cluster worker say which one wrote them (all processes share the log file).
    const fields = cluster.worker ? { worker_id: cluster.worker.id, pid: process.pid } : undefined;
    logger = createCommandLogger(configDir, workerLogOptions(options), fields);
  } catch (err) {
    process.stderr.write(`sftpgo: cannot open the log: ${errorMessage(err)}\n`);
    return exitCodes.failure;
  }
  logger.info(logSender, `starting SFTPGo ${version}`, {
    config_dir: configDir,
    config_file: options.configFile,
    log_level: options.logLevel,
    grace_time: options.graceTime,
  });
  if (!tuneHeapForTransfers())
    logger.info(logSender, 'heap growing factor left as set by --heap-growing-percent');
  const fail = async (message: string): Promise<number> => {
    logger.error(logSender, message);
    process.stderr.write(`sftpgo: ${message}\n`);
    await logger.close();
    return exitCodes.failure;
  };

  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig({
      configDir,
      ...(options.configFile ? { configFile: options.configFile } : {}),
    });
  } catch (err) {
    return fail(err instanceof ConfigError ? `invalid configuration: ${err.message}` : errorMessage(err));
  }
  for (const warning of loaded.warnings) logger.warn('config', warning.message, { code: warning.code });
  logger.info(logSender, `configuration loaded from ${loaded.configFilePath ?? 'embedded defaults'}`);
  const clusterError = clusterConfigError(loaded.config);
  if (clusterError !== undefined) return fail(`invalid configuration: ${clusterError}`);
  const role = processRole(loaded.config);

  let runtime: Runtime;
  try {
    runtime = await openRuntime(loaded, logger);
  } catch (err) {
    return fail(`cannot open the data provider: ${errorMessage(err)}`);
  }
  if (options.loaddataFrom !== '' && role !== 'worker') {
    // As SFTPGo does, a dump that cannot be loaded is reported and the service starts with the data
    // it had: the load is one transaction, so nothing of the dump was stored.
    await loadInitialData(runtime, {
      from: options.loaddataFrom,
      mode: options.loaddataMode,
      scan: options.loaddataScan,
      clean: options.loaddataClean,
    }).catch((err: unknown) => {
      logger.error(logSender, errorMessage(err));
      process.stderr.write(`sftpgo: ${errorMessage(err)}\n`);
    });
  }

  let service: Service;
  let plan: RolePlan;
  try {
    plan = planServers(runtime, role);
    service = new Service({
      loaded,
      logger,
      graceTimeMs: options.graceTime * 1000,
      servers: plan.servers,
      runStartupHook: plan.runStartupHook,
      afterStop: () => closeRuntime(runtime),
    });
    service.registerReloader('dataprovider', () => runtime.provider.reload());
  } catch (err) {
    await closeRuntime(runtime);
    return fail(errorMessage(err));
  }

  return new Promise<number>((done) => {
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      removeHandlers();
      plan.stopped();
      void logger.close().then(() => done(code));
    };
    const removeHandlers = handleSignals(service, logger, finish, () => plan.rotateLog());
    plan.onStopRequest(() => {
      service.stop().then(
        () => finish(0),
        () => finish(1),
      );
    });
    service.start().then(
      () => {
        plan.started(service.addresses());
        // With the log in a file, one line on the console says the service is up and where to look.
        if (options.logFilePath !== '' && role !== 'worker') {
          const where = service.addresses().join(', ') || 'no listener';
          process.stdout.write(`SFTPGo ${version} started (${where}); log: ${logFile}\n`);
        }
      },
      (err: unknown) => {
        removeHandlers();
        plan.stopped();
        void fail(errorMessage(err)).then(done);
      },
    );
  });
}

/**
 * The log options of this process: a cluster worker never rotates the shared file by size (the
 * primary does, and tells the workers to reopen it).
 */
function workerLogOptions(options: ServeOptions): ServeOptions {
  return cluster.isWorker ? { ...options, logMaxSize: neverRotateMB } : options;
}

/** A size limit no log file reaches (2^33 MiB, still a safe integer in bytes). */
const neverRotateMB = 2 ** 33 - 1;

/** The `serve` subcommand. */
export function serveCommand(env: Readonly<Record<string, string | undefined>>): Command {
  const command = new Command('serve')
    .description('Start the SFTPGo service')
    .summary('start the SFTPGo service');
  for (const spec of [...configFlags, ...logFlags, ...loadDataFlags, ...serviceFlags]) {
    command.addOption(toOption(spec, env));
  }
  command.action(async (opts: ServeOptions) => {
    process.exitCode = await runServe(opts);
  });
  return command;
}
