/** Running notification hooks in the background, bounded, with their failures logged. */
import type { Logger } from '../../../logger/index.js';
import { BoundedRunner } from '../../hooks/bounded-runner.js';
import type { AuthHookName } from '../errors.js';
import { errorMessage } from '../../../util/error-message.js';

/** SFTPGo runs at most this many notification hooks at once. */
export const defaultHookConcurrency = 100;
/** Notifications waiting for a slot beyond which new ones are dropped (and logged). */
export const defaultHookQueueSize = 1000;

/** Limits of a {@link BackgroundHooks}. */
export interface BackgroundLimits {
  readonly concurrency?: number;
  readonly queueSize?: number;
}

/**
 * Runs notification hooks (post-login, post-disconnect) without making the caller wait: never more
 * than `concurrency` at once, at most `queueSize` waiting; a failure is logged, never thrown.
 */
export class BackgroundHooks {
  readonly #runner: BoundedRunner;
  readonly #logger: Logger;
  readonly #sender: string;

  constructor(logger: Logger, sender: string, limits: BackgroundLimits = {}) {
    this.#runner = new BoundedRunner({
      concurrency: limits.concurrency ?? defaultHookConcurrency,
      queueSize: limits.queueSize ?? defaultHookQueueSize,
    });
    this.#logger = logger;
    this.#sender = sender;
  }

  /** Queues a run; returns false when it was dropped because the queue is full. */
  submit(hook: AuthHookName, run: () => Promise<void>): boolean {
    const accepted = this.#runner.submit(async () => {
      try {
        await run();
      } catch (err) {
        this.#logger.warn(this.#sender, `${hook}_hook failed: ${errorMessage(err)}`);
      }
    });
    if (!accepted) this.#logger.warn(this.#sender, `${hook}_hook dropped: too many hooks waiting`);
    return accepted;
  }

  /** Waits until no hook runs or waits (tests, graceful stop). */
  idle(): Promise<void> {
    return this.#runner.idle();
  }
}
