import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { SftpGoConfig } from '../config/index.js';
import { resolveConfigPath } from '../config/index.js';
import type { PasscodeVerifier } from '../common/auth/index.js';
import type { ConnectionGuards } from '../common/guards/index.js';
import type { ConnectionRegistry } from '../common/registry/index.js';
import type { DataProvider } from '../dataprovider/index.js';
import { createPasswordHasher, defaultPasswordHashingOptions } from '../dataprovider/password/index.js';
import type { Logger } from '../logger/index.js';
import type { ManagedServer } from '../common/managed-server.js';
import { joinHostPort } from '../util/cidr.js';
import type { ApiDeps, ServicesStatusSource } from './api/deps.js';
import type { BindingAppOptions } from './binding-app.js';
import { createBindingApp } from './binding-app.js';
import { QuotaScans } from './api/quota-scans.js';
import { defenderLoginListener } from './connection-guards.js';
import { Authenticator } from './auth/authenticator.js';
import { HtpasswdFile } from './auth/htpasswd.js';
import { TokenSigner } from './auth/jwt.js';
import { RevokedTokens } from './auth/revoked-tokens.js';
import type { BindingTls } from './tls.js';
import { bindingTls, httpsOptions, readSecureContext } from './tls.js';

type HttpdConfig = SftpGoConfig['httpd'];

/** `signing_passphrase`, or the content of `signing_passphrase_file`; empty for a random key per start. */
function signingPassphrase(httpd: HttpdConfig, configDir: string): string {
  if (httpd.signing_passphrase_file === '') return httpd.signing_passphrase;
  return readFileSync(resolveConfigPath(configDir, httpd.signing_passphrase_file), 'utf8').trim();
}

/** What one binding is made of: its application's options and its TLS files. */
type HttpBindingOptions = Omit<BindingAppOptions, 'https'> & { readonly tls: BindingTls | undefined };

/** One httpd binding: a fastify application with the REST API and the health check. */
class HttpBinding {
  readonly #options: HttpBindingOptions;
  #app: FastifyInstance | undefined;
  #address = '';

  constructor(options: HttpBindingOptions) {
    this.#options = options;
  }

  get address(): string {
    return this.#address;
  }

  async listen(): Promise<void> {
    const { tls, binding } = this.#options;
    const app = createBindingApp({ ...this.#options, https: tls ? await httpsOptions(tls) : undefined });
    if (isAbsolute(binding.address)) {
      await app.listen({ path: binding.address });
    } else {
      await app.listen({ host: binding.address === '' ? '::' : binding.address, port: binding.port });
    }
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
    const tls = this.#options.tls;
    if (!this.#app || !tls) return;
    const server = this.#app.server as unknown as { setSecureContext(options: object): void };
    server.setSecureContext(await readSecureContext(tls));
  }
}

/** The runtime pieces the REST API works on. */
export interface HttpServerRuntime {
  readonly provider: DataProvider;
  readonly registry: ConnectionRegistry;
  /** `/status` of the other services. */
  readonly status: ServicesStatusSource;
  /** `data_provider.backups_path`, absolute. */
  readonly backupsPath: string;
  /**
   * Defender, allow list and rate limiters, applied to every request (protocol `HTTP`); failed API
   * logins score defender events. Without them every client is admitted.
   */
  readonly guards?: ConnectionGuards;
  /** Checks the `X-SFTPGO-OTP` passcodes of admins with two-factor authentication. */
  readonly passcodes?: PasscodeVerifier;
}

export interface HttpServerOptions {
  readonly httpd: HttpdConfig;
  readonly configDir: string;
  readonly logger: Logger;
  readonly runtime: HttpServerRuntime;
}

/**
 * The HTTP server (REST API and health check) on every enabled `httpd` binding: port > 0, or an
 * absolute `address`, which is a Unix socket path.
 */
export class HttpServer implements ManagedServer {
  readonly name = 'httpd';
  readonly #bindings: HttpBinding[];
  readonly #scans: QuotaScans;
  readonly #htpasswd: HtpasswdFile | undefined;

  /** @throws Error when a binding asks for HTTPS without a certificate. */
  constructor(options: HttpServerOptions) {
    const { httpd, configDir, logger, runtime } = options;
    this.#scans = new QuotaScans(runtime.provider, logger);
    this.#htpasswd =
      httpd.auth_user_file === ''
        ? undefined
        : new HtpasswdFile(
            resolveConfigPath(configDir, httpd.auth_user_file),
            createPasswordHasher(defaultPasswordHashingOptions, { workers: 1 }),
            logger,
          );
    const auth = new Authenticator({
      provider: runtime.provider,
      signer: new TokenSigner(signingPassphrase(httpd, configDir)),
      revoked: new RevokedTokens(),
      tokenLifetimeMinutes: httpd.jwt_lifetime > 0 ? httpd.jwt_lifetime : 20,
      bindTokensToIp: (httpd.token_validation & 1) === 0,
      ...(this.#htpasswd ? { htpasswd: this.#htpasswd } : {}),
      ...(runtime.passcodes ? { passcodes: runtime.passcodes } : {}),
      ...(runtime.guards ? { logins: defenderLoginListener(runtime.guards) } : {}),
    });
    const { provider, registry, status, backupsPath, guards } = runtime;
    const api: ApiDeps = {
      provider,
      registry,
      status,
      backupsPath,
      auth,
      scans: this.#scans,
      logger,
      ...(guards ? { guards } : {}),
    };
    this.#bindings = httpd.bindings
      .filter((b) => b.port > 0 || isAbsolute(b.address))
      .map(
        (binding) =>
          new HttpBinding({
            binding,
            tls: bindingTls(binding, httpd, configDir),
            cors: httpd.cors,
            logger,
            api,
          }),
      );
  }

  /** Whether any binding is enabled; the service leaves out a server with nothing to listen on. */
  get enabled(): boolean {
    return this.#bindings.length > 0;
  }

  async start(): Promise<void> {
    try {
      await this.#htpasswd?.load();
      for (const binding of this.#bindings) await binding.listen();
    } catch (err) {
      await this.stop({ graceMs: 0 });
      throw err;
    }
  }

  async stop(options: { readonly graceMs: number }): Promise<void> {
    await Promise.all(this.#bindings.map((b) => b.close(options.graceMs)));
    await this.#scans.abort();
    await this.#htpasswd?.close();
  }

  async reload(): Promise<void> {
    await Promise.all([...this.#bindings.map((b) => b.reloadCertificate()), this.#htpasswd?.load()]);
  }

  addresses(): readonly string[] {
    return this.#bindings.map((b) => b.address).filter((a) => a !== '');
  }
}
