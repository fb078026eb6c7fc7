import {
  bool,
  choice,
  flags,
  int,
  listOf,
  num,
  obj,
  oneOf,
  pathStr,
  port,
  secret,
  str,
} from '../schema/nodes.js';
import { providerObjects } from './shared.js';

/** Supported data provider drivers. */
export const dataProviderDrivers = [
  'sqlite',
  'postgresql',
  'mysql',
  'memory',
  'bolt',
  'cockroachdb',
] as const;

/** Password hashing algorithms for newly stored passwords. */
export const passwordHashingAlgos = ['argon2id', 'bcrypt'] as const;

/** The `data_provider` section: where users, folders, admins and the rest are stored. */
export const dataProviderSection = obj({
  driver: oneOf(dataProviderDrivers, 'sqlite'),
  /**
   * Database name. For `sqlite` (and `bolt`) a file relative to the config dir or absolute; for
   * `memory` an optional dump to load. Kept as written: its meaning depends on the driver.
   */
  name: str('sftpgo.db'),
  host: str(),
  port: port(0),
  username: str(),
  password: secret(),
  /** File holding the password (path); wins over `password`. */
  password_file: pathStr(),
  /** 0 no TLS, 1 require, 2 verify-ca/skip-verify, 3 verify-full/preferred, 4 prefer, 5 allow. */
  sslmode: choice([0, 1, 2, 3, 4, 5], 0),
  disable_sni: bool(false),
  target_session_attrs: oneOf(
    ['', 'any', 'read-write', 'read-only', 'primary', 'standby', 'prefer-standby'],
    '',
  ),
  /** CA certificate (path). */
  root_cert: pathStr(),
  /** Client certificate (path). */
  client_cert: pathStr(),
  /** Client key (path). */
  client_key: pathStr(),
  connection_string: secret(),
  sql_tables_prefix: str(),
  /** 0 off, 1 always, 2 only for users with quota restrictions (and folders). */
  track_quota: choice([0, 1, 2], 2),
  /** Seconds to accumulate quota updates; 0 updates at once. */
  delayed_quota_update: int(0, { min: 0 }),
  /** Maximum open connections; 0 means unlimited. */
  pool_size: int(0, { min: 0 }),
  /** Absolute base for homes of users created without one; kept as written. */
  users_base_dir: str(),
  actions: obj({
    execute_on: listOf(['add', 'update', 'delete']),
    execute_for: listOf(providerObjects),
    /** Absolute path of a program, or an HTTP URL. */
    hook: str(),
  }),
  external_auth_hook: str(),
  /** Bit mask: 1 password, 2 public key, 4 keyboard interactive, 8 TLS certificate; 0 all. */
  external_auth_scope: flags([1, 2, 4, 8]),
  pre_login_hook: str(),
  post_login_hook: str(),
  /** 0 every login, 1 failed ones, 2 successful ones. */
  post_login_scope: choice([0, 1, 2], 0),
  check_password_hook: str(),
  /** Bit mask: 1 SSH, 2 FTP, 4 WebDAV; 0 all. */
  check_password_scope: flags([1, 2, 4]),
  password_hashing: obj({
    bcrypt_options: obj({
      cost: int(10, { min: 4, max: 31 }),
    }),
    argon2_options: obj({
      /** KiB. */
      memory: int(65536, { min: 1, max: 4294967295 }),
      iterations: int(1, { min: 1, max: 4294967295 }),
      parallelism: int(2, { min: 1, max: 255 }),
    }),
    /**
     * Algorithm for newly stored passwords. Deviation: our default is `argon2id` (SFTPGo's is
     * `bcrypt`); existing hashes of every supported kind keep verifying.
     */
    algo: oneOf(passwordHashingAlgos, 'argon2id'),
  }),
  password_validation: obj({
    admins: obj({ min_entropy: num(0, { min: 0 }) }),
    users: obj({ min_entropy: num(0, { min: 0 }) }),
  }),
  password_caching: bool(true),
  /** 0 the schema is created/updated automatically, 1 only by `initprovider`. */
  update_mode: choice([0, 1], 0),
  /** Create the first admin from SFTPGO_DEFAULT_ADMIN_USERNAME/PASSWORD. */
  create_default_admin: bool(false),
  /** Bit mask: 1 any UTF-8 character, 2 lowercase names, 4 trim spaces. */
  naming_rules: flags([1, 2, 4], 5),
  is_shared: choice([0, 1], 0),
  node: obj({
    host: str(),
    port: port(0),
    proto: oneOf(['http', 'https'], 'http'),
  }),
  /** Directory for backups (path). */
  backups_path: pathStr('backups'),
});
