/**
 * Checks and rewrites the arguments of the system commands (git and rsync) before they run on the
 * user's storage: the client's virtual path becomes the real one, and nothing else on the command line
 * may name a path or change where the program reads or writes.
 */
import { CommandFailure } from './command-context.js';

/** The system commands and the `git` subcommand each one runs. */
export const GIT_COMMANDS: Readonly<Record<string, string>> = {
  'git-receive-pack': 'receive-pack',
  'git-upload-pack': 'upload-pack',
  'git-upload-archive': 'upload-archive',
};

/** A checked command: the program, its arguments but the path, and the path the client named. */
export interface PlannedCommand {
  readonly program: string;
  /** Arguments before the path. */
  readonly args: readonly string[];
  /** The virtual path as the client wrote it (the last argument). */
  readonly path: string;
}

/**
 * Git runs with the repository's hooks and file system monitor disabled: a user could otherwise upload
 * a hook with SFTP and have the server run it.
 */
const GIT_SAFETY = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];

/** Single-letter rsync options that take no value, as the rsync client sends them to a server. */
const RSYNC_LETTERS = new Set('vlogDtprczxHAXSnudIWbRqimkKLOJNUCyh0P'.split(''));

/** Long rsync options a server run may get, without a value. */
const RSYNC_FLAGS = new Set([
  '--server',
  '--sender',
  '--safe-links',
  '--munge-links',
  '--delete',
  '--delete-before',
  '--delete-during',
  '--delete-delay',
  '--delete-after',
  '--delete-excluded',
  '--ignore-errors',
  '--force',
  '--partial',
  '--inplace',
  '--append',
  '--append-verify',
  '--numeric-ids',
  '--size-only',
  '--ignore-times',
  '--ignore-existing',
  '--existing',
  '--remove-source-files',
  '--no-implied-dirs',
  '--checksum',
  '--stats',
  '--human-readable',
  '--omit-dir-times',
  '--omit-link-times',
  '--no-r',
  '--no-D',
]);

/** Long rsync options whose value is a number, a format or a choice, never a path. */
const RSYNC_VALUED = new Set([
  '--compress-level',
  '--compress-choice',
  '--checksum-choice',
  '--checksum-seed',
  '--timeout',
  '--contimeout',
  '--bwlimit',
  '--max-size',
  '--min-size',
  '--max-delete',
  '--modify-window',
  '--chmod',
  '--log-format',
  '--out-format',
  '--info',
  '--debug',
  '--block-size',
]);

/**
 * The command to run for `name` and the client's arguments.
 * @throws {CommandFailure} for arguments that are not what the git or rsync client sends.
 */
export function planSystemCommand(name: string, args: readonly string[]): PlannedCommand {
  const sub = GIT_COMMANDS[name];
  if (sub !== undefined) {
    const [path] = args;
    if (args.length !== 1 || path === undefined || path.startsWith('-')) {
      throw new CommandFailure(`usage: ${name} <repository path>`);
    }
    return { program: 'git', args: [...GIT_SAFETY, sub], path };
  }
  return planRsync(args);
}

/**
 * rsync must be a server run (`--server`), its options known and path-free, and its only operands
 * `.` and the path: the client's own protected-args mode (`-s`), which would send paths outside the
 * command line, is refused.
 */
function planRsync(args: readonly string[]): PlannedCommand {
  const options: string[] = [];
  const operands: string[] = [];
  for (const arg of args) {
    if (operands.length > 0 || !arg.startsWith('-')) {
      operands.push(arg);
      continue;
    }
    if (arg.startsWith('--')) {
      const name = arg.split('=', 1)[0] ?? arg;
      const valued = arg.includes('=');
      if (valued ? !RSYNC_VALUED.has(name) : !RSYNC_FLAGS.has(name)) {
        throw new CommandFailure(`rsync option ${name} is not allowed`);
      }
    } else {
      // In a server run `-e` carries the client's capability letters, not a shell command.
      const cut = arg.indexOf('e', 1);
      const letters = cut === -1 ? arg.slice(1) : arg.slice(1, cut);
      for (const letter of letters) {
        if (!RSYNC_LETTERS.has(letter)) throw new CommandFailure(`rsync option -${letter} is not allowed`);
      }
    }
    options.push(arg);
  }
  const [dot, path] = operands;
  if (!options.includes('--server') || operands.length !== 2 || dot !== '.' || path === undefined) {
    throw new CommandFailure('only rsync server runs for one path are allowed (rsync --server ... . <path>)');
  }
  return { program: 'rsync', args: [...options, '.'], path };
}
