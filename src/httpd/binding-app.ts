/**
 * The fastify application of one httpd binding, with its hooks in request order: client address
 * (trusted proxies), `Server` header, security settings, CORS, connection guards (defender, allow
 * list, connection limits, rate limits), then the REST API routes; one http log record per
 * answered request.
 */
import type { FastifyInstance, FastifyRequest, FastifyReply } from 'fastify';
import Fastify from 'fastify';
import type { SecureContextOptions } from 'node:tls';
import type { SftpGoConfig } from '../config/index.js';
import type { Logger } from '../logger/index.js';
import { joinHostPort } from '../util/cidr.js';
import { serverIdent } from '../version.js';
import type { ApiDeps } from './api/deps.js';
import { registerApi } from './api/register.js';
import { ClientIpResolver } from './client-ip.js';
import { connectionGuardHook } from './connection-guards.js';
import { corsHook } from './cors.js';
import { securityHook } from './security-headers.js';

type HttpdConfig = SftpGoConfig['httpd'];

export interface BindingAppOptions {
  readonly binding: HttpdConfig['bindings'][number];
  readonly cors: HttpdConfig['cors'];
  /** HTTPS server options; undefined for plain HTTP. */
  readonly https: SecureContextOptions | undefined;
  readonly logger: Logger;
  readonly api: ApiDeps;
}

/** SFTPGo's `http` log record of an answered request. */
function logRequest(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  const socket = request.raw.socket as { encrypted?: boolean; getCipher?: () => { standardName: string } };
  const scheme = socket.encrypted ? 'https' : 'http';
  logger.http({
    localAddr: joinHostPort(request.raw.socket.localAddress ?? '', request.raw.socket.localPort),
    remoteAddr: joinHostPort(request.clientIp, request.raw.socket.remotePort),
    proto: `HTTP/${request.raw.httpVersion}`,
    method: request.method,
    userAgent: request.headers['user-agent'] ?? '',
    uri: `${scheme}://${request.host}${request.url}`,
    cipherSuite: socket.encrypted ? (socket.getCipher?.().standardName ?? '') : '',
    requestId: request.id,
    respStatus: reply.statusCode,
    respSize: Number(reply.getHeader('content-length') ?? 0),
    elapsedMs: reply.elapsedTime,
  });
}

/** The application, not listening yet. @throws {InvalidCIDRError} for a bad `proxy_allowed` entry. */
export function createBindingApp(options: BindingAppOptions): FastifyInstance {
  const { binding, logger } = options;
  const app = Fastify({
    logger: false,
    forceCloseConnections: 'idle',
    ...(options.https ? { https: options.https } : {}),
  });
  const clientIp = new ClientIpResolver(binding);
  app.decorateRequest('clientIp', '');
  app.addHook('onRequest', async (request, reply) => {
    request.clientIp = clientIp.resolve(request.socket.remoteAddress ?? '', request.headers);
    void reply.header('server', serverIdent);
  });
  const security = securityHook(binding.security, (request) =>
    clientIp.trusts(request.socket.remoteAddress ?? ''),
  );
  if (security) app.addHook('onRequest', security);
  const cors = corsHook(options.cors);
  if (cors) app.addHook('onRequest', cors);
  const { guards, registry } = options.api;
  if (guards) app.addHook('onRequest', connectionGuardHook(guards, registry));
  registerApi(app, options.api, { restApi: binding.enable_rest_api, openApi: binding.render_openapi });
  app.addHook('onResponse', async (request, reply) => logRequest(logger, request, reply));
  return app;
}
