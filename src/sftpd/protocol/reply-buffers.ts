/**
 * Recycled buffers for DATA replies. A READ reply is up to `maxReadLength` (255 KiB) and allocating
 * one per request is costly beyond the allocation itself: the buffers live outside V8's heap, and
 * that much external memory churn makes V8 run full garbage collections (profiled: about a quarter
 * of the server's CPU time for a download). A reply goes back to its pool once the channel has
 * copied it; ssh2's channels copy written data into SSH packets before calling the write callback.
 */
import { REPLY_HEADER_LENGTH } from './packet-writer.js';

/** Buffers kept for reuse per pool: enough for the replies in flight of a few busy sessions. */
const MAX_FREE = 16;

/** DATA reply buffers for reads of up to one length. */
export class ReplyBufferPool {
  /** Bytes of each buffer: reply header, data length field, data. */
  readonly #size: number;
  readonly #free: ArrayBuffer[] = [];
  readonly #own = new WeakSet<ArrayBufferLike>();

  constructor(maxReadLength: number) {
    this.#size = REPLY_HEADER_LENGTH + 4 + maxReadLength;
  }

  /** A buffer for a DATA reply of up to `maxReadLength` bytes of data. */
  take(): Buffer {
    const recycled = this.#free.pop();
    if (recycled !== undefined) return Buffer.from(recycled);
    // Its own ArrayBuffer (never a slice of Node's shared pool), so that it can be recognised and reused.
    const buffer = Buffer.allocUnsafeSlow(this.#size);
    this.#own.add(buffer.buffer);
    return buffer;
  }

  /** Whether `reply` is a view of one of this pool's buffers. */
  owns(reply: Buffer): boolean {
    return this.#own.has(reply.buffer);
  }

  /** Takes back the buffer under `reply`; the caller must not use it anymore. Others are ignored. */
  give(reply: Buffer): void {
    if (this.owns(reply) && this.#free.length < MAX_FREE) this.#free.push(reply.buffer as ArrayBuffer);
  }
}

const pools = new Map<number, ReplyBufferPool>();

/** The process-wide pool for reads of up to `maxReadLength` bytes. */
export function replyBufferPool(maxReadLength: number): ReplyBufferPool {
  let pool = pools.get(maxReadLength);
  if (pool === undefined) {
    pool = new ReplyBufferPool(maxReadLength);
    pools.set(maxReadLength, pool);
  }
  return pool;
}
