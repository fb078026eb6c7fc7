import { HttpServer } from '../httpd/http-server.js';
import type { ManagedServer } from '../common/managed-server.js';
import { LoginFlow, loginHooksFromConfig } from '../common/auth/login-flow.js';
import { PasscodeVerifier } from '../common/auth/passcodes.js';
import { ConnectionRegistry } from '../common/registry/index.js';
import { KeyboardInteractiveHook } from '../sftpd/auth/keyboard-interactive-hook.js';
import type { ConnectionGuards } from '../common/guards/index.js';
import { CachedIPLists, connectionGuardsFromConfig } from '../common/guards/index.js';
import { SftpSession } from '../sftpd/protocol/index.js';
import { SftpServer } from '../sftpd/sftp-server.js';
import type { SftpSubsystem } from '../sftpd/ssh-client.js';
import type { SshCommandHandler } from '../sftpd/index.js';
import { sshCommandHandler } from '../sftpd/index.js';
import type { Runtime } from './runtime.js';
import { servicesStatus } from './services-status.js';
import { resolveConfigPath } from '../config/index.js';

/** What the protocol servers need besides the runtime. */
export interface BuildServersOptions {
  /** Serves SFTP subsystem channels; default: our SFTP v3 protocol layer over the session's Connection. */
  readonly sftpSubsystem?: SftpSubsystem;
  /** Serves `exec` requests; default: SCP and the SSH commands of `sftpd.enabled_ssh_commands`. */
  readonly sshCommands?: SshCommandHandler;
  /** The active connections registry; default one built from the `common` section. */
  readonly registry?: ConnectionRegistry;
  /** Defender, allow list and rate limiters; default built from the `common` section. */
  readonly guards?: ConnectionGuards;
  /**
   * Which servers this process runs: `all` (default), `httpd` (a cluster primary: the REST API only) or
   * `protocols` (a cluster worker: every server but the REST API). See docs/workers.md.
   */
  readonly role?: 'all' | 'httpd' | 'protocols';
  /** Servers run by other processes (a cluster's workers), for the REST API's status. */
  readonly elsewhere?: readonly ManagedServer[];
}

/** The defender, allow list and rate limiters of the `common` section, over the runtime's provider. */
export function guardsFromConfig(runtime: Runtime): ConnectionGuards {
  const { loaded, logger, provider } = runtime;
  return connectionGuardsFromConfig(loaded.config.common, {
    defenderStore: provider.defender,
    ipLists: new CachedIPLists(provider.ipLists, { logger }),
    logger,
  });
}

/**
 * The servers the configuration enables, in start order. A section whose bindings all have port 0 is
 * disabled and left out.
 * @throws Error when a section's settings cannot make a server (e.g. HTTPS without a certificate).
 */
export function buildServers(runtime: Runtime, options: BuildServersOptions = {}): ManagedServer[] {
  const { loaded, logger } = runtime;
  const { config } = loaded;
  const servers: ManagedServer[] = [];
  const registry = options.registry ?? new ConnectionRegistry(config.common, { logger });
  const guards = options.guards ?? guardsFromConfig(runtime);
  // One for all the servers: a passcode used once is refused everywhere.
  const passcodes = new PasscodeVerifier(config.mfa);
  const httpd = new HttpServer({
    httpd: config.httpd,
    configDir: loaded.configDir,
    logger,
    runtime: {
      provider: runtime.provider,
      registry,
      status: servicesStatus(config, () => [...servers, ...(options.elsewhere ?? [])]),
      backupsPath: resolveConfigPath(loaded.configDir, config.data_provider.backups_path),
      guards,
      passcodes,
    },
  });
  const role = options.role ?? 'all';
  if (httpd.enabled && role !== 'protocols') servers.push(httpd);
  if (role === 'httpd') return servers;
  const loginFlow = new LoginFlow({
    users: runtime.provider.users,
    registry,
    guards,
    hooks: loginHooksFromConfig({ config, http: runtime.http, logger, users: runtime.provider.users }),
    logger,
    localTime: config.common.tz === 'local',
    passcodes,
  });
  const sftpd = new SftpServer({
    sftpd: config.sftpd,
    common: config.common,
    configDir: loaded.configDir,
    provider: runtime.provider,
    actions: runtime.fsActions,
    logger,
    registry,
    loginFlow,
    keyboardInteractiveHook: new KeyboardInteractiveHook({
      hook: config.sftpd.keyboard_interactive_auth_hook,
      commands: config.command,
      http: runtime.http,
    }),
    sftpSubsystem:
      options.sftpSubsystem ??
      ((channel, connection) =>
        new SftpSession({
          channel,
          connection,
          logger: logger.child({
            connectionId: connection.id,
            protocol: 'SFTP',
            username: connection.username,
          }),
          // ssh2 channels copy what is written into SSH packets before the write callback.
          recycleReplyBuffers: true,
        }).run()),
    sshCommands:
      options.sshCommands ??
      sshCommandHandler({
        enabled: config.sftpd.enabled_ssh_commands,
        logger,
        // ssh2 channels copy what is written into SSH packets before the write callback.
        recycleBuffers: true,
      }),
  });
  if (sftpd.enabled) servers.push(sftpd);
  return servers;
}
