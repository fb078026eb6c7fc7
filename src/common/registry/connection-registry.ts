/**
 * The active connections of this process: client counters checked at TCP accept, the sessions of
 * authenticated users with their `max_sessions`, kicks and the idle checker.
 */
import type { CommonConfig } from '../../config/index.js';
import type { Logger } from '../../logger/index.js';
import { canonicalIP } from '../../util/cidr.js';
import type { ActiveConnection } from '../connection-info.js';
import { CounterMap } from './counter-map.js';
import { ConnectionIdError, ConnectionLimitError, TooManySessionsError } from './errors.js';

/** The `common` settings the registry is built from. */
export type RegistryConfig = Pick<
  CommonConfig,
  'max_total_connections' | 'max_per_host_connections' | 'idle_timeout'
>;

/** Settings that are not configuration keys. */
export interface RegistryOptions {
  /** How often the idle checker runs; default 30 s. */
  readonly checkIntervalMs?: number;
  /**
   * A connection registered before login (an FTP control connection with no user yet) is closed after
   * this long without activity, whatever `idle_timeout` says; default 2 minutes, as SFTPGo.
   */
  readonly loginTimeoutMs?: number;
  /** Clock in milliseconds since the epoch; default `Date.now`. */
  readonly now?: () => number;
  readonly logger?: Logger;
  /**
   * Called after a connection left the registry (the place for the post-disconnect hook). Errors it
   * throws are logged and ignored.
   */
  readonly onRemoved?: (connection: ActiveConnection) => void;
}

/** What the registry needs to know of a session besides its {@link ActiveConnection}. */
export interface SessionOptions {
  /** The user's `max_sessions`; 0 means unlimited. Ignored for a connection with no username yet. */
  readonly maxSessions: number;
  /**
   * Whether the user's login conditions (status, expiration, access time windows) still hold at `now`.
   * The idle checker closes the session once this turns false.
   */
  readonly isAccessAllowed?: (now: number) => boolean;
}

interface Entry {
  readonly connection: ActiveConnection;
  readonly options: SessionOptions;
}

const logSender = 'common';
const defaultCheckIntervalMs = 30_000;
const defaultLoginTimeoutMs = 2 * 60_000;

/**
 * The active connections registry. Everything here is synchronous, so a check and the change it
 * guards (`add` testing `max_sessions` then counting the session) cannot interleave with another
 * login on the event loop.
 *
 * Scope: one process. With `common.workers` above 1, each worker has a `WorkerRegistry` (a subclass)
 * that also reports to the primary's registry, where the limits are checked for all workers.
 */
export class ConnectionRegistry {
  readonly #config: RegistryConfig;
  readonly #now: () => number;
  readonly #loginTimeoutMs: number;
  readonly #logger: Logger | undefined;
  readonly #onRemoved: ((connection: ActiveConnection) => void) | undefined;
  readonly #clients = new CounterMap();
  readonly #perUser = new CounterMap();
  readonly #entries = new Map<string, Entry>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  /**
   * Starts the idle checker when `idle_timeout` is above 0; its timer does not keep the process alive.
   * @throws {RangeError} for a negative limit or a check interval below 1 ms.
   */
  constructor(config: RegistryConfig, options: RegistryOptions = {}) {
    for (const key of ['max_total_connections', 'max_per_host_connections', 'idle_timeout'] as const) {
      if (!(config[key] >= 0)) throw new RangeError(`common.${key} must be 0 or more, got ${config[key]}`);
    }
    const interval = options.checkIntervalMs ?? defaultCheckIntervalMs;
    if (!(interval >= 1)) throw new RangeError(`checkIntervalMs must be at least 1, got ${interval}`);
    this.#config = config;
    this.#now = options.now ?? Date.now;
    this.#loginTimeoutMs = options.loginTimeoutMs ?? defaultLoginTimeoutMs;
    this.#logger = options.logger;
    this.#onRemoved = options.onRemoved;
    if (config.idle_timeout > 0) {
      this.#timer = setInterval(() => this.checkIdles(), interval);
      this.#timer.unref();
    }
  }

