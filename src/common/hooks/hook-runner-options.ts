import type { Logger } from '../../logger/index.js';
import type { HttpClient } from './http-client.js';
import type { HookCommandConfig } from './program-hook.js';

/** What every runner of configured hooks (file actions, provider actions) is built with. */
export interface HookRunnerOptions {
  /** The `command` section: time limit, environment and arguments of hook programs. */
  readonly commands: HookCommandConfig;
  /** The client built from the `http` section; HTTP hooks are posted with its retries. */
  readonly http: HttpClient;
  readonly logger: Logger;
  /** Background hooks running at once; each runner documents its default. */
  readonly concurrency?: number;
  /** Background events waiting for a slot; beyond it, events are dropped. Each runner documents its default. */
  readonly queueSize?: number;
}

/** Whole milliseconds since `started` (a `performance.now()` reading), for the `elapsed_ms` log field. */
export function elapsedMs(started: number): number {
  return Math.round(performance.now() - started);
}
