/**
 * The connection guards on HTTP, as SFTPGo applies them to every request of its HTTP server: each
 * request counts as a client connection while it runs; a banned address, one outside the allow
 * list, or one over the connection limits is answered 403; a request over a rate limit 429 with
 * `Retry-After`. Failed API logins score defender events and wait the defender's login delay.
 */
import type { FastifyRequest, FastifyReply } from 'fastify';
import type { ConnectionGuards } from '../common/guards/index.js';
import { ConnectionDeniedError } from '../common/guards/index.js';
import { RateLimitedError } from '../common/rate-limit/index.js';
import type { ConnectionRegistry } from '../common/registry/index.js';
import { ConnectionLimitError } from '../common/registry/index.js';
import { HttpError, forbidden, statusText } from './api/errors.js';
import type { LoginListener } from './auth/authenticator.js';

/** Go's duration text of a delay (`850ms`, `1.5s`), as SFTPGo's `X-Retry-In` header carries it. */
function goDuration(ms: number): string {
  if (ms < 1000) return `${Number(ms.toFixed(3))}ms`;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** The fastify `onRequest` hook that admits a request or answers 403/429. */
export function connectionGuardHook(guards: ConnectionGuards, registry: ConnectionRegistry) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const ip = request.clientIp;
    registry.addClientConnection(ip);
    // 'close' comes once the answer is sent or the client left, whichever happens.
    reply.raw.once('close', () => registry.removeClientConnection(ip));
    try {
      await guards.checkAdmission(ip, 'HTTP');
      try {
        registry.checkNewConnection(ip);
      } catch (err) {
        if (!(await guards.excuseLimit(err, ip, 'HTTP'))) throw err;
      }
      await guards.limitRate(ip, 'HTTP');
    } catch (err) {
      if (err instanceof ConnectionDeniedError) {
        throw forbidden(err.reason === 'banned' ? 'your IP address is blocked' : err.message);
      }
      if (err instanceof ConnectionLimitError) throw forbidden(err.message);
      if (err instanceof RateLimitedError) {
        // SFTPGo rounds the wait up to whole seconds for Retry-After.
        void reply.header('retry-after', String(Math.ceil(err.delayMs / 1000)));
        void reply.header('x-retry-in', goDuration(err.delayMs));
        throw new HttpError(429, err.message, { hint: statusText(429) });
      }
      throw err;
    }
  };
}

/** Scores failed API logins in the defender (protocol HTTP) and applies its login delays. */
export function defenderLoginListener(guards: ConnectionGuards): LoginListener {
  return {
    failed: async (ip, failure) => {
      await guards.scoreEvent(ip, 'HTTP', failure === 'user_not_found' ? 'UserNotFound' : 'LoginFailed');
      await guards.delayLogin('password_failed');
    },
    succeeded: () => guards.delayLogin('success'),
  };
}
