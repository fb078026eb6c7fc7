/**
 * SFTPGo's own commands: `sftpgo-copy <source> <destination>` (a server-side copy of a file or a
 * directory) and `sftpgo-remove <path>` (a file, or a directory with everything in it). Both print
 * `OK` when done. Every step goes through the `Connection`, so each file and directory is checked and
 * reported on its own.
 */
import { posix } from 'node:path';
import type { Connection } from '../../common/connection/index.js';
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

/** Removes a file, or a directory depth first; stops at the first entry that cannot be removed. */
async function removeAll(connection: Connection, path: string): Promise<void> {
  const st = await connection.lstat(path);
  if (st.kind !== 'directory') {
    await connection.remove(path);
    return;
  }
  // Entries are collected before removing any, so the listing is not disturbed while it runs.
  const children: { name: string; dir: boolean }[] = [];
  const lister = await connection.listDir(path);
  try {
    for (let page = await lister.next(PAGE); page.length > 0; page = await lister.next(PAGE)) {
      for (const entry of page) children.push({ name: entry.name, dir: entry.kind === 'directory' });
    }
  } finally {
    await lister.close();
  }
  for (const child of children) {
    const childPath = posix.join(path, child.name);
    if (child.dir) await removeAll(connection, childPath);
    else await connection.remove(childPath);
  }
  await connection.rmdir(path);
}
