/**
 * `md5sum`, `sha1sum`, `sha256sum`, `sha384sum`, `sha512sum`, answered by the server itself: for each
 * file argument the `Connection` reads the file a chunk at a time (yielding to the event loop between
 * chunks, with the `download` permission and the file patterns checked); without arguments the
 * standard input is hashed.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { HashAlgorithm } from '../../common/connection/index.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { writeText } from './exec-channel.js';
import { clientErrorText } from './error-text.js';

/** The hash commands and their algorithms. */
export const HASH_COMMANDS: Readonly<Record<string, HashAlgorithm>> = {
  md5sum: 'md5',
  sha1sum: 'sha1',
  sha256sum: 'sha256',
  sha384sum: 'sha384',
  sha512sum: 'sha512',
};

/** Output lines as coreutils prints them: `<hex>  <name>`. */
export async function runHashCommand(ctx: CommandContext): Promise<CommandOutcome> {
  const algorithm = HASH_COMMANDS[ctx.name] ?? 'sha256';
  if (ctx.args.length === 0) {
    const hash = createHash(algorithm);
    // Not `for await` on the channel: its iterator destroys the channel once the input ends.
    for await (const chunk of ctx.channel.iterator({ destroyOnReturn: false })) hash.update(chunk as Buffer);
    await writeText(ctx.channel, `${hash.digest('hex')}  -\n`);
    return { status: 0 };
  }
  let error: unknown;
  let path: string | undefined;
  for (const arg of ctx.args) {
    path = posix.resolve('/', arg);
    try {
      const hex = await ctx.connection.hash(path, algorithm);
      await writeText(ctx.channel, `${hex}  ${path}\n`);
    } catch (err) {
      error ??= err;
      await writeText(ctx.channel.stderr, `${ctx.name}: ${path}: ${clientErrorText(err)}\n`);
    }
  }
  return { status: error === undefined ? 0 : 1, ...(path === undefined ? {} : { path }), error };
}
