/**
 * `common.post_connect_hook`: asked as soon as a client connects, before any login; it decides
 * whether the connection is accepted.
 */
import { HookError } from '../../hooks/program-hook.js';
import { AuthHookDeniedError, AuthHookError } from '../errors.js';
import type { AuthHookOptions } from './hook-call.js';
import { callAuthHook } from './hook-call.js';

const name = 'post_connect';

/** The post-connect hook. */
export class PostConnectHook {
  readonly #options: AuthHookOptions;

  constructor(options: AuthHookOptions) {
    this.#options = options;
  }

  /** Whether a hook is configured. */
  get enabled(): boolean {
    return this.#options.hook !== '';
  }

  /**
   * Asks whether a new client may go on. The program gets `SFTPGO_CONNECTION_IP` and
   * `SFTPGO_CONNECTION_PROTOCOL` and accepts by exiting with 0; a URL is called with GET and `ip`,
   * `protocol` in the query string (with retries) and accepts by answering 200. Without a hook every
   * client is accepted.
   * @throws {AuthHookDeniedError} when the program exits non-zero or the URL answers another status.
   * @throws {AuthHookError} when the hook cannot answer (time-out, cannot run, no HTTP answer).
   *   Either way the connection must be refused.
   */
  async check(ip: string, protocol: string): Promise<void> {
    if (!this.enabled) return;
    let answer;
    try {
      answer = await callAuthHook(this.#options, name, {
        method: 'GET',
        retry: true,
        captureOutput: false,
        query: { ip, protocol },
        env: { SFTPGO_CONNECTION_IP: ip, SFTPGO_CONNECTION_PROTOCOL: protocol },
      });
    } catch (err) {
      if (
        err instanceof AuthHookError &&
        err.cause instanceof HookError &&
        err.cause.code === 'ERR_HOOK_EXIT'
      ) {
        throw new AuthHookDeniedError(name, `connection from ${ip} refused: ${err.cause.message}`, {
          cause: err,
        });
      }
      throw err;
    }
    if (answer.kind === 'http' && answer.status !== 200) {
      throw new AuthHookDeniedError(name, `connection from ${ip} refused: HTTP status ${answer.status}`);
    }
  }
}
