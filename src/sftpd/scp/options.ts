/** The options of the `scp` command the client runs on the server (`scp -t` or `scp -f`). */
import { ScpProtocolError } from './errors.js';

/** What the client asked for. */
export interface ScpOptions {
  /** `-t`: the client sends (upload); `-f`: the client receives (download). */
  readonly direction: 'to' | 'from';
  /** `-r`: directories are copied with their contents. */
  readonly recursive: boolean;
  /** `-p`: modification times, access times and modes are kept. */
  readonly preserve: boolean;
  /** `-d`: the upload target must be a directory (the client sends several files). */
  readonly targetIsDir: boolean;
  /** The target (`-t`, exactly one) or the sources (`-f`, one or more), as the client wrote them. */
  readonly paths: readonly string[];
}

/** Flags the server side accepts and ignores: verbosity, quiet mode, and `-3`'s relaying client. */
const IGNORED = new Set(['v', 'q', '3', 'E', 'A']);

/**
 * Parses the arguments after `scp` (single-letter flags, possibly grouped, then `--` or the paths).
 * @throws {ScpProtocolError} without exactly one of `-t`/`-f`, for an unknown flag, or without paths.
 */
export function parseScpArgs(args: readonly string[]): ScpOptions {
  const flags = new Set<string>();
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    for (const letter of arg.slice(1)) {
      if (!'tfrpd'.includes(letter) && !IGNORED.has(letter)) {
        throw new ScpProtocolError(`unsupported scp option -${letter}`);
      }
      flags.add(letter);
    }
  }
  const paths = args.slice(i);
  if (flags.has('t') === flags.has('f')) throw new ScpProtocolError('scp needs exactly one of -t and -f');
  const direction = flags.has('t') ? 'to' : 'from';
  if (paths.length === 0 || (direction === 'to' && paths.length !== 1)) {
    throw new ScpProtocolError(
      direction === 'to' ? 'scp -t needs one target path' : 'scp -f needs source paths',
    );
  }
  return {
    direction,
    recursive: flags.has('r'),
    preserve: flags.has('p'),
    targetIsDir: flags.has('d'),
    paths,
  };
}
