/** What every SSH command handler gets, and the outcome it reports. */
import type { Connection } from '../../common/connection/index.js';
import type { Logger } from '../../logger/index.js';
import type { ExecChannel } from './exec-channel.js';

/** One command run on one channel. */
export interface CommandContext {
  readonly channel: ExecChannel;
  readonly connection: Connection;
  readonly logger: Logger;
  /** The command's name (first word). */
  readonly name: string;
  /** The words after the name. */
  readonly args: readonly string[];
  /** The command line as the client sent it. */
  readonly commandLine: string;
}

/** How a command ended, for the exit status and the `ssh_cmd` action. */
export interface CommandOutcome {
  readonly status: number;
  /** The virtual path the command worked on (for the action and the log), when it had one. */
  readonly path?: string;
  /** The second path (`sftpgo-copy`'s destination). */
  readonly targetPath?: string;
  /** Why it failed. */
  readonly error?: unknown;
}

/** A command failed: `message` goes to the client's standard error, `error` to the logs and actions. */
export class CommandFailure extends Error {
  readonly code = 'ERR_SSH_COMMAND';
  readonly path: string | undefined;
  constructor(message: string, options: { readonly cause?: unknown; readonly path?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CommandFailure';
    this.path = options.path;
  }
}
