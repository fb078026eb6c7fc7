import { bool, choice, flags, int, listOf, num, obj, objList, oneOf, str, strList } from '../schema/nodes.js';

const fsActions = [
  'pre-download',
  'download',
  'first-download',
  'pre-upload',
  'upload',
  'first-upload',
  'pre-delete',
  'delete',
  'rename',
  'mkdir',
  'rmdir',
  'ssh_cmd',
  'copy',
] as const;

/** One rate limiter of `common.rate_limiters`. */
const rateLimiterSchema = obj({
  /** Requests allowed per `period`; 0 disables the limiter. */
  average: int(0, { min: 0 }),
  /** Period in milliseconds. */
  period: int(1000, { min: 0 }),
  /** Requests allowed in an arbitrarily small time window. */
  burst: int(1, { min: 0 }),
  /** 1 = one global limiter, 2 = one limiter per source IP. */
  type: choice([1, 2], 2),
  protocols: listOf(['SSH', 'FTP', 'DAV', 'HTTP'], ['SSH', 'FTP', 'DAV', 'HTTP']),
  /** Addresses and networks never limited (IPv4/IPv6, CIDR). */
  allow_list: strList(),
  generate_defender_events: bool(false),
  entries_soft_limit: int(100, { min: 0 }),
  entries_hard_limit: int(150, { min: 0 }),
});

/** The `common` section: settings shared by every protocol. */
export const commonSection = obj({
  /** Minutes before an idle client is disconnected; 0 disables the check. */
  idle_timeout: int(15, { min: 0 }),
  /**
   * Upload flags: 0 standard, 1 atomic, 2 atomic with resume (wins over 1), 4/8/16 keep partial
   * files on S3/GCS/Azure Blob after a client error. SFTPGo 2.x made this a bit mask.
   */
  upload_mode: flags([1, 2, 4, 8, 16]),
  actions: obj({
    execute_on: listOf(fsActions),
    execute_sync: listOf(fsActions),
    /** Absolute path of a program, or an HTTP URL. */
    hook: str(),
  }),
  /** 0 apply chmod/chown/chtimes, 1 ignore them, 2 ignore them on cloud storage only. */
  setstat_mode: choice([0, 1, 2], 0),
  /** 1 allows recursive directory renames on cloud storage. */
  rename_mode: choice([0, 1], 0),
  /** Where clients may create symlinks: 1 local filesystem, 2 SFTP backend (bit mask). */
  symlink_mode: flags([1, 2]),
  /** Largest file, in bytes, whose upload may be resumed on cloud storage; 0 disables resume. */
  resume_max_size: int(0, { min: 0 }),
  secret_min_entropy: num(80, { min: 0 }),
  /** PROXY protocol: 0 off, 1 header used when present, 2 header required. */
  proxy_protocol: choice([0, 1, 2], 0),
  proxy_allowed: strList(),
  proxy_skipped: strList(),
  startup_hook: str(),
  post_connect_hook: str(),
  post_disconnect_hook: str(),
  /**
   * Processes serving the protocols; above 1 the primary process forks them with `node:cluster` and
   * keeps the state they share (see docs/workers.md).
   */
  workers: int(1, { min: 1, max: 256 }),
  /** 0 means unlimited. */
  max_total_connections: int(0, { min: 0 }),
  /** 0 means unlimited. */
  max_per_host_connections: int(20, { min: 0 }),
  allowlist_status: choice([0, 1], 0),
  allow_self_connections: choice([0, 1], 0),
  /** File mode creation mask such as `002`; empty keeps the process umask. */
  umask: str(),
  /** `short` hides the version number in banners; anything else keeps the default. */
  server_version: str(),
  /** `local` uses the server's time zone for schedules, anything else UTC. */
  tz: str(),
  metadata: obj({
    /** 1 reads cloud storage metadata before downloads. */
    read: choice([0, 1], 0),
  }),
  defender: obj({
    enabled: bool(false),
    /** `provider` shares the defender state through a shared data provider. */
    driver: oneOf(['memory', 'provider'], 'memory'),
    /** Minutes. */
    ban_time: int(30, { min: 0 }),
    /** Percent added to the ban time of a host banned again. */
    ban_time_increment: int(50, { min: 0 }),
    threshold: int(15, { min: 0 }),
    score_invalid: int(2, { min: 0 }),
    score_valid: int(1, { min: 0 }),
    score_limit_exceeded: int(3, { min: 0 }),
    score_no_auth: int(0, { min: 0 }),
    /** Minutes. */
    observation_time: int(30, { min: 0 }),
    entries_soft_limit: int(100, { min: 0 }),
    entries_hard_limit: int(150, { min: 0 }),
    login_delay: obj({
      /** Milliseconds to wait before a successful login completes. */
      success: int(0, { min: 0 }),
      /** Milliseconds to wait before a failed password login is reported. */
      password_failed: int(1000, { min: 0 }),
    }),
  }),
  rate_limiters: objList(rateLimiterSchema, [{}]),
  event_manager: obj({
    /** Absolute paths of the system commands the event manager may run. */
    enabled_commands: strList(),
  }),
});
