/** A download: positional reads from a file, within bandwidth and data transfer limits. */
import { fsActionStatus } from '../actions/fs-action-event.js';
import { ReadQuotaExceededError } from '../connection/errors.js';
import type { TransferQuota } from '../rules/index.js';
import type { BaseTransferOptions } from './base-transfer.js';
import { BaseTransfer } from './base-transfer.js';

/** How to run a download (built by `Connection.openForRead`). */
export interface DownloadTransferOptions extends BaseTransferOptions {
  /** The data transfer allowance when the user has one. */
  readonly transferQuota?: TransferQuota;
  /** Size of the file when opened (shown in logs of the `download` action when nothing was read). */
  readonly fileSize: number;
}

/**
 * A running download. On `close` the data transfer counters are updated, the transfer is logged, the
 * `download` action runs (status ok or error) and `first-download` for the user's first successful
 * download that sent data.
 */
export class DownloadTransfer extends BaseTransfer {
  readonly operationType = 'download';
  readonly #options: DownloadTransferOptions;
  #sent = 0;

  constructor(options: DownloadTransferOptions) {
    super(options);
    this.#options = options;
  }

  /** Size of the file when it was opened. */
  get fileSize(): number {
    return this.#options.fileSize;
  }

  /** Bytes sent so far. */
  get bytes(): number {
    return this.#sent;
  }

  protected get listedSize(): number {
    return this.#sent;
  }

  /**
   * Reads up to `length` bytes at `position` into `buffer` from `offset`.
   * @returns the bytes read; 0 at the end of the file.
   * @throws {QuotaExceededError} when the data transfer allowance is used up (the transfer fails).
   * @throws {FailureError} for more than the per-call maximum, a closed or failed transfer;
   *   {@link ConnectionError} for storage errors.
   */
  async read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    this.checkIo(length, position);
    const allowed = this.#allowed();
    if (allowed <= 0) {
      throw this.fail(
        new ReadQuotaExceededError(
          `${JSON.stringify(this.virtualPath)}: the data transfer quota is used up`,
          {
            virtualPath: this.virtualPath,
          },
        ),
      );
    }
    // Never read past the allowance: the client gets a short read, then the error.
    const wanted = Math.min(length, allowed);
    // Reserved before the read so that concurrent (pipelined) reads see each other's bytes.
    this.#sent += wanted;
    let n: number;
    try {
      n = await this.handle.read(buffer, offset, wanted, position);
    } catch (err) {
      this.#sent -= wanted;
      throw this.fail(err);
    }
    this.#sent -= wanted - n;
    await this.throttle();
    return n;
  }

  /** Bytes the data transfer quota still allows this download to send; Infinity without one. */
  #allowed(): number {
    const quota = this.#options.transferQuota;
    if (quota === undefined) return Number.POSITIVE_INFINITY;
    if (quota.allowedTotal > 0 || quota.totalLimit > 0) return quota.allowedTotal - this.#sent;
    if (quota.allowedDownload > 0 || quota.downloadLimit > 0) return quota.allowedDownload - this.#sent;
    return Number.POSITIVE_INFINITY;
  }

  protected async finish(): Promise<void> {
    if (this.#options.transferQuota !== undefined) await this.host.updateTransferQuota(0, this.#sent);
    const error = this.error;
    this.host.logger.transfer({
      operation: 'Download',
      filePath: this.hostPath,
      virtualPath: this.virtualPath,
      elapsedMs: this.elapsed(),
      sizeBytes: this.#sent,
      localAddr: this.host.localAddr,
      remoteAddr: this.host.remoteAddr,
      ...(error === undefined ? {} : { error }),
    });
    const fields = {
      virtualPath: this.virtualPath,
      hostPath: this.hostPath,
      fileSize: this.#sent,
      elapsed: this.elapsed(),
      provider: this.provider,
    };
    const status = error === undefined ? fsActionStatus.ok : fsActionStatus.error;
    await this.host.action({ ...fields, action: 'download', status }).catch(() => undefined);
    if (error === undefined && this.#sent > 0 && (await this.host.markFirst('download'))) {
      await this.host.action({ ...fields, action: 'first-download', status }).catch(() => undefined);
    }
  }
}
