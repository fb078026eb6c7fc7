/**
 * Recycled buffers for file data sent to clients (SFTP DATA replies, SCP file chunks). Allocating a
 * fresh 256 KiB buffer per chunk is costly beyond the allocation itself: the buffers live outside
 * V8's heap, and that much external memory churn makes V8 run full garbage collections (profiled:
 * about a quarter of the server's CPU time for a download). A buffer goes back to its pool once the
 * channel is done with it; ssh2's channels copy written data into SSH packets before calling the
 * write callback.
 */

/** Buffers kept for reuse per pool: enough for the chunks in flight of a few busy sessions. */
const MAX_FREE = 16;

/** Buffers of one size. */
export class BufferPool {
  readonly size: number;
  readonly #free: ArrayBuffer[] = [];
  readonly #own = new WeakSet<ArrayBufferLike>();

  constructor(size: number) {
    this.size = size;
  }

  /** A buffer of {@link size} bytes, with whatever it held before. */
  take(): Buffer {
    const recycled = this.#free.pop();
    if (recycled !== undefined) return Buffer.from(recycled);
    // Its own ArrayBuffer (never a slice of Node's shared pool), so that it can be recognised and reused.
    const buffer = Buffer.allocUnsafeSlow(this.size);
    this.#own.add(buffer.buffer);
    return buffer;
  }

  /** Whether `view` is a view of one of this pool's buffers. */
  owns(view: Buffer): boolean {
    return this.#own.has(view.buffer);
  }

  /** Takes back the buffer under `view`; the caller must not use it anymore. Others are ignored. */
  give(view: Buffer): void {
    if (this.owns(view) && this.#free.length < MAX_FREE) this.#free.push(view.buffer as ArrayBuffer);
  }
}

const pools = new Map<number, BufferPool>();

/** The process-wide pool of buffers of `size` bytes. */
export function sharedBufferPool(size: number): BufferPool {
  let pool = pools.get(size);
  if (pool === undefined) {
    pool = new BufferPool(size);
    pools.set(size, pool);
  }
  return pool;
}
