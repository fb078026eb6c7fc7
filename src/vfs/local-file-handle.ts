/** {@link FsFileHandle} over a Node `FileHandle`, with positional I/O only. */
import type { FileHandle } from 'node:fs/promises';
import type { FsErrorContext, FsOperation } from './errors.js';
import { FsClosedError, FsError, FsInvalidArgumentError, describeOperation, toFsError } from './errors.js';
import type { FsFileHandle, FsStats } from './fs.js';
import { toFsStats } from './local-stats.js';

/**
 * Checks that `value` is a whole number of at least zero, as sizes and positions must be (Node would
 * take a negative position as "the current position").
 * @throws {FsInvalidArgumentError} naming `what`.
 */
export function checkNonNegativeInteger(value: number, what: string, context: FsErrorContext): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new FsInvalidArgumentError(
      `${describeOperation(context)}: ${what} must be a whole number of at least 0, got ${value}`,
      context,
    );
  }
}

/** An open local file. Built by `LocalFs.open` once the file is known to be inside the root. */
export class LocalFileHandle implements FsFileHandle {
  readonly #handle: FileHandle;
  readonly #virtualPath: string;
  #closed = false;

  constructor(handle: FileHandle, virtualPath: string) {
    this.#handle = handle;
    this.#virtualPath = virtualPath;
  }

  async read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    return this.#run('read', async (context) => {
      checkNonNegativeInteger(position, 'the position', context);
      if (length === 0) return 0;
      return (await this.#handle.read(buffer, offset, length, position)).bytesRead;
    });
  }

  async write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    return this.#run('write', async (context) => {
      checkNonNegativeInteger(position, 'the position', context);
      checkNonNegativeInteger(length, 'the length', context);
      let done = 0;
      // pwrite may write less than asked (a signal, a nearly full disk): go on until all is written.
      while (done < length) {
        const { bytesWritten } = await this.#handle.write(
          buffer,
          offset + done,
          length - done,
          position + done,
        );
        if (bytesWritten === 0)
          throw new FsError(`${describeOperation(context)}: the system wrote nothing`, context);
        done += bytesWritten;
      }
      return length;
    });
  }

  async stat(): Promise<FsStats> {
    return this.#run('stat', async () => toFsStats(await this.#handle.stat()));
  }

  async truncate(size: number): Promise<void> {
    return this.#run('truncate', async (context) => {
      checkNonNegativeInteger(size, 'the size', context);
      await this.#handle.truncate(size);
    });
  }

  async sync(): Promise<void> {
    return this.#run('sync', () => this.#handle.sync());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#handle.close();
    } catch (err) {
      throw toFsError(err, { op: 'close', virtualPath: this.#virtualPath });
    }
  }

  async #run<T>(op: FsOperation, action: (context: FsErrorContext) => Promise<T>): Promise<T> {
    const context: FsErrorContext = { op, virtualPath: this.#virtualPath };
    if (this.#closed) throw new FsClosedError(`${describeOperation(context)}: the file is closed`, context);
    try {
      return await action(context);
    } catch (err) {
      throw toFsError(err, context);
    }
  }
}
