import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import type { SftpGoConfig } from '../config/index.js';
import { resolveConfigPath } from '../config/index.js';
import type { Logger } from '../logger/index.js';
import type { ManagedServer } from '../common/managed-server.js';
import { joinHostPort } from '../util/cidr.js';

type HttpdConfig = SftpGoConfig['httpd'];
type HttpdBinding = HttpdConfig['bindings'][number];

interface TlsFiles {
  readonly cert: string;
  readonly key: string;
}

/** The certificate pair a binding serves HTTPS with: its own, else the section's; undefined for plain HTTP. */
function tlsFilesFor(binding: HttpdBinding, httpd: HttpdConfig, configDir: string): TlsFiles | undefined {
  if (!binding.enable_https) return undefined;
  const cert = binding.certificate_file || httpd.certificate_file;
  const key = binding.certificate_key_file || httpd.certificate_key_file;
  if (!cert || !key) {
    throw new Error(`httpd binding ${binding.address}:${binding.port} enables HTTPS but has no certificate`);
  }
  return { cert: resolveConfigPath(configDir, cert), key: resolveConfigPath(configDir, key) };
}

async function readTls(files: TlsFiles) {
  const [cert, key] = await Promise.all([readFile(files.cert), readFile(files.key)]);
  return { cert, key };
}

/** One httpd binding: a fastify instance with the routes served so far. */
class HttpBinding {
  readonly #binding: HttpdBinding;
  readonly #tls: TlsFiles | undefined;
  readonly #logger: Logger;
  #app: FastifyInstance | undefined;
  #address = '';

  constructor(binding: HttpdBinding, tls: TlsFiles | undefined, logger: Logger) {
    this.#binding = binding;
    this.#tls = tls;
    this.#logger = logger;
  }

  get address(): string {
    return this.#address;
  }

  async listen(): Promise<void> {
    const https = this.#tls ? await readTls(this.#tls) : null;
    const app = Fastify({ logger: false, forceCloseConnections: 'idle', ...(https ? { https } : {}) });
    app.get('/healthz', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('ok'));
    app.setNotFoundHandler(async (request, reply) =>
      reply.code(404).send({ error: `${request.method} ${request.url} not found`, message: 'Not Found' }),
    );
    app.addHook('onResponse', async (request, reply) => {
      const socket = request.raw.socket as {
        encrypted?: boolean;
        getCipher?: () => { standardName: string };
      };
      const scheme = socket.encrypted ? 'https' : 'http';
      this.#logger.http({
        localAddr: joinHostPort(request.raw.socket.localAddress ?? '', request.raw.socket.localPort),
        remoteAddr: joinHostPort(request.ip, request.raw.socket.remotePort),
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
    });
    const host = this.#binding.address === '' ? '::' : this.#binding.address;
    await app.listen({ host, port: this.#binding.port });
    this.#app = app;
    const info = app.server.address();
    this.#address = typeof info === 'object' && info ? joinHostPort(info.address, info.port) : String(info);
  }

  async close(graceMs: number): Promise<void> {
    const app = this.#app;
    if (!app) return;
    this.#app = undefined;
    // Requests still running after the grace time lose their connections, so close() can finish.
    const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
    try {
      await app.close();
    } finally {
      clearTimeout(timer);
    }
  }

  async reloadCertificate(): Promise<void> {
    if (!this.#app || !this.#tls) return;
    const server = this.#app.server as unknown as { setSecureContext(options: object): void };
    server.setSecureContext(await readTls(this.#tls));
  }
}

/**
 * The HTTP server (REST API, web UIs and health check) on every enabled `httpd` binding
 * (port > 0). Today it answers `/healthz`; the REST API and web UIs are served here as they arrive.
 */
export class HttpServer implements ManagedServer {
  readonly name = 'httpd';
  readonly #bindings: HttpBinding[];
  readonly #logger: Logger;

  /** @throws Error when a binding asks for HTTPS without a certificate. */
  constructor(httpd: HttpdConfig, configDir: string, logger: Logger) {
    this.#logger = logger;
    this.#bindings = httpd.bindings
      .filter((b) => b.port > 0)
      .map((b) => new HttpBinding(b, tlsFilesFor(b, httpd, configDir), this.#logger));
  }

  /** Whether any binding is enabled; the service leaves out a server with nothing to listen on. */
  get enabled(): boolean {
    return this.#bindings.length > 0;
  }

  async start(): Promise<void> {
    try {
      for (const binding of this.#bindings) await binding.listen();
    } catch (err) {
      await this.stop({ graceMs: 0 });
      throw err;
    }
  }

  async stop(options: { readonly graceMs: number }): Promise<void> {
    await Promise.all(this.#bindings.map((b) => b.close(options.graceMs)));
  }

  async reload(): Promise<void> {
    await Promise.all(this.#bindings.map((b) => b.reloadCertificate()));
  }

  addresses(): readonly string[] {
    return this.#bindings.map((b) => b.address).filter((a) => a !== '');
  }
}
