import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { formatBackupTimestamp, parseBackupTimestamp } from './log-time.js';

/** Suffix of compressed backups. */
export const gzipSuffix = '.gz';

/**
 * How the backups of one log file are named: `<name>-<timestamp><ext>` beside it, `.gz` appended
 * once compressed. For `/var/log/sftpgo.log`: `/var/log/sftpgo-2026-11-21T06-30-00.000.log`.
 */
export class BackupNaming {
  /** The directory holding the log file and its backups. */
  readonly dir: string;
  readonly #prefix: string;
  readonly #ext: string;
  readonly #utc: boolean;

  /** @param filePath the live log file; @param utc timestamps in UTC instead of local time */
  constructor(filePath: string, utc: boolean) {
    this.dir = dirname(filePath);
    const name = basename(filePath);
    this.#ext = extname(name);
    this.#prefix = `${name.slice(0, name.length - this.#ext.length)}-`;
    this.#utc = utc;
  }

  /** The file name (no directory) of a backup rotated at `date`. */
  nameFor(date: Date): string {
    return `${this.#prefix}${formatBackupTimestamp(date, this.#utc)}${this.#ext}`;
  }

  /** Reads a directory entry; `undefined` when it is not a backup of this log file. */
  parse(fileName: string): BackupFile | undefined {
    const compressed = fileName.endsWith(gzipSuffix);
    const plain = compressed ? fileName.slice(0, -gzipSuffix.length) : fileName;
    if (!plain.startsWith(this.#prefix) || !plain.endsWith(this.#ext)) return undefined;
    const stamp = plain.slice(this.#prefix.length, plain.length - this.#ext.length);
    const timestamp = parseBackupTimestamp(stamp, this.#utc);
    return timestamp === undefined ? undefined : { name: fileName, plainName: plain, timestamp, compressed };
  }
}

/** One rotated file found beside the live log. */
export interface BackupFile {
  /** The entry's name in the directory. */
  readonly name: string;
  /** The name without `.gz`: a backup and its compressed form share it. */
  readonly plainName: string;
  /** The rotation time written in the name. */
  readonly timestamp: Date;
  readonly compressed: boolean;
}

/** Lists the backups of a log file, newest first. */
export async function listBackups(naming: BackupNaming): Promise<BackupFile[]> {
  const entries = await readdir(naming.dir, { withFileTypes: true });
  const backups: BackupFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const backup = naming.parse(entry.name);
    if (backup !== undefined) backups.push(backup);
  }
  return backups.sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
}

/** Retention settings, with the rotation library's meaning of 0. */
export interface RetentionPolicy {
  /** Backups kept (a file and its `.gz` count once); 0 keeps all. */
  readonly maxBackups: number;
  /** Backups whose name timestamp is older than this many days are removed; 0 = no age limit. */
  readonly maxAgeDays: number;
  /** Whether kept uncompressed backups get gzipped. */
  readonly compress: boolean;
}

/** What a cleanup pass does: entry names to delete, then entry names to gzip. */
export interface CleanupPlan {
  readonly remove: readonly string[];
  readonly compress: readonly string[];
}

/**
 * Decides a cleanup pass. `backups` must be newest first (as {@link listBackups} returns them).
 * The count limit applies first, then the age limit (by the timestamp in the name, not the file's
 * mtime, so copying or compressing a backup does not make it younger); what remains
 * uncompressed is compressed when asked.
 */
export function planCleanup(backups: readonly BackupFile[], policy: RetentionPolicy, now: Date): CleanupPlan {
  const remove: string[] = [];
  let kept: BackupFile[] = [...backups];
  if (policy.maxBackups > 0) {
    const seen = new Set<string>();
    const remaining: BackupFile[] = [];
    for (const backup of kept) {
      seen.add(backup.plainName);
      if (seen.size > policy.maxBackups) remove.push(backup.name);
      else remaining.push(backup);
    }
    kept = remaining;
  }
  if (policy.maxAgeDays > 0) {
    const cutoff = now.getTime() - policy.maxAgeDays * 24 * 60 * 60 * 1000;
    const remaining: BackupFile[] = [];
    for (const backup of kept) {
      if (backup.timestamp.getTime() < cutoff) remove.push(backup.name);
      else remaining.push(backup);
    }
    kept = remaining;
  }
  // An uncompressed backup beside its `.gz` means a compression was interrupted (the process
  // stopped mid-way): the `.gz` is partial and is written again from the complete file.
  const compress = policy.compress ? kept.filter((b) => !b.compressed).map((b) => b.name) : [];
  return { remove, compress };
}

/** Full path of a directory entry. */
export function backupPath(naming: BackupNaming, name: string): string {
  return join(naming.dir, name);
}
