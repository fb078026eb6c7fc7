import { closeSync, existsSync, fchownSync, fstatSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BackupNaming, backupPath, gzipSuffix, listBackups, planCleanup } from './backup-files.js';
import { LoggerError } from './errors.js';
import { writeAllSync } from './fd-write.js';
import { gzipFile } from './gzip-file.js';
import { LineBatcher } from './line-batcher.js';
import { flushAtExit, type LogWriter, type WriterErrorHandler } from './log-writer.js';

/** Options of {@link RotatingFileWriter}. */
export interface RotatingFileOptions {
  /** The live log file; its directory is created when missing. */
  readonly filePath: string;
  /** Rotate before a write would make the file larger than this (bytes, more than 0). */
  readonly maxSizeBytes: number;
  /** Rotated files kept (a file and its `.gz` count once); 0 keeps all. */
  readonly maxBackups: number;
  /** Rotated files older than this many days (per the name's timestamp) are removed; 0 = never. */
  readonly maxAgeDays: number;
  /** Gzip rotated files in the background, removing each original once its `.gz` is complete. */
  readonly compress: boolean;
  /** Backup-name timestamps in UTC instead of local time. */
  readonly utcTime: boolean;
  /** Pending characters that trigger an immediate write (default 64 KiB). */
  readonly highWaterMark?: number;
  /** Told about write, rotation and cleanup failures (default: ignored). */
  readonly onError?: WriterErrorHandler;
}

/** Permission bits of a log file we create: records name users and addresses. */
const newFileMode = 0o600;

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A size-rotated log file with the rotation library semantics SFTPGo's users know (lumberjack):
 * when a write would push the file past `maxSizeBytes`, the file is renamed to
 * `<name>-<timestamp><ext>` and a new one is started at the same path; old backups are removed by
 * count and age and optionally gzipped, in the background.
 *
 * Lines are batched (see {@link LineBatcher}) and written synchronously. Writes are appends to
 * the page cache, usually far quicker than producing the records; when the disk is slower than
 * logging, the process waits for it instead of dropping records or growing memory without
 * bound: audit and fail2ban records are never silently discarded, and at most `highWaterMark`
 * characters are ever pending. Only a failing write (disk full, I/O error) loses lines: they are
 * counted in `lostLines` and reported through `onError` once per failure streak.
 *
 * Rotation happens between two lines, never inside one, and runs on the same synchronous path as
 * writing, so records logged from anywhere in the process cannot interleave with it. A single
 * line larger than `maxSizeBytes` is written whole to a file of its own rather than refused.
 * One process must own the file: several writers on the same path would rotate it under each
 * other.
 */
export class RotatingFileWriter implements LogWriter {
  readonly #path: string;
  readonly #naming: BackupNaming;
  readonly #options: RotatingFileOptions;
  readonly #batcher: LineBatcher;
  readonly #removeExitHook: () => void;
  readonly #onError: WriterErrorHandler;
  #fd: number;
  #size: number;
  #lostLines = 0;
  #failing = false;
  #linesLostInStreak = 0;
  #closing: Promise<void> | undefined;
  #cleanup: Promise<void> | undefined;
  #cleanupAgain = false;
  #lastBackupTime = 0;

  /**
   * Opens (or creates) the file for appending.
   * @throws {LoggerError} `LOG_INVALID_OPTION` for a non-positive `maxSizeBytes`,
   *   `LOG_FILE_OPEN_FAILED` when the directory or the file cannot be created or opened.
   */
  constructor(options: RotatingFileOptions) {
    if (!(options.maxSizeBytes > 0)) {
      throw new LoggerError(
        'LOG_INVALID_OPTION',
        `log file max size must be more than 0 bytes, got ${options.maxSizeBytes}`,
      );
    }
    this.#options = options;
    this.#path = resolve(options.filePath);
    this.#naming = new BackupNaming(this.#path, options.utcTime);
    this.#onError = options.onError ?? (() => undefined);
    this.#fd = this.#openLive();
    this.#size = fstatSync(this.#fd).size;
    this.#batcher = new LineBatcher((lines) => this.#writeLines(lines), options.highWaterMark ?? 65536);
    this.#removeExitHook = flushAtExit(() => this.#batcher.flush());
    // Backups left by an earlier run may be due for removal or compression.
    this.#scheduleCleanup();
  }

