import type { DataProviderConfig } from '../../config/index.js';
import type { Logger } from '../../logger/index.js';
import { elapsedMs } from '../hooks/hook-runner-options.js';
import type { HookRunnerOptions } from '../hooks/hook-runner-options.js';
import { runProgramHook } from '../hooks/program-hook.js';
import { BoundedRunner } from '../hooks/bounded-runner.js';
import { describeHook, hookFailureMessage, hookTargetProblem, isHttpHook } from '../hooks/hook-target.js';
import { providerHookEnv, providerHookUrl } from './hook-request.js';
import type { ProviderEvent, ProviderEventListener } from '../../dataprovider/index.js';
import { stripSecrets } from './strip-secrets.js';
import { errorMessage } from '../../util/error-message.js';

/** The log sender of provider actions, SFTPGo's sender for data provider messages. */
const logSender = 'dataprovider';

/** SFTPGo lets at most this many provider hooks run at once. */
export const defaultProviderActionsConcurrency = 100;
/** Events waiting for a free slot beyond which new ones are dropped. */
export const defaultProviderActionsQueueSize = 1000;

/**
 * What {@link createProviderActions} needs; `concurrency` defaults to {@link defaultProviderActionsConcurrency},
 * `queueSize` to {@link defaultProviderActionsQueueSize}.
 */
export interface ProviderActionsOptions extends HookRunnerOptions {
  /** `data_provider.actions`: which events fire and the hook (absolute program path or HTTP URL). */
  readonly actions: DataProviderConfig['actions'];
}

/** Runs `data_provider.actions` for the data provider's events. */
export interface ProviderActions {
  /**
   * Give this to the data provider. It returns at once: matching events run their hook in the background,
   * and failures are logged, never thrown. The event's object is copied (secrets stripped) before returning.
   */
  readonly listener: ProviderEventListener;
  /** Waits for running hooks, for tests and graceful stop. */
  drain(): Promise<void>;
}

/** One event ready to send: the fields for logs and the object as JSON, secrets stripped. */
interface PreparedEvent {
  readonly event: ProviderEvent;
  readonly objectJson: string;
  readonly logFields: Readonly<Record<string, unknown>>;
}

/** Tells at start-up why a configured hook can never run. */
function checkConfig(actions: DataProviderConfig['actions'], logger: Logger): void {
  const { hook } = actions;
  if (hook === '') return;
  const problem = hookTargetProblem(hook);
  if (problem) logger.warn(logSender, `data_provider.actions.hook "${describeHook(hook)}" ${problem}`);
  if (actions.execute_on.length > 0 && actions.execute_for.length === 0) {
    logger.warn(
      logSender,
      'data_provider.actions.execute_for is empty, so no provider event runs the hook: list the object types (user, admin, …)',
    );
  }
}

/**
 * Builds the runner of `data_provider.actions`, as SFTPGo defines them: an event fires when its action is
 * in `execute_on` and its object type in `execute_for` (both empty by default: nothing fires). A hook
 * starting with `http` is called with POST (query string as SFTPGo's, the object as JSON body, retried as
 * the `http` section says); any other hook is run as a program with the `SFTPGO_PROVIDER_*` variables.
 * Hooks run in the background, at most `concurrency` at once and `queueSize` waiting; further events are
 * dropped with a warning. Failures are warnings naming the object type and name; successes are debug
 * records with the elapsed time. Objects never reach the log.
 * @throws BoundedRunnerError when `concurrency` or `queueSize` is out of range.
 */
export function createProviderActions(options: ProviderActionsOptions): ProviderActions {
  const { actions, commands, http, logger } = options;
  const runner = new BoundedRunner({
    concurrency: options.concurrency ?? defaultProviderActionsConcurrency,
    queueSize: options.queueSize ?? defaultProviderActionsQueueSize,
  });
  checkConfig(actions, logger);
  const executeOn: ReadonlySet<string> = new Set(actions.execute_on);
  const executeFor: ReadonlySet<string> = new Set(actions.execute_for);
  const hook = actions.hook;
  const hookName = describeHook(hook);

  const prepare = (event: ProviderEvent): PreparedEvent | undefined => {
    const logFields = {
      action: event.action,
      object_type: event.objectType,
      object_name: event.objectName,
      hook: hookName,
    };
    try {
      const { object, removed } = stripSecrets(event.objectType, event.object);
      if (removed.length > 0) {
        logger.warn(
          logSender,
          `removed secret fields the event should not carry: ${removed.join(', ')}`,
          logFields,
        );
      }
      return { event, objectJson: JSON.stringify(object), logFields };
    } catch (err) {
      logger.warn(
        logSender,
        `provider action skipped, the object cannot be sent: ${errorMessage(err)}`,
        logFields,
      );
      return undefined;
    }
  };

  const postToUrl = async (prepared: PreparedEvent): Promise<void> => {
    const url = providerHookUrl(hook, prepared.event);
    const started = performance.now();
    try {
      const answer = await http.call({
        method: 'POST',
        url,
        body: prepared.objectJson,
        headers: { 'Content-Type': 'application/json' },
        retry: true,
      });
      const fields = { ...prepared.logFields, status: answer.status, elapsed_ms: elapsedMs(started) };
      if (answer.status >= 200 && answer.status < 300) {
        logger.debug(logSender, 'provider action notified', fields);
      } else {
        logger.warn(logSender, `provider action hook answered ${answer.status}`, fields);
      }
    } catch (err) {
      // The client's messages name the full URL; the hook's own query may hold a token.
      const message = hookFailureMessage(err, hook, url);
      logger.warn(logSender, `provider action hook failed: ${message}`, {
        ...prepared.logFields,
        elapsed_ms: elapsedMs(started),
      });
    }
  };

  const runProgram = async (prepared: PreparedEvent): Promise<void> => {
    const started = performance.now();
    try {
      await runProgramHook(commands, {
        program: hook,
        hook: 'provider_actions',
        env: providerHookEnv(prepared.event, prepared.objectJson),
        captureOutput: false,
      });
      logger.debug(logSender, 'provider action program done', {
        ...prepared.logFields,
        elapsed_ms: elapsedMs(started),
      });
    } catch (err) {
      logger.warn(logSender, `provider action hook failed: ${errorMessage(err)}`, {
        ...prepared.logFields,
        elapsed_ms: elapsedMs(started),
      });
    }
  };

  const run = isHttpHook(hook) ? postToUrl : runProgram;

  const listener: ProviderEventListener = (event) => {
    if (hook === '' || !executeOn.has(event.action) || !executeFor.has(event.objectType)) return;
    const prepared = prepare(event);
    if (!prepared) return;
    if (!runner.submit(() => run(prepared))) {
      logger.warn(
        logSender,
        `provider action dropped: ${runner.running} hooks running and ${runner.queued} waiting`,
        prepared.logFields,
      );
    }
  };

  return { listener, drain: () => runner.idle() };
}
