/** What uploads and downloads share: identity, byte counts, throttling, the first error, closing once. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FsFileHandle } from '../../vfs/index.js';
import type { TransferInfo } from '../connection-info.js';
import type { ConnectionError } from '../connection/errors.js';
import { FailureError, toConnectionError } from '../connection/errors.js';
import { throttleDelay } from './bandwidth.js';
import type { TransferHost } from './transfer-host.js';

/** Options shared by both transfer kinds. */
export interface BaseTransferOptions {
  /** Unique within the connection. */
  readonly id: number;
  readonly host: TransferHost;
  readonly handle: FsFileHandle;
  /** The client's path. */
  readonly virtualPath: string;
  /** Host path of the file (logs, actions). */
  readonly hostPath: string;
  /** Filesystem provider number (actions). */
  readonly provider: number;
  /** KB/s; 0 unlimited. */
  readonly bandwidth: number;
  /** Most bytes per read or write call. */
  readonly maxIoSize: number;
  /** Clock in ms; default `Date.now`. */
  readonly now?: () => number;
}

/** The base of {@link UploadTransfer} and {@link DownloadTransfer}. */
export abstract class BaseTransfer {
  readonly id: number;
  readonly virtualPath: string;
  readonly hostPath: string;
  readonly startTime: number;
  protected readonly host: TransferHost;
  protected readonly handle: FsFileHandle;
  protected readonly provider: number;
  protected readonly maxIoSize: number;
  protected readonly now: () => number;
  readonly #bandwidth: number;
  /** Made by the first bandwidth wait: most transfers never wait, and an abort costs an exception. */
  #abort: AbortController | undefined;
  #error: ConnectionError | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: BaseTransferOptions) {
    this.id = options.id;
    this.host = options.host;
    this.handle = options.handle;
    this.virtualPath = options.virtualPath;
    this.hostPath = options.hostPath;
    this.provider = options.provider;
    this.#bandwidth = options.bandwidth;
    this.maxIoSize = options.maxIoSize;
    this.now = options.now ?? Date.now;
    this.startTime = this.now();
  }

  abstract readonly operationType: 'upload' | 'download';
  /** Bytes moved so far (received for an upload, sent for a download). */
  abstract get bytes(): number;
  /** Size shown in the connection list. */
  protected abstract get listedSize(): number;
  protected abstract finish(): Promise<void>;
  /** Runs while the file is still open, just before it is closed. */
  protected beforeClose(): Promise<void> {
    return Promise.resolve();
  }

  /** The first error the transfer met, if any. */
  get error(): ConnectionError | undefined {
    return this.#error;
  }

  /** True once `close` was called. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** What the active connections list shows. */
  info(): TransferInfo {
    return {
      id: this.id,
      operationType: this.operationType,
      path: this.virtualPath,
      startTime: this.startTime,
      size: this.listedSize,
    };
  }

  /**
   * Ends the transfer: closes the file and does the end-of-transfer work (see the subclass). With
   * `error` (a client gone, a protocol failure) the transfer ends as failed. Calling it again returns
   * the same promise.
   * @throws {ConnectionError} the transfer's first error when it failed (the given one included).
   */
  close(options: { readonly error?: unknown } = {}): Promise<void> {
    if (options.error !== undefined) this.fail(options.error);
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#abort?.abort();
    try {
      try {
        await this.beforeClose();
      } finally {
        await this.handle.close();
      }
    } catch (err) {
      this.fail(err);
    }
    try {
      await this.finish();
    } finally {
      this.host.detach(this);
    }
    if (this.#error !== undefined) throw this.#error;
  }

  /** Records `err` as the transfer's error unless one is recorded already; returns the recorded one. */
  protected fail(err: unknown): ConnectionError {
    this.#error ??= toConnectionError(err, this.virtualPath);
    return this.#error;
  }

  /** @throws {FailureError} when the transfer is closed or failed; for bad I/O arguments. */
  protected checkIo(length: number, position: number): void {
    if (this.#closing !== undefined) {
      throw new FailureError(`${JSON.stringify(this.virtualPath)}: the transfer is closed`, {
        virtualPath: this.virtualPath,
      });
    }
    if (this.#error !== undefined) throw this.#error;
    if (!Number.isSafeInteger(length) || length < 0 || length > this.maxIoSize) {
      throw new FailureError(`invalid transfer length ${length}: at most ${this.maxIoSize} bytes per call`, {
        virtualPath: this.virtualPath,
      });
    }
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new FailureError(`invalid transfer position ${position}`, { virtualPath: this.virtualPath });
    }
  }

  /** Waits so that the transfer keeps within its bandwidth limit; returns early when it closes. */
  protected async throttle(): Promise<void> {
    this.host.touch();
    const delay = throttleDelay({
      kbPerSecond: this.#bandwidth,
      bytes: this.bytes,
      startedAt: this.startTime,
      now: this.now(),
    });
    if (delay <= 0 || this.#closing !== undefined) return;
    try {
      this.#abort ??= new AbortController();
      await sleep(delay, undefined, { signal: this.#abort.signal });
    } catch {
      // Closed while waiting: the next call reports it.
    }
  }

  /** Milliseconds since the start. */
  protected elapsed(): number {
    return this.now() - this.startTime;
  }
}
