/**
 * SFTP subsystem mode (`sftpgo startsubsys`): sshd authenticates the client and starts one process
 * per SFTP session, which speaks SFTP on its stdin/stdout for the operating-system user running it.
 * The session goes through the same `Connection` as over our own SSH server, so the stored user's
 * permissions, filters, quotas, virtual folders and file actions apply. As in SFTPGo, the
 * connection hooks (post-connect, post-login, post-disconnect) and session limits do not apply:
 * sshd owns the connection.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { recordLogin } from '../common/auth/index.js';
import { Connection, connectionSettingsFromConfig } from '../common/connection/index.js';
import type { LoadedConfig } from '../config/index.js';
import type { Logger } from '../logger/index.js';
import { SftpSession } from '../sftpd/protocol/index.js';
import { parseIP, joinHostPort } from '../util/cidr.js';
import type { Runtime } from './runtime.js';
import { closeRuntime, openRuntime } from './runtime.js';
import type { OsAccount } from './subsystem-user.js';
import { subsystemUser } from './subsystem-user.js';
import { errorMessage } from '../util/error-message.js';

const logSender = 'startsubsys';

/** File-based drivers whose database one process per session cannot share. */
const SINGLE_PROCESS_DRIVERS: ReadonlySet<string> = new Set(['sqlite', 'bolt']);

/** What {@link runSubsystem} needs. */
export interface SubsystemOptions {
  readonly loaded: LoadedConfig;
  readonly logger: Logger;
  /** The operating-system user running the command. */
  readonly account: OsAccount;
  /** Absolute base of a new user's home directory (`<base>/<username>`); empty for the system home. */
  readonly baseHomeDir: string;
  /** A stored user keeps its home directory. */
  readonly preserveHome: boolean;
  /** The SFTP stream: stdin/stdout in production. */
  readonly channel: Duplex;
  /** sshd's `SSH_CONNECTION` ("client-ip client-port server-ip server-port"), for the session's addresses. */
  readonly sshConnection?: string | undefined;
}

/** The subsystem cannot start: configuration, data provider or account. */
export class SubsystemError extends Error {
  readonly code = 'ERR_SUBSYSTEM';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SubsystemError';
  }
}

/**
 * The configuration as the subsystem uses it: a `sqlite` (or `bolt`) provider becomes an empty
 * `memory` one, as in SFTPGo, since every session is its own process and these databases are single
 * process; its `name` was the database file, so no dump is loaded. Other drivers are unchanged (a
 * `memory` provider loads the dump named by `data_provider.name`).
 */
export function subsystemConfig(loaded: LoadedConfig): LoadedConfig {
  const provider = loaded.config.data_provider;
  if (!SINGLE_PROCESS_DRIVERS.has(provider.driver)) return loaded;
  return {
    ...loaded,
    config: { ...loaded.config, data_provider: { ...provider, driver: 'memory', name: '' } },
  };
}

/** The client and server addresses from `SSH_CONNECTION`; empty ones when it is missing or malformed. */
export function addressesFromSshConnection(value: string | undefined): {
  readonly remoteIp: string;
  readonly remoteAddress: string;
  readonly localAddress: string;
} {
  const [clientIp = '', clientPort, serverIp = '', serverPort] = (value ?? '').trim().split(/\s+/);
  if (parseIP(clientIp) === undefined) return { remoteIp: '', remoteAddress: '', localAddress: '' };
  return {
    remoteIp: clientIp,
    remoteAddress: joinHostPort(clientIp, clientPort),
    localAddress: parseIP(serverIp) === undefined ? '' : joinHostPort(serverIp, serverPort),
  };
}

/**
 * Serves one SFTP session on `channel` until the client ends it (end of input), then closes the
 * channel.
 * @returns whether the client ended the session (false when a malformed packet or a read or write
 *   error on the channel ended it).
 * @throws {SubsystemError} when the data provider cannot be opened.
 * @throws {LoginDeniedError} or {SubsystemAccountError} (see {@link subsystemUser}).
 */
export async function runSubsystem(options: SubsystemOptions): Promise<boolean> {
  const { logger } = options;
  const loaded = subsystemConfig(options.loaded);
  const configured = options.loaded.config.data_provider.driver;
  if (loaded.config.data_provider.driver !== configured) {
    logger.debug(logSender, `data provider "${configured}" not usable in subsystem mode, using "memory"`);
  }
  let runtime: Runtime;
  try {
    runtime = await openRuntime(loaded, logger);
  } catch (err) {
    throw new SubsystemError(`cannot open the data provider: ${errorMessage(err)}`, { cause: err });
  }
  try {
    return await serveSession(runtime, options);
  } finally {
    await closeRuntime(runtime);
  }
}

async function serveSession(runtime: Runtime, options: SubsystemOptions): Promise<boolean> {
  const { config } = runtime.loaded;
  const users = runtime.provider.users;
  const user = await subsystemUser(users, options.account, {
    baseHomeDir: options.baseHomeDir,
    preserveHome: options.preserveHome,
    localTime: config.common.tz === 'local',
    logger: options.logger,
  });
  await recordLogin(users, user).catch((err: unknown) => {
    options.logger.warn(logSender, `cannot record the login of "${user.username}": ${errorMessage(err)}`);
  });
  const addresses = addressesFromSshConnection(options.sshConnection);
  const connection = new Connection({
    id: `SFTP_${randomBytes(12).toString('hex')}`,
    user,
    protocol: 'SFTP',
    ...addresses,
    provider: runtime.provider,
    actions: runtime.fsActions,
    logger: options.logger,
    settings: connectionSettingsFromConfig(config.common),
  });
  const sessionLogger = options.logger.child({
    connectionId: connection.id,
    protocol: 'SFTP',
    username: user.username,
  });
  const { channel } = options;
  let channelFailed = false;
  channel.once('error', (err: Error) => {
    channelFailed = true;
    sessionLogger.warn(logSender, `subsystem channel error: ${err.message}`);
  });
  sessionLogger.info(logSender, `serving user "${user.username}" with home dir ${user.home_dir}`, {
    remote_address: addresses.remoteAddress,
  });
  await new SftpSession({ channel, connection, logger: sessionLogger }).run();
  // Ended by end of input: the client closed the session. Otherwise a malformed packet or a
  // stream error ended it, and SFTPGo reports those with a failure status.
  const clientEnded = channel.readableEnded && !channelFailed;
  connection.close(clientEnded ? 'client disconnected' : 'session ended');
  await releaseChannel(channel);
  sessionLogger.info(logSender, 'serving subsystem finished', { clean: clientEnded });
  return clientEnded;
}

/** How long the last replies get to reach the client before the streams are closed. */
const FLUSH_GRACE_MS = 5000;

/**
 * Lets the replies already written reach the client, then closes both streams: an input still open
 * (the session ended on a malformed packet) would otherwise keep the process alive.
 */
async function releaseChannel(channel: Duplex): Promise<void> {
  const flushed = finished(channel, { readable: false }).catch(() => undefined);
  await Promise.race([flushed, sleep(FLUSH_GRACE_MS, undefined, { ref: false })]);
  channel.destroy();
}
