/**
 * Writes to one open file, one system call at a time, in the order they were asked for. Writes that
 * queue behind a running one and continue each other (each starting where the previous ends) go down
 * together in one `writev`.
 *
 * Why: an SFTP client keeps many WRITE requests in flight; issued as they come, they ran on several
 * libuv threads at once, and on Linux those threads then spun on the file's inode lock (`perf` showed
 * the spinning and the context switches among the top costs of an upload). One writer per file
 * serialises what the kernel serialises anyway, and batching makes fewer, larger calls.
 */

/** Largest batch: how many buffers, how many bytes. */
export const MAX_BATCH_BUFFERS = 64;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** Writes `buffers` one after the other from `position`; returns how many bytes were written. */
export type WritevFunction = (buffers: Uint8Array[], position: number) => Promise<number>;

interface PendingWrite {
  readonly data: Uint8Array;
  readonly position: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/** The queue of one file (see the file comment). */
export class WriteQueue {
  readonly #writev: WritevFunction;
  readonly #pending: PendingWrite[] = [];
  #running: Promise<void> | undefined;

  constructor(writev: WritevFunction) {
    this.#writev = writev;
  }

  /** Whether a write is queued or running. */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /**
   * Writes all of `data` at `position`; resolves once it is written. The caller keeps `data` unchanged
   * until then.
   */
  write(data: Uint8Array, position: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ data, position, resolve, reject });
      this.#running ??= this.#drain();
    });
  }

  /** Resolves once every write asked for so far has ended (successfully or not). */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const batch = this.#nextBatch();
        try {
          await this.#writeAll(batch);
          for (const write of batch) write.resolve();
        } catch (err) {
          for (const write of batch) write.reject(err);
        }
      }
    } finally {
      this.#running = undefined;
    }
  }

  /** The first pending write and those after it that continue it, within the batch limits. */
  #nextBatch(): PendingWrite[] {
    const first = this.#pending.shift() as PendingWrite;
    const batch = [first];
    let end = first.position + first.data.length;
    let bytes = first.data.length;
    while (batch.length < MAX_BATCH_BUFFERS) {
      const next = this.#pending[0];
      if (next === undefined || next.position !== end || bytes + next.data.length > MAX_BATCH_BYTES) break;
      this.#pending.shift();
      batch.push(next);
      end += next.data.length;
      bytes += next.data.length;
    }
    return batch;
  }

  /** Writes the batch, going on after short writes until every byte is down. */
  async #writeAll(batch: readonly PendingWrite[]): Promise<void> {
    let buffers = batch.map((write) => write.data).filter((data) => data.length > 0);
    let position = (batch[0] as PendingWrite).position;
    while (buffers.length > 0) {
      const written = await this.#writev(buffers, position);
      if (written <= 0) throw new Error('the system wrote nothing');
      position += written;
      buffers = skipBytes(buffers, written);
    }
  }
}

/** `buffers` without their first `count` bytes. */
function skipBytes(buffers: readonly Uint8Array[], count: number): Uint8Array[] {
  let left = count;
  let i = 0;
  while (i < buffers.length && left >= (buffers[i] as Uint8Array).length) {
    left -= (buffers[i] as Uint8Array).length;
    i += 1;
  }
  const rest = buffers.slice(i);
  if (left > 0 && rest.length > 0) rest[0] = (rest[0] as Uint8Array).subarray(left);
  return rest;
}