  /** Counts a client accepted at the TCP level (before any protocol handshake or login). */
  addClientConnection(ip: string): void {
    this.#clients.increment(canonicalIP(ip));
  }

  /** Forgets a client counted by {@link addClientConnection}, when its socket closes. */
  removeClientConnection(ip: string): void {
    this.#clients.decrement(canonicalIP(ip));
  }

  /** Clients counted at the TCP level, in all or from one address. */
  clientConnections(ip?: string): number {
    return ip === undefined ? this.#clients.total : this.#clients.get(canonicalIP(ip));
  }

  /**
   * Checks a client just accepted, as SFTPGo does: call it after {@link addClientConnection}, so the
   * counts include this client. Refused when the server is stopping, when the address has more than
   * `max_per_host_connections` clients, when there are more than `max_total_connections` clients, or
   * when the registered sessions already reach `max_total_connections`. 0 disables a limit.
   * @throws {ConnectionLimitError} with reason `shutting_down`, `per_host_limit` or `total_limit`.
   */
  checkNewConnection(ip: string): void {
    if (this.#stopped) throw new ConnectionLimitError('shutting_down', 'the server is shutting down');
    const { max_per_host_connections: perHost, max_total_connections: total } = this.#config;
    if (perHost > 0) {
      const fromHost = this.#clients.get(canonicalIP(ip));
      if (fromHost > perHost) {
        throw new ConnectionLimitError(
          'per_host_limit',
          `connection denied, active connections from ${ip}: ${fromHost}/${perHost}`,
        );
      }
    }
    if (total > 0) {
      if (this.#clients.total > total) {
        throw new ConnectionLimitError(
          'total_limit',
          `connection denied, active client connections: ${this.#clients.total}/${total}`,
        );
      }
      if (this.#entries.size >= total) {
        throw new ConnectionLimitError(
          'total_limit',
          `connection denied, active sessions: ${this.#entries.size}/${total}`,
        );
      }
    }
  }

  /**
   * {@link checkNewConnection} where the counts are kept: here, this registry; in a cluster worker, the
   * primary's registry (which is why it is asynchronous). The login code calls this one.
   * @throws (rejection) {@link ConnectionLimitError} as {@link checkNewConnection}.
   */
  async admit(ip: string): Promise<void> {
    this.checkNewConnection(ip);
  }

  /** {@link checkNewConnection} as a boolean. */
  isNewConnectionAllowed(ip: string): boolean {
    try {
      this.checkNewConnection(ip);
      return true;
    } catch (err) {
      if (err instanceof ConnectionLimitError) return false;
      throw err;
    }
  }

  /**
   * Registers a session. For a connection with a username, the user's sessions (all protocols) are
   * checked against `maxSessions` and counted in the same synchronous step.
   * @throws {TooManySessionsError} when the user already has `maxSessions` sessions.
   * @throws {ConnectionIdError} when the id is already registered.
   * @throws {ConnectionLimitError} (`shutting_down`) after {@link stop}.
   */
  add(connection: ActiveConnection, options: SessionOptions): void {
    if (this.#stopped) throw new ConnectionLimitError('shutting_down', 'the server is shutting down');
    if (this.#entries.has(connection.id)) {
      throw new ConnectionIdError(connection.id, `connection id "${connection.id}" is already registered`);
    }
    this.#checkSessions(connection.username, options.maxSessions);
    if (connection.username !== '') this.#perUser.increment(connection.username);
    this.#entries.set(connection.id, { connection, options });
    this.#logger?.debug(connection.protocol, 'connection added', {
      connection_id: connection.id,
      remote_address: connection.remoteAddress,
      open_connections: this.#entries.size,
    });
  }

