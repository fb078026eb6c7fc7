/** An upload: positional writes into a file, within quotas and bandwidth, finished by `close`. */
import type { Fs } from '../../vfs/index.js';
import { fsActionStatus } from '../actions/fs-action-event.js';
import { FailureError, QuotaExceededError, toConnectionError } from '../connection/errors.js';
import type { UploadStrategy } from '../connection/settings.js';
import type { TransferQuota } from '../rules/index.js';
import { isUploadWithinTransferQuota, isWithinWriteLimit, quotaDeltaAfterUpload } from '../rules/index.js';
import type { BaseTransferOptions } from './base-transfer.js';
import { BaseTransfer } from './base-transfer.js';
import type { QuotaDelta } from './transfer-host.js';

/** How to run an upload (built by `Connection.openForWrite`). */
export interface UploadTransferOptions extends BaseTransferOptions {
  readonly fs: Fs;
  /** The target, inside `fs`. */
  readonly fsPath: string;
  /** The temporary file written instead of the target (atomic strategies), inside `fs`. */
  readonly tempFsPath?: string;
  readonly strategy: UploadStrategy;
  /** Whether the target existed before the upload (it then counts as no new file). */
  readonly existedBefore: boolean;
  /** Bytes of the target already counted in the quota (its size before the upload, 0 for a new file). */
  readonly countedSize: number;
  /** Writes below this position are refused (a resume starts at the current end of the file). */
  readonly minWriteOffset: number;
  /** Most bytes this upload may write (quota, `max_upload_file_size`); -1 for no limit. */
  readonly maxWriteSize: number;
  /** The data transfer allowance when the user has one. */
  readonly transferQuota?: TransferQuota;
  /** Open flags reported to actions (SFTP pflags); default 0. */
  readonly openFlags?: number;
}

/**
 * A running upload. Writes may come out of order (SFTP pipelining); the file's size is what the
 * storage reports at the end. On `close`:
 * - over quota, the written file (temporary or target) is removed, as SFTPGo does;
 * - atomic: the temporary file is renamed over the target on success and removed on error;
 *   atomic with resume: it is renamed over the target in both cases, so the client can resume;
 * - the `upload` action runs (a failing synchronous one removes the file and fails the upload), the
 *   disk usage and data transfer counters are updated, the transfer is logged, and `first-upload`
 *   runs for the user's first successful upload.
 */
export class UploadTransfer extends BaseTransfer {
  readonly operationType = 'upload';
  readonly #options: UploadTransferOptions;
  #received = 0;
  #maxOffset = 0;
  #timesOnClose: { readonly atime: Date; readonly mtime: Date } | undefined;
  /** The file's size read from the handle just before it closed. */
  #sizeAtClose: number | undefined;

  constructor(options: UploadTransferOptions) {
    super(options);
    this.#options = options;
    this.#maxOffset = options.minWriteOffset;
  }

  /** Bytes received so far. */
  get bytes(): number {
    return this.#received;
  }

  /** Most bytes this upload may write (quota, `max_upload_file_size`); -1 for no limit. */
  get maxWriteSize(): number {
    return this.#options.maxWriteSize;
  }

  /** The end of the furthest write so far (the file's size once the writes are contiguous). */
  get maxWrittenOffset(): number {
    return this.#maxOffset;
  }

  protected get listedSize(): number {
    return this.#received;
  }

