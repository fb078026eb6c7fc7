/**
 * SFTPGo's own commands: `sftpgo-copy <source> <destination>` (a server-side copy of a file or a
 * directory) and `sftpgo-remove <path>` (a file, or a directory with everything in it). Both print
 * `OK` when done. Every step goes through the `Connection`, so each file and directory is checked and
 * reported on its own.
 */
import { posix } from 'node:path';
import type { Connection } from '../../common/connection/index.js';
import { tooDeep } from '../../common/connection/index.js';
import { pagedEntries } from '../../util/paged-entries.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { CommandFailure } from './command-context.js';
import { writeText } from './exec-channel.js';

const PAGE = 500;

export async function runSftpgoCopy(ctx: CommandContext): Promise<CommandOutcome> {
  const [source, target] = ctx.args;
  if (ctx.args.length !== 2 || source === undefined || target === undefined) {
    throw new CommandFailure('usage: sftpgo-copy <source path> <destination path>');
  }
  const from = posix.resolve('/', source);
  const to = posix.resolve('/', target);
  await ctx.connection.copy(from, to);
  await writeText(ctx.channel, 'OK\n');
  return { status: 0, path: from, targetPath: to };
}

export async function runSftpgoRemove(ctx: CommandContext): Promise<CommandOutcome> {
  const [arg] = ctx.args;
  if (ctx.args.length !== 1 || arg === undefined) {
    throw new CommandFailure('usage: sftpgo-remove <path>');
  }
  const path = posix.resolve('/', arg);
  if (path === '/') throw new CommandFailure('the root directory cannot be removed', { path });
  await removeAll(ctx.connection, path);
  await writeText(ctx.channel, 'OK\n');
  return { status: 0, path };
}

/** Removes a file, or a directory with everything in it; stops at the first entry that cannot go. */
async function removeAll(connection: Connection, path: string): Promise<void> {
  if ((await connection.lstat(path)).kind === 'directory') await removeDir(connection, path, 0);
  else await connection.remove(path);
}

/** Removes a directory depth first, each entry as its listing returns it. */
async function removeDir(connection: Connection, path: string, depth: number): Promise<void> {
  if (depth >= connection.maxTreeDepth) throw tooDeep(connection.maxTreeDepth, path);
  for await (const entry of pagedEntries(await connection.listDir(path), PAGE)) {
    const child = posix.join(path, entry.name);
    if (entry.kind === 'directory') await removeDir(connection, child, depth + 1);
    else await connection.remove(child);
  }
  await connection.rmdir(path);
}
