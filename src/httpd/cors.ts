/**
 * Cross-origin resource sharing from `httpd.cors`, with the defaults SFTPGo's CORS library has:
 * methods GET, POST and HEAD, headers Origin, Accept, Content-Type and X-Requested-With, and
 * `204` for answered preflight requests.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SftpGoConfig } from '../config/index.js';

type CorsConfig = SftpGoConfig['httpd']['cors'];

const DEFAULT_METHODS = ['GET', 'POST', 'HEAD'];
const DEFAULT_HEADERS = ['Origin', 'Accept', 'Content-Type', 'X-Requested-With'];

/** An origin pattern: exact, `*`, or one `*` wildcard (`https://*.example.com`). */
function originMatcher(pattern: string): (origin: string) => boolean {
  const p = pattern.toLowerCase();
  if (p === '*') return () => true;
  const star = p.indexOf('*');
  if (star < 0) return (origin) => origin === p;
  const [prefix, suffix] = [p.slice(0, star), p.slice(star + 1)];
  return (origin) => origin.length >= p.length && origin.startsWith(prefix) && origin.endsWith(suffix);
}

/** The CORS hook of a server, or undefined when CORS is off. */
export function corsHook(
  cors: CorsConfig,
): ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) | undefined {
  if (!cors.enabled) return undefined;
  const matchers = cors.allowed_origins.map(originMatcher);
  const anyOrigin = cors.allowed_origins.includes('*');
  const methods = (cors.allowed_methods.length > 0 ? cors.allowed_methods : DEFAULT_METHODS).map((m) =>
    m.toUpperCase(),
  );
  const headers = cors.allowed_headers.length > 0 ? cors.allowed_headers : DEFAULT_HEADERS;
  const allowsHeader = (h: string) =>
    headers.includes('*') || headers.some((a) => a.toLowerCase() === h.toLowerCase());
  return async (request, reply) => {
    const origin = request.headers.origin;
    const preflight =
      request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    if (origin === undefined) return;
    void reply.header('vary', 'Origin');
    const allowed = matchers.length === 0 || matchers.some((m) => m(origin.toLowerCase()));
    if (!allowed) {
      if (preflight) await reply.code(204).send();
      return;
    }
    void reply.header('access-control-allow-origin', anyOrigin && !cors.allow_credentials ? '*' : origin);
    if (cors.allow_credentials) void reply.header('access-control-allow-credentials', 'true');
    if (!preflight) {
      if (cors.exposed_headers.length > 0)
        void reply.header('access-control-expose-headers', cors.exposed_headers.join(', '));
      return;
    }
    const method = String(request.headers['access-control-request-method']).toUpperCase();
    const asked = String(request.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== '');
    if (methods.includes(method) && asked.every(allowsHeader)) {
      void reply.header('access-control-allow-methods', method);
      if (asked.length > 0) void reply.header('access-control-allow-headers', asked.join(', '));
      if (cors.max_age > 0) void reply.header('access-control-max-age', String(cors.max_age));
      if (
        cors.allow_private_network &&
        request.headers['access-control-request-private-network'] === 'true'
      ) {
        void reply.header('access-control-allow-private-network', 'true');
      }
    }
    await reply.code(cors.options_success_status > 0 ? cors.options_success_status : 204).send();
  };
}
