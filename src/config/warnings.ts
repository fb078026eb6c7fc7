/**
 * Stable codes of the warnings returned by `loadConfig`. A code is never reused for another
 * meaning, so log filters and tests can rely on it.
 */
export const ConfigWarningCode = {
  /** A key that is not part of the configuration; it is ignored. */
  UnknownKey: 'CONFIG_UNKNOWN_KEY',
  /** An `SFTPGO_` environment variable that matches no configuration key; it is ignored. */
  UnknownEnv: 'CONFIG_UNKNOWN_ENV',
  /** An SFTPGo 1.x (or early 2.x) key, read and moved to its current place. */
  DeprecatedKey: 'CONFIG_DEPRECATED_KEY',
  /** A deprecated key ignored because the same source also sets its replacement. */
  DeprecatedKeyIgnored: 'CONFIG_DEPRECATED_KEY_IGNORED',
  /** A key SFTPGo removed without a replacement; it is ignored. */
  ObsoleteKey: 'CONFIG_OBSOLETE_KEY',
} as const;

/** One of the {@link ConfigWarningCode} values. */
export type ConfigWarningCode = (typeof ConfigWarningCode)[keyof typeof ConfigWarningCode];

/** Something the caller should log: the configuration loaded, but not exactly as written. */
export interface ConfigWarning {
  readonly code: string;
  readonly message: string;
  /** The key the warning is about, as a dotted path. */
  readonly key?: string;
  /** The config file or environment variable the key came from. */
  readonly source?: string;
}
