/**
 * `common.post_disconnect_hook`: a notification when an SFTP, SCP, SSH command or FTP session ends,
 * run in the background.
 */
import type { BackgroundLimits } from './background.js';
import { BackgroundHooks } from './background.js';
import type { AuthHookOptions } from './hook-call.js';
import { callAuthHook, elapsedMs } from './hook-call.js';

/** Protocols whose sessions are notified; stateless ones (HTTP, WebDAV) are not, as in SFTPGo. */
export const POST_DISCONNECT_PROTOCOLS: readonly string[] = ['SFTP', 'SCP', 'SSH', 'FTP'];

/** A session that ended. */
export interface DisconnectEvent {
  /** Client address, without port. */
  readonly ip: string;
  /** The connection's protocol: SFTP, SCP, SSH or FTP. */
  readonly protocol: string;
  /** `''` when the client left before logging in. */
  readonly username: string;
  /** Milliseconds since the epoch. */
  readonly connectedAt: number;
  /** Milliseconds since the epoch; default now. */
  readonly endedAt?: number;
}

const name = 'post_disconnect';

/** The post-disconnect hook. */
export class PostDisconnectHook {
  readonly #options: AuthHookOptions;
  readonly #background: BackgroundHooks;

  constructor(options: AuthHookOptions, limits?: BackgroundLimits) {
    this.#options = options;
    this.#background = new BackgroundHooks(options.logger, 'common', limits);
  }

  /**
   * Notifies the end of a session in the background and returns at once. The program gets
   * `SFTPGO_CONNECTION_IP`, `_USERNAME`, `_DURATION` (milliseconds) and `_PROTOCOL`; a URL is called with
   * GET and `ip`, `protocol`, `username`, `connection_duration` in the query string, with retries.
   * Failures are logged only.
   * @returns whether a notification was queued (false: no hook, a protocol not notified, or dropped).
   */
  notify(event: DisconnectEvent): boolean {
    if (this.#options.hook === '' || !POST_DISCONNECT_PROTOCOLS.includes(event.protocol)) return false;
    const duration = String(Math.max(0, Math.trunc((event.endedAt ?? Date.now()) - event.connectedAt)));
    return this.#background.submit(name, async () => {
      const started = performance.now();
      await callAuthHook(this.#options, name, {
        method: 'GET',
        retry: true,
        captureOutput: false,
        query: {
          ip: event.ip,
          protocol: event.protocol,
          username: event.username,
          connection_duration: duration,
        },
        env: {
          SFTPGO_CONNECTION_IP: event.ip,
          SFTPGO_CONNECTION_USERNAME: event.username,
          SFTPGO_CONNECTION_DURATION: duration,
          SFTPGO_CONNECTION_PROTOCOL: event.protocol,
        },
      });
      this.#options.logger.debug(event.protocol, 'post disconnect hook executed', {
        elapsed_ms: elapsedMs(started),
      });
    });
  }

  /** Waits for queued notifications (tests, graceful stop). */
  idle(): Promise<void> {
    return this.#background.idle();
  }
}
