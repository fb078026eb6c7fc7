/**
 * The SSH server of the `sftpd` section: listens on its bindings, accepts clients within the
 * connection limits, authenticates them through the shared login flow and hands `sftp` subsystem
 * channels to the SFTP protocol handler.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { ServerConfig } from 'ssh2';
import type { CommonConfig, SftpdConfig } from '../config/index.js';
import { resolveConfigPath } from '../config/index.js';
import type { LoginFlow } from '../common/auth/login-flow.js';
import type { FsActionsHandler } from '../common/actions/fs-action-event.js';
import { connectionSettingsFromConfig } from '../common/connection/index.js';
import type { ManagedServer } from '../common/managed-server.js';
import { ProxyPolicy, clientEndpoint } from '../common/proxy-protocol/index.js';
import type { ClientEndpoint } from '../common/proxy-protocol/index.js';
import type { ConnectionRegistry } from '../common/registry/index.js';
import type { DataProvider } from '../dataprovider/index.js';
import type { Logger } from '../logger/index.js';
import { joinHostPort } from '../util/cidr.js';
import { serverIdent } from '../version.js';
import { sshAlgorithms } from './algorithms.js';
import { hookTargetProblem } from '../common/hooks/hook-target.js';
import type { KeyboardInteractiveHook } from './auth/keyboard-interactive-hook.js';
import { UserCertificates } from './auth/user-certificates.js';
import { loadHostKeys } from './host-keys.js';
import type { SshCommandHandler } from './commands/index.js';
import type { SftpSubsystem, SshClientShared } from './ssh-client.js';
import { SshClient } from './ssh-client.js';
import { coalesceWrites } from './write-coalescing.js';

// ssh2 is CommonJS: its named exports are read from the default export.
const { Server: SshServer } = ssh2;

/** What an {@link SftpServer} is built from. */
export interface SftpServerOptions {
  readonly sftpd: SftpdConfig;
  readonly common: CommonConfig;
  /** Base of the relative paths of the `sftpd` section; where default host keys live. */
  readonly configDir: string;
  readonly provider: DataProvider;
  readonly actions: FsActionsHandler;
  readonly logger: Logger;
  /** Shared with the other servers: connection limits, sessions per user, idle checks. */
  readonly registry: ConnectionRegistry;
  readonly loginFlow: LoginFlow;
  /** Serves each `sftp` subsystem channel. */
  readonly sftpSubsystem: SftpSubsystem;
  /** Serves `exec` requests (SCP and SSH commands); without it they are refused. */
  readonly sshCommands?: SshCommandHandler;
  /** Time a client has to log in before it is disconnected; default 2 minutes, as SFTPGo. */
  readonly loginTimeoutMs?: number;
  /** `sftpd.keyboard_interactive_auth_hook`; without it, keyboard-interactive asks the password. */
  readonly keyboardInteractiveHook?: KeyboardInteractiveHook;
  /** Time a proxy has to send its PROXY protocol header; default 10 s. */
  readonly proxyHeaderTimeoutMs?: number;
}

const sender = 'sftpd';

/** `sftpd.max_auth_tries`: 0 means 6 (SFTPGo's default), a negative value means no limit. */
export function maxAuthTries(configured: number): number {
  if (configured < 0) return Infinity;
  return configured === 0 ? 6 : configured;
}

/** The identification string after `SSH-2.0-`: `SFTPGo_<version>`, or `SFTPGo` for `server_version: short`. */
export function sshIdent(serverVersion: string): string {
  return serverVersion === 'short' ? 'SFTPGo' : serverIdent;
}

/** The SSH server, one per service; a {@link ManagedServer}. */
export class SftpServer implements ManagedServer {
  readonly name = 'sftpd';
  readonly #options: SftpServerOptions;
  readonly #listeners: NetServer[] = [];
  readonly #clients = new Set<SshClient>();
  // Every accepted socket, so stop() can close those still silent (no SSH identification yet, or a
  // PROXY header still awaited): the listeners' close would wait for them otherwise.
  readonly #sockets = new Set<Socket>();
  #addresses: string[] = [];
  #stopping = false;
  #certificates: UserCertificates | undefined;

  constructor(options: SftpServerOptions) {
    this.#options = options;
  }

  /** Whether any binding has a port (port 0 disables a binding). */
  get enabled(): boolean {
    return this.#options.sftpd.bindings.some((b) => b.port > 0);
  }

  /** Clients currently connected (authenticated or not). */
  get clientCount(): number {
    return this.#clients.size;
  }

