import type { CommonConfig } from '../../config/index.js';
import type { Logger } from '../../logger/index.js';
import { BoundedRunner } from '../hooks/bounded-runner.js';
import { describeHook, hookFailureMessage, hookTargetProblem, isHttpHook } from '../hooks/hook-target.js';
import { elapsedMs } from '../hooks/hook-runner-options.js';
import type { HookRunnerOptions } from '../hooks/hook-runner-options.js';
import { HttpClientError } from '../hooks/http-client.js';
import { runProgramHook } from '../hooks/program-hook.js';
import { ActionDeniedError } from './fs-action-event.js';
import type { FsActionEvent, FsActionName, FsActionsHandler } from './fs-action-event.js';
import { fsActionEnv, fsActionJson } from './fs-action-payload.js';
import { errorMessage } from '../../util/error-message.js';

/** At most this many asynchronous hooks run at once, SFTPGo's limit for its hooks. */
export const defaultFsActionsConcurrency = 150;
/** Asynchronous events waiting for a free slot beyond which new ones are dropped. */
export const defaultFsActionsQueueSize = 1000;

/**
 * What {@link createFsActions} needs; `concurrency` (of asynchronous hooks) defaults to
 * {@link defaultFsActionsConcurrency}, `queueSize` to {@link defaultFsActionsQueueSize}.
 */
export interface FsActionsOptions extends HookRunnerOptions {
  /** `common.actions`: the actions that fire, those run synchronously, and the hook. */
  readonly actions: CommonConfig['actions'];
}

/** The file actions handler, plus a way to wait for the asynchronous hooks. */
export interface FsActions extends FsActionsHandler {
  /** Resolves once no asynchronous hook runs or waits (tests, graceful stop). */
  drain(): Promise<void>;
}

/** A hook run that did not succeed; its message is safe to log (no URL query, no password). */
class HookRunFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HookRunFailure';
  }
}

/** Whether SFTPGo always waits for this action: the pre-actions decide whether the operation happens. */
function isPreAction(action: FsActionName): boolean {
  return action.startsWith('pre-');
}

/** Tells at start-up why the configuration cannot do what it says. */
function checkConfig(actions: CommonConfig['actions'], logger: Logger): void {
  const problem = hookTargetProblem(actions.hook);
  if (problem) {
    logger.warn('common', `common.actions.hook "${describeHook(actions.hook)}" ${problem}`);
  }
  if (actions.hook === '' && actions.execute_on.length > 0) {
    logger.warn('common', 'common.actions.execute_on lists actions but no hook is set: nothing runs');
  }
  const unused = actions.execute_sync.filter((action) => !actions.execute_on.includes(action));
  if (unused.length > 0) {
    logger.warn(
      'common',
      `common.actions.execute_sync lists ${unused.join(', ')}, not in execute_on: they never run`,
    );
  }
}

/**
 * Builds the runner of `common.actions`, SFTPGo's custom actions for file events. An event fires when
 * its action is in `execute_on` and a hook is set. A hook starting with `http` receives the event as a
 * JSON POST (retried as the `http` section says) and succeeds only on a 200 answer; any other hook must
 * be the absolute path of a program, run with the `SFTPGO_ACTION*` variables plus the `command` section's
 * environment (nothing of the server's own), its output discarded, and succeeds on exit code 0 within its
 * time limit. `pre-*` actions and those in `execute_sync` are awaited; the others run in the background,
 * at most `concurrency` at once and `queueSize` waiting, further ones dropped with a warning. Successes
 * are debug records with the elapsed time, failures warnings; neither names a URL's query or password.
 * @throws BoundedRunnerError when `concurrency` or `queueSize` is out of range.
 */
export function createFsActions(options: FsActionsOptions): FsActions {
  const { actions, commands, http, logger } = options;
  const runner = new BoundedRunner({
    concurrency: options.concurrency ?? defaultFsActionsConcurrency,
    queueSize: options.queueSize ?? defaultFsActionsQueueSize,
  });
  checkConfig(actions, logger);
  const hook = actions.hook;
  const hookName = describeHook(hook);
  const executeOn: ReadonlySet<FsActionName> = new Set(actions.execute_on);
  const executeSync: ReadonlySet<FsActionName> = new Set(actions.execute_sync);

  const logFields = (event: FsActionEvent) => ({
    action: event.action,
    username: event.username,
    virtual_path: event.virtualPath,
    connection_id: event.sessionId,
    hook: hookName,
  });

  const post = async (event: FsActionEvent): Promise<number> => {
    let status: number;
    try {
      ({ status } = await http.call({
        method: 'POST',
        url: hook,
        body: fsActionJson(event),
        headers: { 'Content-Type': 'application/json' },
        retry: true,
      }));
    } catch (err) {
      // A fresh error: the client's one names the URL with its query, which may hold a token.
      throw new HookRunFailure(hookFailureMessage(err, hook), {
        cause: new HttpClientError(hookFailureMessage(err, hook)),
      });
    }
    if (status !== 200) throw new HookRunFailure(`POST ${hookName} answered ${status}, not 200`);
    return status;
  };

  const execute = async (event: FsActionEvent): Promise<Record<string, unknown>> => {
    if (isHttpHook(hook)) return { status: await post(event) };
    try {
      await runProgramHook(commands, {
        program: hook,
        hook: 'fs_actions',
        env: fsActionEnv(event),
        captureOutput: false,
      });
    } catch (err) {
      throw new HookRunFailure(errorMessage(err), { cause: err });
    }
    return {};
  };

  /** Runs the hook, logs the outcome; resolves to the failure, if any, instead of throwing it. */
  const runLogged = async (event: FsActionEvent): Promise<HookRunFailure | undefined> => {
    const started = performance.now();
    try {
      const extra = await execute(event);
      logger.debug(event.protocol, `${event.action} action hook done`, {
        ...logFields(event),
        ...extra,
        elapsed_ms: elapsedMs(started),
      });
      return undefined;
    } catch (err) {
      const failure = err instanceof HookRunFailure ? err : new HookRunFailure(String(err), { cause: err });
      logger.warn(event.protocol, `${event.action} action hook failed: ${failure.message}`, {
        ...logFields(event),
        elapsed_ms: elapsedMs(started),
      });
      return failure;
    }
  };

  const handles = (action: FsActionName): boolean => hook !== '' && executeOn.has(action);

  const run = async (event: FsActionEvent): Promise<void> => {
    if (!handles(event.action)) return;
    if (isPreAction(event.action) || executeSync.has(event.action)) {
      const failure = await runLogged(event);
      if (failure) {
        throw new ActionDeniedError(`${event.action} action hook failed: ${failure.message}`, {
          cause: failure,
        });
      }
      return;
    }
    const queued = runner.submit(async () => {
      await runLogged(event);
    });
    if (!queued) {
      logger.warn(
        event.protocol,
        `${event.action} action dropped: ${runner.running} hooks running and ${runner.queued} waiting`,
        logFields(event),
      );
    }
  };

  return { handles, run, drain: () => runner.idle() };
}
