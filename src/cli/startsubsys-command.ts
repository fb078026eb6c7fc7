import { Command, InvalidArgumentError } from 'commander';
import { userInfo } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { LoadedConfig } from '../config/index.js';
import { ConfigError, loadConfig } from '../config/index.js';
import type { Logger } from '../logger/index.js';
import { openProcessStdio } from '../service/stdio-channel.js';
import { runSubsystem } from '../service/subsystem-mode.js';
import { tuneHeapForTransfers } from '../service/heap-tuning.js';
import type { OsAccount } from '../service/subsystem-user.js';
import { version } from '../version.js';
import type { LogFlagValues } from './command-logger.js';
import { createCommandLogger } from './command-logger.js';
import { exitCodes } from './exit-codes.js';
import type { FlagSpec } from './flag-spec.js';
import { toOption } from './flag-spec.js';
import { configFlags, logFlags } from './serve-flags.js';
import { errorMessage } from '../util/error-message.js';

const logSender = 'startsubsys';

/** The options of `sftpgo startsubsys`, after flags and env variables are merged. */
export interface StartSubsysOptions extends LogFlagValues {
  readonly configDir: string;
  readonly configFile: string;
  readonly logToJournald: boolean;
  readonly preserveHome: boolean;
  readonly baseHomeDir: string;
}

/**
 * The log flags of `serve`, but the log goes to standard error unless a file is named: stdout
 * carries the protocol, and sshd discards a subsystem's stderr, as SFTPGo's subsystem logs.
 */
const subsystemLogFlags: readonly FlagSpec[] = logFlags.map((spec) =>
  spec.name === 'log-file-path'
    ? {
        ...spec,
        defaultValue: '',
        description:
          'log file, relative to the config dir unless absolute; empty (the default) writes logs to standard error',
      }
    : spec,
);

/** Flags only `startsubsys` has; SFTPGo gives them no environment variable. */
const subsystemFlags: readonly FlagSpec[] = [
  {
    name: 'preserve-home',
    short: 'p',
    kind: 'bool',
    defaultValue: false,
    description: 'if the user already exists, keep its stored home directory instead of the system one',
  },
  {
    name: 'base-home-dir',
    short: 'd',
    kind: 'string',
    defaultValue: '',
    description:
      'absolute directory for the home of a user that does not exist yet: <base-home-dir>/<username>; default: the system home directory',
  },
  {
    name: 'log-to-journald',
    short: 'j',
    kind: 'bool',
    defaultValue: false,
    description:
      'accepted for compatibility with SFTPGo; journald is not supported, use --log-file-path (logs go to the log file or standard error)',
  },
];

/** The operating-system user running the command, as sshd started it. */
function currentAccount(): OsAccount {
  const info = userInfo();
  return { username: info.username, homeDir: info.homedir };
}

/**
 * Serves one SFTP session on stdin/stdout, and resolves with the process exit code: 0 when the client
 * ended the session, 1 when the configuration, the data provider or the account is unusable (the
 * reason is on stderr and in the log) or the stream failed. `env` holds the `SFTPGO_*` overrides
 * and sshd's `SSH_CONNECTION`.
 */
export async function runStartSubsys(
  options: StartSubsysOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const configDir = resolve(options.configDir);
  let logger: Logger;
  try {
    logger = createCommandLogger(configDir, options);
  } catch (err) {
    process.stderr.write(`sftpgo startsubsys: cannot open the log: ${errorMessage(err)}\n`);
    return exitCodes.failure;
  }
  const fail = async (message: string): Promise<number> => {
    logger.error(logSender, message);
    process.stderr.write(`sftpgo startsubsys: ${message}\n`);
    await logger.close();
    return exitCodes.failure;
  };
  let account: OsAccount;
  try {
    account = currentAccount();
  } catch (err) {
    return fail(`unable to get the current user: ${errorMessage(err)}`);
  }
  logger.info(logSender, `starting SFTPGo ${version} as subsystem`, {
    user: account.username,
    home_dir: account.homeDir,
    config_dir: configDir,
    base_home_dir: options.baseHomeDir,
  });
  if (options.logToJournald) {
    logger.warn(logSender, 'journald logging is not supported: use --log-file-path');
  }
  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig({
      configDir,
      ...(options.configFile ? { configFile: options.configFile } : {}),
      env,
    });
  } catch (err) {
    return fail(err instanceof ConfigError ? `invalid configuration: ${err.message}` : errorMessage(err));
  }
  for (const warning of loaded.warnings) logger.warn('config', warning.message, { code: warning.code });
  tuneHeapForTransfers();
  let cleanEnd: boolean;
  try {
    cleanEnd = await runSubsystem({
      loaded,
      logger,
      account,
      baseHomeDir: options.baseHomeDir,
      preserveHome: options.preserveHome,
      channel: openProcessStdio(),
      sshConnection: env.SSH_CONNECTION,
    });
  } catch (err) {
    return fail(errorMessage(err));
  }
  await logger.close();
  return cleanEnd ? exitCodes.ok : exitCodes.failure;
}

/** `--base-home-dir` must be absolute, as SFTPGo documents. */
function absoluteDir(raw: string): string {
  if (raw !== '' && !isAbsolute(raw)) throw new InvalidArgumentError(`"${raw}" must be an absolute path`);
  return raw === '' ? '' : resolve(raw);
}

/** The `startsubsys` subcommand. */
export function startSubsysCommand(env: Readonly<Record<string, string | undefined>>): Command {
  const command = new Command('startsubsys')
    .description(
      'Use SFTPGo as the SFTP subsystem of OpenSSH: speak SFTP on stdin/stdout for the system user running the command. ' +
        'Not meant to be run by hand: set it in sshd_config, e.g. "Subsystem sftp sftpgo startsubsys -c /etc/sftpgo"',
    )
    .summary('use SFTPGo as an SFTP subsystem of OpenSSH');
  for (const spec of [...configFlags, ...subsystemLogFlags, ...subsystemFlags]) {
    const option = toOption(spec, env);
    if (spec.name === 'base-home-dir') option.argParser(absoluteDir);
    command.addOption(option);
  }
  command.action(async (opts: StartSubsysOptions) => {
    process.exitCode = await runStartSubsys(opts, env);
  });
  return command;
}
