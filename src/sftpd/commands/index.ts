/**
 * The SSH commands of `sftpd.enabled_ssh_commands`: the command line of an `exec` request is split,
 * checked against the enabled list, and run on the session's `Connection` by its handler. SCP reports
 * its files one by one; the other commands are reported when they end (a `SSHCommand` log record when
 * they succeed, and the `ssh_cmd` action).
 */
import type { Connection } from '../../common/connection/index.js';
import { ConnectionError } from '../../common/connection/index.js';
import type { Logger } from '../../logger/index.js';
import { runScp } from '../scp/index.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { CommandFailure } from './command-context.js';
import { CommandLineError, splitCommandLine } from './command-line.js';
import { clientErrorText } from './error-text.js';
import type { ExecChannel } from './exec-channel.js';
import { writeText } from './exec-channel.js';
import { HASH_COMMANDS, runHashCommand } from './hash-command.js';
import { runShellBuiltin } from './shell-builtins.js';
import { runSftpgoCopy, runSftpgoRemove } from './sftpgo-commands.js';
import { GIT_COMMANDS } from './system-command-args.js';
import { runSystemCommand } from './system-command.js';
import { errorMessage } from '../../util/error-message.js';

export { CommandLineError, splitCommandLine } from './command-line.js';
export type { ExecChannel } from './exec-channel.js';

/**
 * Serves one `exec` request: runs `command` on `channel` for the session's `connection`.
 * @returns the exit status to send; never rejects.
 */
export type SshCommandHandler = (
  channel: ExecChannel,
  command: string,
  connection: Connection,
) => Promise<number>;

/** Exit status for a command that is not enabled, as a shell says for a command it cannot find. */
export const DISABLED_STATUS = 127;

type Runner = (ctx: CommandContext) => Promise<CommandOutcome>;

const RUNNERS: Readonly<Record<string, Runner>> = {
  ...Object.fromEntries(Object.keys(HASH_COMMANDS).map((name) => [name, runHashCommand])),
  ...Object.fromEntries(Object.keys(GIT_COMMANDS).map((name) => [name, runSystemCommand])),
  rsync: runSystemCommand,
  cd: runShellBuiltin,
  pwd: runShellBuiltin,
  'sftpgo-copy': runSftpgoCopy,
  'sftpgo-remove': runSftpgoRemove,
};

/** The commands this server knows besides `scp`. */
export const SSH_COMMAND_NAMES: readonly string[] = Object.keys(RUNNERS);

/** What the handler is built from. */
export interface SshCommandsOptions {
  /** `sftpd.enabled_ssh_commands`; `*` enables every command. */
  readonly enabled: readonly string[];
  readonly logger: Logger;
  /**
   * Recycle the buffers of file data sent to clients once the channel's write callback runs: only for
   * channels that are done with the bytes by then, such as ssh2's (the default is off).
   */
  readonly recycleBuffers?: boolean;
}

/** The handler of `exec` requests for a server. */
export function sshCommandHandler(options: SshCommandsOptions): SshCommandHandler {
  const all = options.enabled.includes('*');
  const enabled = new Set(options.enabled);
  return async (channel, command, session) => {
    let words: string[];
    try {
      words = splitCommandLine(command);
    } catch (err) {
      const message = err instanceof CommandLineError ? err.message : String(err);
      options.logger.info('SSH', `invalid command ${JSON.stringify(command)}: ${message}`);
      await writeText(channel.stderr, `invalid command: ${message}\n`);
      return 1;
    }
    const [name = '', ...args] = words;
    const runner = RUNNERS[name];
    const known = name === 'scp' || runner !== undefined;
    if (!known || (!all && !enabled.has(name))) {
      options.logger.info('SSH', `command not enabled or not supported: ${JSON.stringify(name)}`);
      await writeText(channel.stderr, `${name}: command not enabled or not supported on this server\n`);
      return DISABLED_STATUS;
    }
    // As in SFTPGo, SCP and the other commands report their own protocol in logs and actions.
    const protocol = name === 'scp' ? 'SCP' : 'SSH';
    const connection = session.forChannel(protocol);
    const logger = options.logger.child({
      connectionId: connection.id,
      protocol,
      username: connection.username,
    });
    logger.debug(protocol, `running command ${JSON.stringify(command)}`);
    try {
      if (runner === undefined) {
        return await runScp(channel, args, connection, logger, {
          recycleBuffers: options.recycleBuffers === true,
        });
      }
      const ctx: CommandContext = { channel, connection, logger, name, args, commandLine: command };
      const started = Date.now();
      const outcome = await runCommand(ctx, runner);
      await connection
        .sshCommandDone({
          command: name,
          commandLine: command,
          started,
          ...(outcome.path === undefined ? {} : { path: outcome.path }),
          ...(outcome.targetPath === undefined ? {} : { targetPath: outcome.targetPath }),
          ...(outcome.error === undefined ? {} : { error: outcome.error }),
        })
        .catch((err: unknown) => logger.warn('SSH', `cannot report ${name}: ${String(err)}`));
      return outcome.status;
    } finally {
      connection.endChannel();
    }
  };
}

/** Runs a command; a thrown error is shown on standard error and ends it with status 1. */
async function runCommand(ctx: CommandContext, runner: Runner): Promise<CommandOutcome> {
  try {
    return await runner(ctx);
  } catch (err) {
    const path =
      err instanceof CommandFailure ? err.path : err instanceof ConnectionError ? err.virtualPath : undefined;
    const text = err instanceof CommandFailure ? err.message : clientErrorText(err);
    ctx.logger.warn('SSH', `${ctx.commandLine}: ${errorMessage(err)}`);
    await writeText(ctx.channel.stderr, `${ctx.name}:${path === undefined ? '' : ` ${path}:`} ${text}\n`);
    return { status: 1, error: err, ...(path === undefined ? {} : { path }) };
  }
}
