/** Server settings that change how models are normalised and validated. */

/** The settings of `data_provider` (and a few others) that model validation depends on. */
export interface ValidationContext {
  /**
   * `data_provider.users_base_dir`: when set, a user without `home_dir` gets `<usersBaseDir>/<username>`.
   * `''` when not configured.
   */
  readonly usersBaseDir: string;
  /** `data_provider.naming_rules`: bit 1 any UTF-8 in names, bit 2 lowercase names, bit 4 trim names. */
  readonly namingRules: number;
  /**
   * Names of the configured TOTP configurations (`mfa.totp[].name`). When given, an enabled TOTP
   * configuration must name one of them; when left out that check is skipped.
   */
  readonly totpConfigNames?: readonly string[];
  /**
   * True when an external authentication hook or plugin is configured. SFTPGo keeps a user's
   * `filters.external_auth_cache_time` only then; otherwise it is reset to 0. Default false.
   */
  readonly externalAuthEnabled?: boolean;
  /**
   * Base directory for the home of cloud (S3, GCS, Azure, SFTP, HTTP) users when neither `home_dir`
   * nor `usersBaseDir` is set. Default: the system temporary directory.
   */
  readonly tempDir?: string;
}

/** SFTPGo's defaults: no users base dir, naming rules 5 (any UTF-8, trimmed). */
export const DEFAULT_VALIDATION_CONTEXT: ValidationContext = { usersBaseDir: '', namingRules: 5 };