  /**
   * Writes `length` bytes of `buffer` from `offset` at `position` of the file.
   * @returns `length`.
   * @throws {QuotaExceededError} when the write would cross the quota, `max_upload_file_size` or the
   *   data transfer allowance (the transfer then fails: close it).
   * @throws {FailureError} for a position before the resume point, more than the per-call maximum, a
   *   closed or failed transfer; {@link ConnectionError} for storage errors.
   */
  async write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    this.checkIo(length, position);
    if (position < this.#options.minWriteOffset) {
      throw this.fail(
        new FailureError(
          `${JSON.stringify(this.virtualPath)}: invalid write offset ${position}, the upload resumes at ${this.#options.minWriteOffset}`,
          { virtualPath: this.virtualPath },
        ),
      );
    }
    const after = this.#received + length;
    if (!isWithinWriteLimit(this.#options.maxWriteSize, after)) {
      throw this.fail(
        new QuotaExceededError(
          `${JSON.stringify(this.virtualPath)}: the upload may write at most ${this.#options.maxWriteSize} bytes`,
          { virtualPath: this.virtualPath },
        ),
      );
    }
    const quota = this.#options.transferQuota;
    if (quota !== undefined && !isUploadWithinTransferQuota(quota, { received: after, sent: 0 })) {
      throw this.fail(
        new QuotaExceededError(`${JSON.stringify(this.virtualPath)}: the data transfer quota is used up`, {
          virtualPath: this.virtualPath,
        }),
      );
    }
    // Counted before the write so that concurrent (pipelined) writes see each other's bytes.
    this.#received = after;
    try {
      await this.handle.write(buffer, offset, length, position);
    } catch (err) {
      throw this.fail(err);
    }
    if (position + length > this.#maxOffset) this.#maxOffset = position + length;
    await this.throttle();
    return length;
  }

  /** The temporary file written instead of the target (atomic upload modes), inside the storage. */
  get tempFsPath(): string | undefined {
    return this.#options.tempFsPath;
  }

  /**
   * Times to give the target once it is in place: with an atomic upload mode the target does not
   * exist until `close`, and a client sets them through the handle before closing it.
   */
  setTimesOnClose(atime: Date, mtime: Date): void {
    this.#timesOnClose = { atime, mtime };
  }

  /**
   * Flushes what was written so far to stable storage (SFTP `fsync@openssh.com`). With an atomic upload
   * mode this is the temporary file, which becomes the target on close.
   * @throws {FailureError} when the transfer is closed or failed; {@link ConnectionError} for a storage
   *   error (the transfer goes on: the client decides what to do).
   */
  async sync(): Promise<void> {
    this.checkIo(0, 0);
    try {
      await this.handle.sync();
    } catch (err) {
      throw toConnectionError(err, this.virtualPath);
    }
    this.host.touch();
  }

  protected override async beforeClose(): Promise<void> {
    try {
      this.#sizeAtClose = (await this.handle.stat()).size;
    } catch {
      // The size is then looked up by path once the file is closed.
    }
  }

  protected async finish(): Promise<void> {
    const o = this.#options;
    const written = o.tempFsPath ?? o.fsPath;
    if (this.error instanceof QuotaExceededError) {
      await this.#removeQuietly(written);
    } else if (o.tempFsPath !== undefined) {
      if (this.error === undefined || o.strategy === 'atomic-resume') {
        try {
          await o.fs.rename(o.tempFsPath, o.fsPath);
        } catch (err) {
          this.fail(err);
          await this.#removeQuietly(o.tempFsPath);
        }
      } else {
        await this.#removeQuietly(o.tempFsPath);
      }
    }
    const times = this.#timesOnClose;
    if (times !== undefined && this.error === undefined) {
      await o.fs.chtimes(o.fsPath, times.atime, times.mtime).catch((err: unknown) => this.fail(err));
    }
    let finalSize = await this.#targetSize();
    try {
      await this.host.action({
        action: 'upload',
        virtualPath: this.virtualPath,
        hostPath: this.hostPath,
        fileSize: finalSize ?? 0,
        status: this.#status(),
        elapsed: this.elapsed(),
        provider: this.provider,
        openFlags: o.openFlags ?? 0,
      });
    } catch (err) {
      this.fail(err);
      if (finalSize !== undefined && (await this.#removeQuietly(o.fsPath))) finalSize = undefined;
    }
    const delta = this.#quotaDelta(finalSize);
    if (delta.files !== 0 || delta.size !== 0) await this.host.updateQuota(this.virtualPath, delta);
    if (o.transferQuota !== undefined) await this.host.updateTransferQuota(this.#received, 0);
    const error = this.error;
    this.host.logger.transfer({
      operation: 'Upload',
      filePath: this.hostPath,
      virtualPath: this.virtualPath,
      elapsedMs: this.elapsed(),
      sizeBytes: this.#received,
      localAddr: this.host.localAddr,
      remoteAddr: this.host.remoteAddr,
      ...(error === undefined ? {} : { error }),
    });
    if (error === undefined && (await this.host.markFirst('upload'))) {
      await this.host
        .action({
          action: 'first-upload',
          virtualPath: this.virtualPath,
          hostPath: this.hostPath,
          fileSize: finalSize ?? 0,
          status: fsActionStatus.ok,
          elapsed: this.elapsed(),
          provider: this.provider,
        })
        .catch(() => undefined);
    }
  }

  #status(): 1 | 2 | 3 {
    if (this.error === undefined) return fsActionStatus.ok;
    return this.error instanceof QuotaExceededError ? fsActionStatus.quotaExceeded : fsActionStatus.error;
  }

  #quotaDelta(finalSize: number | undefined): QuotaDelta {
    const o = this.#options;
    if (finalSize === undefined) return { files: o.existedBefore ? -1 : 0, size: -o.countedSize };
    return quotaDeltaAfterUpload({ createdFile: !o.existedBefore, finalSize, countedSize: o.countedSize });
  }

  /** The target's size now; undefined when it is not there. */
  async #targetSize(): Promise<number | undefined> {
    // After a clean upload the file is where it was written to or renamed to, with the size its handle
    // had: one lookup by path less per file (it shows with many small files).
    if (this.error === undefined && this.#sizeAtClose !== undefined) return this.#sizeAtClose;
    try {
      return (await this.#options.fs.stat(this.#options.fsPath)).size;
    } catch {
      return undefined;
    }
  }

  async #removeQuietly(fsPath: string): Promise<boolean> {
    try {
      await this.#options.fs.remove(fsPath);
      return true;
    } catch (err) {
      this.host.logger.warn('transfer', 'cannot remove a partial upload', {
        virtual_path: this.virtualPath,
        error: toConnectionError(err, this.virtualPath).message,
      });
      return false;
    }
  }
}