  /**
   * Replaces the registered connection of the same id, e.g. an FTP connection registered before
   * login by the same connection once its user logged in; the user's sessions are checked as in
   * {@link add}. On refusal the old connection stays registered as it was.
   * @throws {ConnectionIdError} when no connection has this id.
   * @throws {TooManySessionsError} as {@link add}.
   */
  swap(connection: ActiveConnection, options: SessionOptions): void {
    const old = this.#entries.get(connection.id);
    if (old === undefined) {
      throw new ConnectionIdError(
        connection.id,
        `connection id "${connection.id}" to swap is not registered`,
      );
    }
    const oldUser = old.connection.username;
    if (oldUser !== '') this.#perUser.decrement(oldUser);
    try {
      this.#checkSessions(connection.username, options.maxSessions);
    } catch (err) {
      if (oldUser !== '') this.#perUser.increment(oldUser);
      throw err;
    }
    if (connection.username !== '') this.#perUser.increment(connection.username);
    this.#entries.set(connection.id, { connection, options });
  }

  /**
   * Unregisters a connection (when it ends, whoever closed it) and calls `onRemoved`.
   * @returns the removed connection, or `undefined` when it was not registered.
   */
  remove(id: string): ActiveConnection | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    this.#entries.delete(id);
    const { connection } = entry;
    if (connection.username !== '') this.#perUser.decrement(connection.username);
    this.#logger?.debug(connection.protocol, 'connection removed', {
      connection_id: id,
      remote_address: connection.remoteAddress,
      open_connections: this.#entries.size,
    });
    if (this.#onRemoved) {
      try {
        this.#onRemoved(connection);
      } catch (err) {
        this.#logger?.warn(logSender, `connection removal listener failed: ${String(err)}`, {
          connection_id: id,
        });
      }
    }
    return connection;
  }

  /** The registered connection with this id. */
  get(id: string): ActiveConnection | undefined {
    return this.#entries.get(id)?.connection;
  }

  /** A snapshot of the registered connections, in registration order. */
  list(): ActiveConnection[] {
    return [...this.#entries.values()].map((e) => e.connection);
  }

  /** Registered connections. */
  get size(): number {
    return this.#entries.size;
  }

  /** Open sessions of a user, all protocols together. */
  sessionsOf(username: string): number {
    return this.#perUser.get(username);
  }

  /**
   * Asks a connection to close (an admin's kick, shutdown). It stays registered until its own
   * teardown calls {@link remove}.
   * @returns false when no connection has this id.
   */
  close(id: string, reason: string): boolean {
    const entry = this.#entries.get(id);
    if (entry === undefined) return false;
    this.#logger?.info(entry.connection.protocol, `closing connection: ${reason}`, { connection_id: id });
    entry.connection.close(reason);
    return true;
  }

  /**
   * One pass of the idle checker (run by the timer; public for tests and callers with their own
   * schedule): closes connections idle for longer than `idle_timeout` minutes, connections with no
   * user yet idle for longer than the login time-out, and sessions whose user may no longer log in.
   * @returns the ids of the connections asked to close.
   */
  checkIdles(): string[] {
    const now = this.#now();
    const idleLimit = this.#config.idle_timeout * 60_000;
    const closed: string[] = [];
    // Snapshot first: a connection may remove itself synchronously from close().
    for (const { connection, options } of [...this.#entries.values()]) {
      const idle = now - connection.lastActivity();
      const loggedIn = connection.username !== '';
      let reason: string | undefined;
      if (idleLimit > 0 && idle > idleLimit) reason = `idle for ${Math.round(idle / 1000)} s`;
      else if (!loggedIn && idle > this.#loginTimeoutMs)
        reason = `no login within ${Math.round(idle / 1000)} s`;
      else if (loggedIn && options.isAccessAllowed && !options.isAccessAllowed(now)) {
        reason = 'login conditions no longer met';
      }
      if (reason !== undefined) {
        closed.push(connection.id);
        this.close(connection.id, reason);
      }
    }
    return closed;
  }

  /** Stops the idle checker and refuses new clients and sessions from now on. Registered ones stay. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #checkSessions(username: string, maxSessions: number): void {
    if (username === '' || maxSessions <= 0) return;
    const active = this.#perUser.get(username);
    if (active >= maxSessions) throw new TooManySessionsError(username, active, maxSessions);
  }
}
