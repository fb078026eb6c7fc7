/**
 * The `security` settings of an httpd binding: allowed hosts, HTTPS redirect and the response
 * headers browsers enforce (HSTS, CSP, nosniff, referrer and cross-origin policies).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SftpGoConfig } from '../config/index.js';

type Security = SftpGoConfig['httpd']['bindings'][number]['security'];

/** Whether the request arrived over TLS, directly or (per `https_proxy_headers`) at a proxy. */
function isHttps(request: FastifyRequest, security: Security, trustedProxy: boolean): boolean {
  if ((request.raw.socket as { encrypted?: boolean }).encrypted === true) return true;
  return (
    trustedProxy && security.https_proxy_headers.some((h) => request.headers[h.key.toLowerCase()] === h.value)
  );
}

/** The security hook of a binding, or undefined when `security.enabled` is false. */
export function securityHook(
  security: Security,
  trustsProxy: (request: FastifyRequest) => boolean,
): ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) | undefined {
  if (!security.enabled) return undefined;
  const hostPatterns = security.allowed_hosts.map((h) =>
    security.allowed_hosts_are_regex ? new RegExp(h) : h.toLowerCase(),
  );
  const static_headers: [string, string][] = [
    ['content-security-policy', security.content_security_policy],
    ['permissions-policy', security.permissions_policy],
    ['cross-origin-opener-policy', security.cross_origin_opener_policy],
    ['cross-origin-resource-policy', security.cross_origin_resource_policy],
    ['cross-origin-embedder-policy', security.cross_origin_embedder_policy],
    ['referrer-policy', security.referrer_policy],
    ['cache-control', security.cache_control],
  ];
  if (security.content_type_nosniff) static_headers.push(['x-content-type-options', 'nosniff']);
  let sts = security.sts_seconds > 0 ? `max-age=${security.sts_seconds}` : '';
  if (sts !== '' && security.sts_include_subdomains) sts += '; includeSubDomains';
  if (sts !== '' && security.sts_preload) sts += '; preload';
  return async (request, reply) => {
    const trusted = trustsProxy(request);
    const forwardedHost = trusted
      ? security.hosts_proxy_headers
          .map((h) => request.headers[h.toLowerCase()])
          .find((v) => typeof v === 'string')
      : undefined;
    const host = (typeof forwardedHost === 'string' ? forwardedHost : request.host).toLowerCase();
    // A pattern may name the host with or without its port.
    const bare = host.replace(/:\d+$/, '');
    const matches = (p: string | RegExp) => (typeof p === 'string' ? p === host || p === bare : p.test(host));
    if (hostPatterns.length > 0 && !hostPatterns.some(matches)) {
      await reply.code(400).send({ error: 'Bad Host', message: 'Bad Request' });
      return;
    }
    const https = isHttps(request, security, trusted);
    if (security.https_redirect && !https) {
      const target = security.https_host !== '' ? security.https_host : host;
      await reply.redirect(`https://${target}${request.url}`, 301);
      return;
    }
    for (const [name, value] of static_headers) if (value !== '') void reply.header(name, value);
    if (sts !== '' && https) void reply.header('strict-transport-security', sts);
  };
}
