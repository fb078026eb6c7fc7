import type { HttpClient } from './http-client.js';
import { redactUrl } from './http-client.js';
import type { HookCommandConfig } from './program-hook.js';
import { runProgramHook } from './program-hook.js';

export interface StartupHookOutcome {
  readonly description: string;
  readonly durationMs: number;
}

/**
 * Runs `common.startup_hook`: an HTTP URL is called with GET (with retries), anything else must be
 * the absolute path of a program, run with the `command` section's settings and no environment of ours.
 * @throws HookError or HttpClientError when the hook fails; the caller decides what a failure means.
 */
export async function runStartupHook(
  hook: string,
  deps: { readonly commands: HookCommandConfig; readonly http: HttpClient },
): Promise<StartupHookOutcome> {
  const started = performance.now();
  if (hook.startsWith('http')) {
    const answer = await deps.http.call({ method: 'GET', url: hook, retry: true });
    return {
      description: `GET ${redactUrl(hook)} answered ${answer.status}`,
      durationMs: performance.now() - started,
    };
  }
  await runProgramHook(deps.commands, { program: hook, hook: 'startup', env: {} });
  return { description: `program ${hook} exited with code 0`, durationMs: performance.now() - started };
}
