/**
 * The defender: scores the misbehaviour of client addresses (failed logins, limits exceeded,
 * connections without a login attempt) and bans an address whose score within the observation
 * time reaches the threshold. Every protocol asks it at accept time and reports to it from the
 * login flow and the limiters.
 */
import type { Protocol } from '../../dataprovider/index.js';

/** What a host did. */
export type HostEvent =
  /** A login with wrong credentials (or refused by the user's restrictions) for an existing user. */
  | 'LoginFailed'
  /** A login for a user that does not exist. */
  | 'UserNotFound'
  /** A client that left without trying to log in. */
  | 'NoLoginTried'
  /** A rate limit or `max_per_host_connections` exceeded. */
  | 'LimitExceeded';

/** A host the defender knows: banned, or with a score within the observation time. */
export interface DefenderHostEntry {
  /** Canonical address text. */
  readonly ip: string;
  /** Banned until this time (ms since the epoch); 0 when not banned. */
  readonly banTime: number;
  /** Sum of the host's event scores within the observation time. */
  readonly score: number;
}

/** The defender's contract, the same for the `memory` and the `provider` drivers. */
export interface Defender {
  /**
   * Whether connections from `ip` must be refused: the address is in the defender deny list, or
   * banned now. A banned host asking again gets its ban extended by `ban_time_increment` percent of
   * `ban_time`. A safe-listed address is never banned.
   */
  isBanned(ip: string, protocol: Protocol): Promise<boolean>;
  /** Whether `ip` is in the defender allow (safe) list. */
  isSafe(ip: string, protocol: Protocol): Promise<boolean>;
  /**
   * Scores an event for `ip` and bans it when its score reaches the threshold. Events of
   * safe-listed and already banned hosts are not counted.
   * @returns whether `ip` is safe-listed (callers let safe hosts exceed per-host limits).
   */
  addEvent(ip: string, protocol: Protocol, event: HostEvent): Promise<boolean>;
  /** Hosts currently banned or with a score, at most `entries_hard_limit` (provider driver). */
  listHosts(): Promise<DefenderHostEntry[]>;
  /** The host, when it is banned or has a score. */
  getHost(ip: string): Promise<DefenderHostEntry | undefined>;
  /**
   * Forgets the host: its ban and its score.
   * @returns false when the defender did not know it.
   */
  unban(ip: string): Promise<boolean>;
  /** Waits `login_delay.success` after a successful login, `login_delay.password_failed` after a failed password. */
  delayLogin(outcome: 'success' | 'password_failed'): Promise<void>;
}

/** A defender host as SFTPGo's REST API shows it (`/api/v2/defender/hosts`). */
export interface DefenderHostJSON {
  /** The address as hexadecimal text of its characters: the `{id}` of the REST paths. */
  readonly id: string;
  readonly ip: string;
  /** RFC 3339 time; absent when not banned. */
  readonly ban_time?: string;
  /** Absent when 0, as SFTPGo writes it (a banned host's events may have expired). */
  readonly score?: number;
}

/** The REST form of a host. */
export function defenderHostToJSON(entry: DefenderHostEntry): DefenderHostJSON {
  return {
    id: Buffer.from(entry.ip, 'utf8').toString('hex'),
    ip: entry.ip,
    ...(entry.banTime > 0 ? { ban_time: new Date(entry.banTime).toISOString() } : {}),
    ...(entry.score > 0 ? { score: entry.score } : {}),
  };
}

/**
 * The address a REST `{id}` names.
 * @returns `undefined` when the id is not hexadecimal text.
 */
export function defenderHostIdToIP(id: string): string | undefined {
  if (!/^([0-9a-fA-F]{2})+$/.test(id)) return undefined;
  return Buffer.from(id, 'hex').toString('utf8');
}
