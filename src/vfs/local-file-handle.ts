/** {@link FsFileHandle} over a Node `FileHandle`, with positional I/O only. */
import type { FileHandle } from 'node:fs/promises';
import type { FsErrorContext, FsOperation } from './errors.js';
import { FsClosedError, FsInvalidArgumentError, describeOperation, toFsError } from './errors.js';
import type { FsFileHandle, FsStats } from './fs.js';
import { toFsStats } from './local-stats.js';
import { WriteQueue } from './write-queue.js';

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

/**
 * An open local file. Built by `LocalFs.open` once the file is known to be inside the root. Writes go
 * through a {@link WriteQueue}, in the order they are asked for; the other operations first wait for
 * the writes asked for before them.
 */
export class LocalFileHandle implements FsFileHandle {
  readonly #handle: FileHandle;
  readonly #virtualPath: string;
  readonly #writes: WriteQueue;
  #closed = false;

  constructor(handle: FileHandle, virtualPath: string) {
    this.#handle = handle;
    this.#virtualPath = virtualPath;
    this.#writes = new WriteQueue(async (buffers, position) => {
      return (await handle.writev(buffers, position)).bytesWritten;
    });
  }

  async read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    return this.#run('read', async (context) => {
      checkNonNegativeInteger(position, 'the position', context);
      if (length === 0) return 0;
      await this.#afterWrites();
      return (await this.#handle.read(buffer, offset, length, position)).bytesRead;
    });
  }

  async write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    return this.#run('write', async (context) => {
      checkNonNegativeInteger(position, 'the position', context);
      checkNonNegativeInteger(length, 'the length', context);
      checkNonNegativeInteger(offset, 'the offset', context);
      if (offset + length > buffer.length) {
        throw new FsInvalidArgumentError(
          `${describeOperation(context)}: ${length} bytes from offset ${offset} do not fit a buffer of ${buffer.length}`,
          context,
        );
      }
      if (length === 0) return 0;
      await this.#writes.write(buffer.subarray(offset, offset + length), position);
      return length;
    });
  }

  async stat(): Promise<FsStats> {
    return this.#run('stat', async () => {
      await this.#afterWrites();
      return toFsStats(await this.#handle.stat());
    });
  }

  async truncate(size: number): Promise<void> {
    return this.#run('truncate', async (context) => {
      checkNonNegativeInteger(size, 'the size', context);
      await this.#afterWrites();
      await this.#handle.truncate(size);
    });
  }

  async sync(): Promise<void> {
    return this.#run('sync', async () => {
      await this.#afterWrites();
      await this.#handle.sync();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#afterWrites();
      await this.#handle.close();
    } catch (err) {
      throw toFsError(err, { op: 'close', virtualPath: this.#virtualPath });
    }
  }

  /** Waits for the writes asked for so far (their failures are their callers' to report). */
  async #afterWrites(): Promise<void> {
    if (this.#writes.busy) await this.#writes.idle();
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
