import { Command, Option } from 'commander';
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/index.js';
import { loadConfig } from '../config/index.js';
import type { ProviderSchemaChange, StoreConfig } from '../dataprovider/store/index.js';
import {
  initProvider,
  LATEST_SCHEMA_VERSION,
  resetProvider,
  revertProvider,
} from '../dataprovider/store/index.js';
import { exitCodes } from './exit-codes.js';
import { parseInteger, toOption } from './flag-spec.js';
import { configFlags, loadDataFlags } from './serve-flags.js';
import type { RestoreMode } from '../dataprovider/index.js';
import { createLogger } from '../logger/index.js';
import type { InitialDataOptions } from '../service/initial-data.js';
import { loadInitialData } from '../service/initial-data.js';
import { closeRuntime, openRuntime } from '../service/runtime.js';
import { errorMessage } from '../util/error-message.js';

type Env = Readonly<Record<string, string | undefined>>;

interface ConfigOptions {
  readonly configDir: string;
  readonly configFile: string;
}

/** Loads the configuration a provider command works on; prints the error and returns undefined on failure. */
async function loadForCommand(options: ConfigOptions, env: Env): Promise<LoadedConfig | undefined> {
  try {
    return await loadConfig({
      configDir: resolve(options.configDir),
      ...(options.configFile ? { configFile: options.configFile } : {}),
      env,
    });
  } catch (err) {
    process.stderr.write(`sftpgo: invalid configuration: ${errorMessage(err)}\n`);
    return undefined;
  }
}

function providerLabel(loaded: LoadedConfig): string {
  return `"${loaded.config.data_provider.driver}" (config file: ${loaded.configFilePath ?? 'embedded defaults'})`;
}

/** A command that loads the configuration and changes the provider's schema, reporting the outcome. */
function schemaCommand(
  name: string,
  description: string,
  env: Env,
  change: (
    store: StoreConfig,
    loaded: LoadedConfig,
    opts: Record<string, unknown>,
  ) => Promise<string | undefined>,
): Command {
  const command = new Command(name).description(description);
  for (const spec of configFlags) command.addOption(toOption(spec, env));
  command.action(async (opts: ConfigOptions & Record<string, unknown>) => {
    const loaded = await loadForCommand(opts, env);
    if (!loaded) {
      process.exitCode = exitCodes.failure;
      return;
    }
    try {
      const message = await change(loaded.config.data_provider, loaded, opts);
      if (message === undefined) {
        process.exitCode = exitCodes.failure;
        return;
      }
      process.stdout.write(`${message}\n`);
    } catch (err) {
      process.stderr.write(
        `sftpgo: ${name} failed for provider ${providerLabel(loaded)}: ${errorMessage(err)}\n`,
      );
      process.exitCode = exitCodes.failure;
    }
  });
  return command;
}

function versions(change: ProviderSchemaChange): string {
  return change.from === change.to
    ? `schema version ${change.to}`
    : `schema version ${change.from} -> ${change.to}`;
}

/** Asks on the terminal; anything but "y"/"Y" (or no terminal answer at all) declines. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return answer.trim().toUpperCase() === 'Y';
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

/**
 * Loads a dump the way `serve --loaddata-from` does, with provider actions off (SFTPGo ignores them
 * in `initprovider`) and warnings on standard error.
 * @throws InitialDataError or the data provider's errors.
 */
async function loadIntoProvider(loaded: LoadedConfig, options: InitialDataOptions): Promise<void> {
  const logger = createLogger({
    filePath: '',
    maxSizeMB: 0,
    maxBackups: 0,
    maxAgeDays: 0,
    compress: false,
    level: 'warn',
    utcTime: false,
  });
  const dataProvider = loaded.config.data_provider;
  const quiet: LoadedConfig = {
    ...loaded,
    config: {
      ...loaded.config,
      data_provider: { ...dataProvider, actions: { execute_on: [], execute_for: [], hook: '' } },
    },
  };
  const runtime = await openRuntime(quiet, logger);
  try {
    await loadInitialData(runtime, options);
  } finally {
    await closeRuntime(runtime);
    await logger.close();
  }
}

/** `initprovider`, `resetprovider` and `revertprovider`: schema management of the configured provider. */
export function providerCommands(env: Env): Command[] {
  const init = schemaCommand(
    'initprovider',
    'Create the data provider schema, or upgrade it to this version (SQLite files are created; PostgreSQL and MySQL databases must exist)',
    env,
    async (store, loaded, opts) => {
      const change = await initProvider(store, { configDir: loaded.configDir });
      const done = `data provider ${providerLabel(loaded)} initialized: ${versions(change)}`;
      const from = opts.loaddataFrom as string;
      // As in SFTPGo, a memory provider keeps nothing, so loading into it here would be pointless.
      if (from === '' || store.driver === 'memory') return done;
      await loadIntoProvider(loaded, {
        from,
        mode: opts.loaddataMode as RestoreMode,
        scan: 0,
        clean: opts.loaddataClean as boolean,
      });
      return `${done}; data loaded from ${from}`;
    },
  );
  for (const spec of loadDataFlags.filter((f) => f.name !== 'loaddata-scan'))
    init.addOption(toOption(spec, env));

  const reset = schemaCommand(
    'resetprovider',
    'Delete all data and tables of the configured data provider (not for the memory provider)',
    env,
    async (store, loaded, opts) => {
      if (opts.force !== true) {
        const sure = await confirm(
          `All data of provider ${providerLabel(loaded)} will be deleted. Are you sure? (y/N) `,
        );
        if (!sure) {
          process.stderr.write('sftpgo: resetprovider aborted\n');
          return undefined;
        }
      }
      await resetProvider(store, { configDir: loaded.configDir });
      return `data provider ${providerLabel(loaded)} reset: every table removed`;
    },
  );
  reset.addOption(new Option('--force', 'reset without asking for confirmation'));

  const revert = schemaCommand(
    'revertprovider',
    'Revert the data provider schema to an earlier version of this program (not for the memory provider)',
    env,
    async (store, loaded, opts) => {
      const change = await revertProvider(store, {
        configDir: loaded.configDir,
        toVersion: opts.toVersion as number,
      });
      return `data provider ${providerLabel(loaded)} reverted: ${versions(change)}`;
    },
  );
  revert.addOption(
    new Option('--to-version <number>', 'schema version to go back to')
      .argParser(parseInteger)
      .default(LATEST_SCHEMA_VERSION - 1),
  );
  return [init, reset, revert];
}
