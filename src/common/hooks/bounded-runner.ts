/** Limits of a {@link BoundedRunner}. */
export interface BoundedRunnerLimits {
  /** Tasks running at once; at least 1. */
  readonly concurrency: number;
  /** Tasks waiting for a free slot; 0 means a task is refused when every slot is busy. */
  readonly queueSize: number;
}

/** A task; it must handle its own errors (a rejection is ignored here, the task should log it). */
export type BoundedTask = () => Promise<void>;

/** A limit given to {@link BoundedRunner} that is not a whole number in range. */
export class BoundedRunnerError extends Error {
  readonly code = 'ERR_BOUNDED_RUNNER_LIMIT';
  constructor(message: string) {
    super(message);
    this.name = 'BoundedRunnerError';
  }
}

/**
 * Runs background tasks with at most `concurrency` at once and at most `queueSize` waiting, so a burst
 * of events cannot start unbounded work or hold unbounded memory: a task beyond both limits is refused.
 */
export class BoundedRunner {
  readonly #limits: BoundedRunnerLimits;
  readonly #queue: BoundedTask[] = [];
  #running = 0;
  #idleWaiters: (() => void)[] = [];

  /** @throws BoundedRunnerError when `concurrency` is not an integer ≥ 1 or `queueSize` not an integer ≥ 0. */
  constructor(limits: BoundedRunnerLimits) {
    if (!Number.isInteger(limits.concurrency) || limits.concurrency < 1) {
      throw new BoundedRunnerError(`concurrency must be an integer of at least 1, got ${limits.concurrency}`);
    }
    if (!Number.isInteger(limits.queueSize) || limits.queueSize < 0) {
      throw new BoundedRunnerError(`queueSize must be a non-negative integer, got ${limits.queueSize}`);
    }
    this.#limits = limits;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Starts the task now, or queues it; returns false (and drops it) when the queue is full. */
  submit(task: BoundedTask): boolean {
    if (this.#running < this.#limits.concurrency) {
      this.#start(task);
      return true;
    }
    if (this.#queue.length >= this.#limits.queueSize) return false;
    this.#queue.push(task);
    return true;
  }

  /** Resolves once nothing runs and nothing waits, including tasks submitted meanwhile. */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #start(task: BoundedTask): void {
    this.#running++;
    // Run on a later turn so that a task never runs inside the caller's stack (the listener returns first).
    void Promise.resolve()
      .then(task)
      .catch(() => {})
      .finally(() => this.#finish());
  }

  #finish(): void {
    this.#running--;
    const next = this.#queue.shift();
    if (next) {
      this.#start(next);
      return;
    }
    if (this.#running === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }
}
