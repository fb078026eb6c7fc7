/** The server-wide settings every `Connection` reads (from the `common` config section). */
import { FailureError } from './errors.js';

/** How uploads write: in place, or to a temporary file renamed over the target when done. */
export type UploadStrategy = 'standard' | 'atomic' | 'atomic-resume';

/** Settings shared by all connections. */
export interface ConnectionSettings {
  /** `common.upload_mode` bit flags: 1 atomic, 2 atomic with resume (wins over 1); other bits concern cloud storage. */
  readonly uploadMode: number;
  /** `common.setstat_mode`: 0 apply chmod/chown/chtimes, 1 ignore them, 2 ignore them on cloud storage only. */
  readonly setstatMode: 0 | 1 | 2;
  /** Bits removed from the mode of created files and directories, on top of the process umask; 0 for none. */
  readonly umask: number;
  /** Most bytes one read or write call of a transfer may move. Default {@link DEFAULT_MAX_IO_SIZE}. */
  readonly maxIoSize?: number;
  /** Most entries one page of a listing may hold. Default {@link DEFAULT_LIST_PAGE}. */
  readonly maxListPage?: number;
  /** Most directory levels a walk of a tree goes down (copy, move, removal). Default `MAX_TREE_DEPTH`. */
  readonly maxTreeDepth?: number;
  /**
   * Whether created files and directories get the user's uid/gid; default: when the process runs as
   * root (`process.getuid() === 0`).
   */
  readonly chownCreated?: boolean;
}

/** Largest read or write per call when the settings do not say. */
export const DEFAULT_MAX_IO_SIZE = 1024 * 1024;
/** Largest listing page when the settings do not say. */
export const DEFAULT_LIST_PAGE = 1000;

/** The upload strategy of `common.upload_mode` (atomic with resume wins over atomic). */
export function uploadStrategy(uploadMode: number): UploadStrategy {
  if ((uploadMode & 2) !== 0) return 'atomic-resume';
  if ((uploadMode & 1) !== 0) return 'atomic';
  return 'standard';
}

/**
 * Parses `common.umask` (octal text such as `"022"`); `""` gives 0 (only the process umask applies).
 * @throws {FailureError} when the text is not an octal number up to 0777.
 */
export function parseUmask(text: string): number {
  if (text.trim() === '') return 0;
  if (!/^[0-7]{1,4}$/.test(text.trim())) {
    throw new FailureError(`common.umask: ${JSON.stringify(text)} is not an octal mask such as "022"`);
  }
  return Number.parseInt(text.trim(), 8) & 0o777;
}

/** Connection settings from the `common` config section. @throws {FailureError} for a bad `umask`. */
export function connectionSettingsFromConfig(common: {
  readonly upload_mode: number;
  readonly setstat_mode: number;
  readonly umask: string;
}): ConnectionSettings {
  const setstatMode = common.setstat_mode === 1 || common.setstat_mode === 2 ? common.setstat_mode : 0;
  return { uploadMode: common.upload_mode, setstatMode, umask: parseUmask(common.umask) };
}
