/**
 * Calling an authentication hook, program or URL, the same way for all of them: programs through
 * the `command` section (no inherited environment, time limit, bounded output), URLs through the
 * shared HTTP client (its time-out, TLS settings and, when asked, retries).
 */
import type { Logger } from '../../../logger/index.js';
import type { HttpClient } from '../../hooks/http-client.js';
import { HttpClientError } from '../../hooks/http-client.js';
import type { HookCommandConfig, HookName } from '../../hooks/program-hook.js';
import { HookError, runProgramHook } from '../../hooks/program-hook.js';
import { describeHook, isHttpHook } from '../../hooks/hook-target.js';
import type { AuthHookName } from '../errors.js';
import { AuthHookError } from '../errors.js';

/** What every authentication hook module is built from. */
export interface AuthHookOptions {
  /** The configured hook: an absolute program path, or a URL starting with `http`. */
  readonly hook: string;
  /** The hook's scope bit mask, for the hooks that have one; 0 or absent means every case. */
  readonly scope?: number;
  /** The `command` section. */
  readonly commands: HookCommandConfig;
  /** The client built from the `http` section. */
  readonly http: HttpClient;
  readonly logger: Logger;
}

/** One call of a hook: what a program gets and what a URL gets. */
export interface HookCallSpec {
  /** The program's `SFTPGO_*` variables. */
  readonly env: Readonly<Record<string, string>>;
  readonly method: 'GET' | 'POST';
  /** Added to the URL's query string (sorted by name, as SFTPGo's URL encoding writes them). */
  readonly query?: Readonly<Record<string, string>>;
  /** JSON body of a POST. */
  readonly body?: string;
  /** Retry on connection errors and 5xx answers (the hooks SFTPGo calls with its retrying client). */
  readonly retry: boolean;
  /** Whether the program's standard output is read; default true. */
  readonly captureOutput?: boolean;
}

/** A hook's answer: a program's standard output (it exited with 0), or a URL's status and body. */
export type HookAnswer =
  | { readonly kind: 'program'; readonly output: string }
  | { readonly kind: 'http'; readonly status: number; readonly output: string };

/** Whether a scope bit mask covers a bit: 0 covers everything. */
export function scopeCovers(scope: number | undefined, bit: number): boolean {
  return scope === undefined || scope === 0 || (scope & bit) !== 0;
}

/** The hook with the query parameters added, sorted by name. @throws TypeError for an invalid URL. */
export function hookUrl(hook: string, query: Readonly<Record<string, string>> = {}): string {
  const url = new URL(hook);
  for (const [key, value] of Object.entries(query)) url.searchParams.append(key, value);
  url.searchParams.sort();
  return url.toString();
}

/**
 * Runs the program or calls the URL once.
 * @throws {AuthHookError} when the program cannot run, exceeds its time limit or output bound, or
 *   exits non-zero (`cause` is the {@link HookError}, `ERR_HOOK_EXIT` for an exit code), or when the
 *   URL is invalid or gets no answer (`cause` is the {@link HttpClientError}). Any HTTP status is
 *   returned: what it means is the hook's business.
 */
export async function callAuthHook(
  options: AuthHookOptions,
  name: AuthHookName,
  spec: HookCallSpec,
): Promise<HookAnswer> {
  const { hook } = options;
  if (isHttpHook(hook)) {
    let url: string;
    try {
      url = hookUrl(hook, spec.query);
    } catch (err) {
      throw new AuthHookError(name, `"${describeHook(hook)}" is not a valid URL`, { cause: err });
    }
    try {
      const answer = await options.http.call({
        method: spec.method,
        url,
        retry: spec.retry,
        ...(spec.body === undefined
          ? {}
          : { body: spec.body, headers: { 'Content-Type': 'application/json' } }),
      });
      return { kind: 'http', status: answer.status, output: answer.body };
    } catch (err) {
      if (!(err instanceof HttpClientError)) throw err;
      throw new AuthHookError(name, err.message, { cause: err });
    }
  }
  try {
    const result = await runProgramHook(options.commands, {
      program: hook,
      hook: name satisfies HookName,
      env: spec.env,
      captureOutput: spec.captureOutput ?? true,
    });
    return { kind: 'program', output: result.stdout };
  } catch (err) {
    if (!(err instanceof HookError)) throw err;
    throw new AuthHookError(name, err.message, { cause: err });
  }
}

/**
 * The answer's body for the hooks that need `200` (any other status is an error), or a program's output.
 * @throws {AuthHookError} for another HTTP status.
 */
export function expectOk(name: AuthHookName, answer: HookAnswer): string {
  if (answer.kind === 'http' && answer.status !== 200) {
    throw new AuthHookError(name, `unexpected HTTP status ${answer.status}, expected 200`);
  }
  return answer.output;
}

/**
 * Parses a hook's JSON answer as an object.
 * @throws {AuthHookError} naming the hook when it is not a JSON object (the content is not quoted:
 *   it may hold secrets).
 */
export function parseJsonObject(name: AuthHookName, output: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch (err) {
    throw new AuthHookError(name, `the answer is not valid JSON (${output.length} bytes)`, { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuthHookError(name, 'the answer must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Milliseconds since `started` (a `performance.now()` value), rounded, for logs. */
export function elapsedMs(started: number): number {
  return Math.round(performance.now() - started);
}
