import { HttpServer } from '../httpd/http-server.js';
import type { ManagedServer } from '../common/managed-server.js';
import { LoginFlow, loginHooksFromConfig } from '../common/auth/login-flow.js';
import { ConnectionRegistry } from '../common/registry/index.js';
import type { ConnectionGuards } from '../common/guards/index.js';
import { CachedIPLists, connectionGuardsFromConfig } from '../common/guards/index.js';
import { SftpSession } from '../sftpd/protocol/index.js';
import { SftpServer } from '../sftpd/sftp-server.js';
import type { SftpSubsystem } from '../sftpd/ssh-client.js';
import type { Runtime } from './runtime.js';

/** What the protocol servers need besides the runtime. */
export interface BuildServersOptions {
  /** Serves SFTP subsystem channels; default: our SFTP v3 protocol layer over the session's Connection. */
  readonly sftpSubsystem?: SftpSubsystem;
  /** The active connections registry; default one built from the `common` section. */
  readonly registry?: ConnectionRegistry;
  /** Defender, allow list and rate limiters; default built from the `common` section. */
  readonly guards?: ConnectionGuards;
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
  const httpd = new HttpServer(config.httpd, loaded.configDir, logger);
  if (httpd.enabled) servers.push(httpd);
  const registry = options.registry ?? new ConnectionRegistry(config.common, { logger });
  const guards =
    options.guards ??
    connectionGuardsFromConfig(config.common, {
      defenderStore: runtime.provider.defender,
      ipLists: new CachedIPLists(runtime.provider.ipLists, { logger }),
      logger,
    });
  const loginFlow = new LoginFlow({
    users: runtime.provider.users,
    registry,
    guards,
    hooks: loginHooksFromConfig({ config, http: runtime.http, logger, users: runtime.provider.users }),
    logger,
    localTime: config.common.tz === 'local',
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
        }).run()),
  });
  if (sftpd.enabled) servers.push(sftpd);
  return servers;
}