  /**
   * Loads (or generates) the host keys and listens on every binding with a port.
   * @throws {SftpdConfigError} for a host key or algorithm problem; the listen error of a binding
   *   (nothing is left listening then); the read error of `login_banner_file`.
   */
  async start(): Promise<void> {
    const { sftpd, configDir, logger } = this.#options;
    const hostKeys = await loadHostKeys({ hostKeys: sftpd.host_keys, configDir, logger });
    const algorithms = sshAlgorithms(
      sftpd,
      hostKeys.map((k) => k.type),
    );
    const banner = sftpd.login_banner_file
      ? await readFile(resolveConfigPath(configDir, sftpd.login_banner_file), 'utf8')
      : undefined;
    const config: ServerConfig = {
      hostKeys: hostKeys.map((k) => k.privateKey),
      algorithms: algorithms.transport,
      ident: sshIdent(this.#options.common.server_version),
      ...(banner ? { banner } : {}),
    };
    this.#certificates =
      sftpd.trusted_user_ca_keys.length > 0 ? await UserCertificates.fromConfig(sftpd, configDir) : undefined;
    const ssh = new SshServer(config);
    const shared = this.#shared(algorithms.publicKey);
    // Keyed by the socket's own peer address (what ssh2 reports), valued with the client's address
    // (the PROXY header's when there is one).
    const peers = new Map<string, { ip: string; remoteAddress: string; release: () => void }>();
    const proxyPolicy = new ProxyPolicy(this.#options.common);
    ssh.on('connection', (client, info) => {
      const socketAddress = joinHostPort(info.ip, info.port);
      const peer = peers.get(socketAddress);
      peers.delete(socketAddress);
      if (peer === undefined) {
        client.end();
        return;
      }
      const sshClient = new SshClient(client, peer, shared);
      this.#clients.add(sshClient);
      void sshClient.closed.then(() => this.#clients.delete(sshClient));
    });
    const onSocket = (socket: Socket, applyProxy: boolean): void => {
      // Small SFTP packets must not wait for Nagle's algorithm: uploads are much faster without it.
      socket.setNoDelay(true);
      coalesceWrites(socket);
      const socketAddress = joinHostPort(socket.remoteAddress ?? '', socket.remotePort);
      let remoteAddress = socketAddress;
      if (this.#stopping) {
        socket.destroy();
        return;
      }
      socket.on('error', () => undefined);
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
      const endpoint: Promise<Pick<ClientEndpoint, 'ip' | 'port'>> =
        applyProxy && proxyPolicy.enabled
          ? clientEndpoint(socket, proxyPolicy, { timeoutMs: this.#options.proxyHeaderTimeoutMs })
          : Promise.resolve({ ip: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 });
      endpoint
        .then(({ ip, port }) => {
          remoteAddress = joinHostPort(ip, port);
          return this.#options.loginFlow.onConnect(ip, 'SSH').then((release) => ({ ip, release }));
        })
        .then(
          ({ ip, release }) => {
            if (socket.destroyed) {
              release();
              return;
            }
            socket.once('close', release);
            peers.set(socketAddress, { ip, remoteAddress, release });
            socket.once('close', () => peers.delete(socketAddress));
            ssh.injectSocket(socket);
          },
          (err: unknown) => {
            logger.debug(sender, `connection from ${remoteAddress} refused: ${String(err)}`);
            socket.destroy();
          },
        );
    };
    try {
      for (const binding of sftpd.bindings) {
        if (binding.port <= 0) continue;
        const applyProxy = binding.apply_proxy_config;
        const server = createServer({ noDelay: true }, (socket) => onSocket(socket, applyProxy));
        this.#listeners.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: binding.address || undefined, port: binding.port }, () => {
            server.off('error', reject);
            resolve();
          });
        });
        const address = server.address() as AddressInfo;
        this.#addresses.push(joinHostPort(address.address, address.port));
      }
    } catch (err) {
      await this.#closeListeners();
      throw err;
    }
    logger.info(sender, `SSH server listening on ${this.#addresses.join(', ')}`);
  }

  /**
   * Stops listening, disconnects clients with no open channel at once, waits up to `graceMs` for the
   * others, then disconnects them too. Never throws.
   */
  async stop({ graceMs }: { readonly graceMs: number }): Promise<void> {
    this.#stopping = true;
    const listening = this.#closeListeners();
    for (const client of this.#clients) client.drain();
    const allClosed = Promise.all([...this.#clients].map((c) => c.closed));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([allClosed, grace]);
    clearTimeout(timer);
    for (const client of this.#clients) client.end();
    await Promise.race([allClosed, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    for (const socket of this.#sockets) socket.destroy();
    await listening;
    this.#options.logger.info(sender, 'SSH server stopped');
  }

  /** Re-reads `revoked_user_certs_file`. @throws {SshAuthConfigError} when it cannot be used. */
  async reload(): Promise<void> {
    await this.#certificates?.reloadRevoked();
  }

  addresses(): readonly string[] {
    return this.#addresses;
  }

  async #closeListeners(): Promise<void> {
    const servers = this.#listeners.splice(0);
    await Promise.all(
      servers.map(
        (s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve())),
      ),
    );
  }

  #shared(publicKeyAlgorithms: ReadonlySet<string>): SshClientShared {
    const o = this.#options;
    return {
      loginFlow: o.loginFlow,
      registry: o.registry,
      provider: o.provider,
      actions: o.actions,
      logger: o.logger,
      settings: connectionSettingsFromConfig(o.common),
      sftpSubsystem: o.sftpSubsystem,
      ...(o.sshCommands === undefined ? {} : { sshCommands: o.sshCommands }),
      passwordAuth: o.sftpd.password_authentication,
      keyboardInteractiveAuth: o.sftpd.keyboard_interactive_authentication && this.#usableHook(),
      maxAuthTries: maxAuthTries(o.sftpd.max_auth_tries),
      publicKeyAlgorithms,
      loginTimeoutMs: o.loginTimeoutMs ?? 120_000,
      ...(this.#certificates ? { certificates: this.#certificates } : {}),
      ...(o.keyboardInteractiveHook ? { keyboardInteractiveHook: o.keyboardInteractiveHook } : {}),
    };
  }

  /** As SFTPGo, a keyboard-interactive hook that can never run turns keyboard-interactive off. */
  #usableHook(): boolean {
    const hook = this.#options.sftpd.keyboard_interactive_auth_hook;
    const problem = hookTargetProblem(hook);
    if (problem === undefined) return true;
    this.#options.logger.warn(
      sender,
      `keyboard-interactive authentication disabled: keyboard_interactive_auth_hook ${problem}`,
    );
    return false;
  }
}
