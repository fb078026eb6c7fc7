import { Worker } from 'node:worker_threads';
import { PasswordHasherClosedError, PasswordQueueFullError, PasswordWorkerError } from './errors.js';

/** What a pool worker posts back for each message it receives, one reply per message, in order. */
export type WorkerReply =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** How a {@link WorkerPool} is built. */
export interface WorkerPoolOptions {
  /** The worker's module (an ES module file URL). */
  readonly script: URL;
  /** Most worker threads alive at once; each runs one job at a time. */
  readonly size: number;
  /** Most jobs waiting for a free worker; one more is refused. */
  readonly maxQueued: number;
}

interface Task {
  readonly message: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  task: Task | undefined;
}

/**
 * A fixed-size pool of worker threads for CPU-bound jobs, with a bounded wait queue. Workers start on
 * demand and are kept for later jobs. An idle worker is unref'd so it never keeps the process alive; a
 * busy one is ref'd so that a program awaiting only a hash (a CLI command) does not exit before the
 * answer comes. A worker that dies fails its job and is replaced on the next job.
 */
export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #slots = new Set<Slot>();
  readonly #queue: Task[] = [];
  #closing: Promise<void> | undefined;

  /** @throws RangeError when `size` is below 1 or `maxQueued` below 0. */
  constructor(options: WorkerPoolOptions) {
    if (!Number.isSafeInteger(options.size) || options.size < 1) {
      throw new RangeError(`worker pool size must be a positive integer, got ${options.size}`);
    }
    if (!Number.isSafeInteger(options.maxQueued) || options.maxQueued < 0) {
      throw new RangeError(`worker pool maxQueued must be a non-negative integer, got ${options.maxQueued}`);
    }
    this.#options = options;
  }

  /**
   * Runs one job and resolves with the value the worker posted.
   * @throws PasswordQueueFullError (rejection) when every worker is busy and `maxQueued` jobs already wait.
   * @throws PasswordHasherClosedError (rejection) when the pool is closed before the job finishes.
   * @throws PasswordWorkerError (rejection) when the worker reports an error or dies during the job.
   */
  run(message: unknown): Promise<unknown> {
    if (this.#closing !== undefined) {
      return Promise.reject(new PasswordHasherClosedError('the password hasher is closed'));
    }
    return new Promise((resolve, reject) => {
      const task: Task = { message, resolve, reject };
      const slot = this.#freeSlot();
      if (slot !== undefined) {
        this.#dispatch(slot, task);
      } else if (this.#queue.length >= this.#options.maxQueued) {
        reject(
          new PasswordQueueFullError(
            `too many password checks in progress: ${this.#options.maxQueued} already wait for a worker`,
          ),
        );
      } else {
        this.#queue.push(task);
      }
    });
  }

  /**
   * Stops every worker. Jobs waiting or running are rejected with PasswordHasherClosedError, and so is
   * every later `run`. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const error = new PasswordHasherClosedError('the password hasher was closed');
    for (const task of this.#queue.splice(0)) task.reject(error);
    const slots = [...this.#slots];
    this.#slots.clear();
    for (const slot of slots) {
      slot.task?.reject(error);
      slot.task = undefined;
    }
    this.#closing = Promise.all(slots.map((slot) => slot.worker.terminate())).then(() => undefined);
    return this.#closing;
  }

  #freeSlot(): Slot | undefined {
    for (const slot of this.#slots) if (slot.task === undefined) return slot;
    return this.#slots.size < this.#options.size ? this.#spawn() : undefined;
  }

  #spawn(): Slot {
    // The workers need no Node flags, and some of the parent's would break them (`--input-type`, `--inspect`
    // on a fixed port), so none are passed on.
    const worker = new Worker(this.#options.script, { execArgv: [] });
    const slot: Slot = { worker, task: undefined };
    worker.on('message', (reply: WorkerReply) => this.#settle(slot, reply));
    worker.on('error', (error) =>
      this.#lose(slot, new PasswordWorkerError('a password worker crashed', { cause: error })),
    );
    worker.on('exit', (code) =>
      this.#lose(slot, new PasswordWorkerError(`a password worker exited unexpectedly with code ${code}`)),
    );
    worker.unref();
    this.#slots.add(slot);
    return slot;
  }

  #dispatch(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    slot.worker.postMessage(task.message);
  }

  #settle(slot: Slot, reply: WorkerReply): void {
    const task = slot.task;
    slot.task = undefined;
    slot.worker.unref();
    if (task !== undefined) {
      if (reply.ok) task.resolve(reply.value);
      else task.reject(new PasswordWorkerError(`a password worker failed: ${reply.message}`));
    }
    const next = this.#queue.shift();
    if (next !== undefined) this.#dispatch(slot, next);
  }

  /** A worker is gone ('error' then 'exit', or 'exit' alone): fail its job, start another for the queue. */
  #lose(slot: Slot, error: PasswordWorkerError): void {
    if (!this.#slots.delete(slot)) return;
    slot.task?.reject(error);
    slot.task = undefined;
    while (this.#queue.length > 0) {
      const free = this.#freeSlot();
      const next = free === undefined ? undefined : this.#queue.shift();
      if (free === undefined || next === undefined) break;
      this.#dispatch(free, next);
    }
  }
}
