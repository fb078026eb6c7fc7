/** Checking of {@link FsOpenFlags} and their translation to POSIX `O_*` flags. */
import { constants } from 'node:fs';
import type { FsErrorContext } from './errors.js';
import { FsInvalidArgumentError, describeOperation } from './errors.js';
import type { FsOpenFlags } from './fs.js';

/**
 * Checks that the flags make sense together.
 * @throws {FsInvalidArgumentError} naming the conflicting flags.
 */
export function checkOpenFlags(flags: FsOpenFlags, context: FsErrorContext): void {
  const problem =
    !flags.read && !flags.write
      ? 'one of "read" and "write" must be set'
      : flags.truncate && !flags.write
        ? '"truncate" needs "write"'
        : flags.append && !flags.write
          ? '"append" needs "write"'
          : flags.exclusive && !flags.create
            ? '"exclusive" needs "create"'
            : undefined;
  if (problem !== undefined) {
    throw new FsInvalidArgumentError(
      `${describeOperation(context)}: invalid open flags: ${problem}`,
      context,
    );
  }
}

/**
 * The `O_*` flags for `open(2)`. `truncate` is left out on purpose: the local backend truncates only
 * after checking where the opened file really is. `O_NOFOLLOW` (the path is already resolved, so its
 * last name must not have become a link) and `O_NONBLOCK` (so that a FIFO cannot block a thread; it
 * changes nothing for regular files) are always added where the platform has them.
 */
export function toPosixOpenFlags(flags: FsOpenFlags): number {
  let bits =
    flags.read && flags.write ? constants.O_RDWR : flags.write ? constants.O_WRONLY : constants.O_RDONLY;
  if (flags.create) bits |= constants.O_CREAT;
  if (flags.exclusive) bits |= constants.O_EXCL;
  if (flags.append) bits |= constants.O_APPEND;
  return bits | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
}