  get lostLines(): number {
    return this.#lostLines;
  }

  write(line: string): void {
    if (this.#closing !== undefined) {
      this.#lostLines += 1;
      return;
    }
    this.#batcher.push(line);
  }

  flushSync(): void {
    if (this.#closing === undefined) this.#batcher.flush();
  }

  /**
   * Writes pending lines to the current file, then opens the file at the configured path again
   * (created if an external tool moved it away). The old descriptor is closed only once the new
   * one is open, so a failure leaves logging where it was. Does nothing after `close()`.
   * @throws {LoggerError} `LOG_FILE_OPEN_FAILED` (as a rejection) when the path cannot be opened.
   */
  reopen(): Promise<void> {
    if (this.#closing !== undefined) return Promise.resolve();
    this.#batcher.flush();
    let fd: number;
    try {
      fd = this.#openLive();
    } catch (err) {
      return Promise.reject(err as Error);
    }
    this.#swapDescriptor(fd);
    return Promise.resolve();
  }

  /** Flushes, closes the file and waits for a running cleanup/compression pass. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#closeOnce();
    return this.#closing;
  }

  async #closeOnce(): Promise<void> {
    this.#batcher.flush();
    this.#removeExitHook();
    try {
      closeSync(this.#fd);
    } catch (err) {
      this.#onError(new Error(`closing log file "${this.#path}": ${errorMessage(err)}`, { cause: err }));
    }
    await this.#cleanup;
  }

  #openLive(): number {
    try {
      mkdirSync(this.#naming.dir, { recursive: true });
      return openSync(this.#path, 'a', newFileMode);
    } catch (err) {
      throw new LoggerError(
        'LOG_FILE_OPEN_FAILED',
        `cannot open log file "${this.#path}": ${errorMessage(err)}`,
        { cause: err },
      );
    }
  }

  #swapDescriptor(fd: number): void {
    const old = this.#fd;
    this.#fd = fd;
    this.#size = fstatSync(fd).size;
    try {
      closeSync(old);
    } catch {
      // The old file is no longer ours to write; a failed close loses nothing.
    }
  }

  #writeLines(lines: readonly string[]): void {
    const data = Buffer.from(lines.length === 1 ? (lines[0] as string) : lines.join(''), 'utf8');
    if (this.#size + data.length <= this.#options.maxSizeBytes) {
      this.#writeChunk(data, lines.length);
      return;
    }
    // The batch crosses the size limit: split it at line boundaries, rotating in between.
    let chunkStart = 0;
    let offset = 0;
    let chunkLines = 0;
    for (const line of lines) {
      const length = Buffer.byteLength(line, 'utf8');
      const pendingBytes = this.#size + (offset - chunkStart);
      if (pendingBytes > 0 && pendingBytes + length > this.#options.maxSizeBytes) {
        if (offset > chunkStart) this.#writeChunk(data.subarray(chunkStart, offset), chunkLines);
        this.#rotateForSize();
        chunkStart = offset;
        chunkLines = 0;
      }
      offset += length;
      chunkLines += 1;
    }
    if (offset > chunkStart) this.#writeChunk(data.subarray(chunkStart, offset), chunkLines);
  }

  #writeChunk(chunk: Buffer, lineCount: number): void {
    try {
      writeAllSync(this.#fd, chunk);
      this.#size += chunk.length;
      if (this.#failing) {
        this.#failing = false;
        this.#onError(
          new Error(
            `log file "${this.#path}" is writable again; ${this.#linesLostInStreak} records were lost`,
          ),
        );
        this.#linesLostInStreak = 0;
      }
    } catch (err) {
      this.#lostLines += lineCount;
      this.#linesLostInStreak += lineCount;
      try {
        this.#size = fstatSync(this.#fd).size;
      } catch {
        // Keep the previous count; the next rotation check uses it.
      }
      if (!this.#failing) {
        this.#failing = true;
        this.#onError(
          new Error(`cannot write to log file "${this.#path}", records are lost: ${errorMessage(err)}`, {
            cause: err,
          }),
        );
      }
    }
  }

  #freeBackupPath(now: Date): string {
    // Two rotations within the same millisecond would otherwise share a name, and the second
    // rename would overwrite the first backup. Names also never go back in time, so that the
    // newest-first order used by the cleanup matches the order the files were written in.
    let time = Math.max(now.getTime(), this.#lastBackupTime + 1);
    for (;;) {
      const path = backupPath(this.#naming, this.#naming.nameFor(new Date(time)));
      if (!existsSync(path) && !existsSync(path + gzipSuffix)) {
        this.#lastBackupTime = time;
        return path;
      }
      time += 1;
    }
  }

  /**
   * Writes pending lines, then rotates now whatever the size (SFTPGo does this on SIGUSR1): the
   * file is renamed to a backup, a new one is started and the cleanup runs. Does nothing after
   * `close()`.
   * @throws {LoggerError} `LOG_ROTATE_FAILED` (as a rejection) when the rename or the new file
   *   fails; logging goes on in the current file.
   */
  rotate(): Promise<void> {
    if (this.#closing !== undefined) return Promise.resolve();
    this.#batcher.flush();
    const err = this.#tryRotate();
    if (err === undefined) return Promise.resolve();
    return Promise.reject(
      new LoggerError('LOG_ROTATE_FAILED', `cannot rotate log file "${this.#path}": ${errorMessage(err)}`, {
        cause: err,
      }),
    );
  }

  /** Rotates; returns the error that prevented it, if any. */
  #tryRotate(): unknown {
    let mode = newFileMode;
    let owner: { uid: number; gid: number } | undefined;
    try {
      const info = fstatSync(this.#fd);
      mode = info.mode & 0o777;
      owner = { uid: info.uid, gid: info.gid };
    } catch {
      // Fall back to the default mode.
    }
    try {
      renameSync(this.#path, this.#freeBackupPath(new Date()));
    } catch (err) {
      // ENOENT: the file was moved away by someone else; simply start a new one at the path.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return err;
    }
    let fd: number;
    try {
      fd = openSync(this.#path, 'a', mode);
    } catch (err) {
      // Keep appending to the renamed file: the lines are kept, under the backup's name.
      return err;
    }
    if (owner !== undefined && process.getuid?.() === 0) {
      try {
        // Running as root: keep the file owned as before, so a log reader account still can read it.
        fchownSync(fd, owner.uid, owner.gid);
      } catch {
        // Ownership is a convenience; the log itself is fine.
      }
    }
    this.#swapDescriptor(fd);
    this.#scheduleCleanup();
    return undefined;
  }

  #rotateForSize(): void {
    const err = this.#tryRotate();
    if (err === undefined) return;
    // Try again only after another full file's worth of data, not on every following line.
    this.#size = 0;
    this.#onError(new Error(`cannot rotate log file "${this.#path}": ${errorMessage(err)}`, { cause: err }));
  }

  #scheduleCleanup(): void {
    const { maxBackups, maxAgeDays, compress } = this.#options;
    if (maxBackups === 0 && maxAgeDays === 0 && !compress) return;
    if (this.#cleanup !== undefined) {
      this.#cleanupAgain = true;
      return;
    }
    this.#cleanup = this.#cleanupLoop().finally(() => {
      this.#cleanup = undefined;
    });
  }

  async #cleanupLoop(): Promise<void> {
    do {
      this.#cleanupAgain = false;
      try {
        await this.#cleanupOnce();
      } catch (err) {
        this.#onError(
          new Error(`cleaning up backups of log file "${this.#path}": ${errorMessage(err)}`, { cause: err }),
        );
      }
    } while (this.#cleanupAgain);
  }

  async #cleanupOnce(): Promise<void> {
    const plan = planCleanup(await listBackups(this.#naming), this.#options, new Date());
    for (const name of plan.remove) {
      await rm(backupPath(this.#naming, name), { force: true });
    }
    for (const name of plan.compress) {
      const source = backupPath(this.#naming, name);
      await gzipFile(source, source + gzipSuffix);
    }
  }
}
