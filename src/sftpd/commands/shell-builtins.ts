/**
 * `cd` and `pwd`, for SFTP clients that ask for the initial directory with them instead of the SFTP
 * REALPATH request: as in SFTPGo, `cd` changes nothing and `pwd` prints the user's start directory.
 */
import type { CommandContext, CommandOutcome } from './command-context.js';
import { writeText } from './exec-channel.js';

export async function runShellBuiltin(ctx: CommandContext): Promise<CommandOutcome> {
  if (ctx.name === 'pwd') {
    await writeText(ctx.channel, `${ctx.connection.user.filters.start_directory || '/'}\n`);
  }
  return { status: 0 };
}
