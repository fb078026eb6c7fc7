/** Stable codes carried by {@link ConfigError}. */
export const ConfigErrorCode = {
  /** A config file named with an extension (or an absolute path) does not exist. */
  FileNotFound: 'CONFIG_FILE_NOT_FOUND',
  /** The config file exists but could not be read. */
  FileRead: 'CONFIG_FILE_READ',
  /** The config file's extension is not one of the supported formats. */
  UnsupportedFormat: 'CONFIG_UNSUPPORTED_FORMAT',
  /** The config file is not valid JSON, YAML, TOML, HCL, envfile or properties. */
  Syntax: 'CONFIG_SYNTAX',
  /** A key holds a value of the wrong type (text where a number is expected, ...). */
  InvalidType: 'CONFIG_INVALID_TYPE',
  /** A key holds a value outside what it allows (range, list of values, flags). */
  InvalidValue: 'CONFIG_INVALID_VALUE',
  /** A list item lacks a key that every item must set. */
  MissingValue: 'CONFIG_MISSING_VALUE',
} as const;

/** One of the {@link ConfigErrorCode} values. */
export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

/** What a {@link ConfigError} can say about the failure, besides its message. */
export interface ConfigErrorDetails {
  readonly code: ConfigErrorCode;
  /** Dotted key path, list indexes in brackets: `sftpd.bindings[0].port`. */
  readonly key?: string;
  /** The offending value (redacted for secrets). */
  readonly value?: unknown;
  /** The config file, or the environment variable the value came from. */
  readonly file?: string;
  /** What the key accepts, in words: `an integer between 0 and 65535`. */
  readonly allowed?: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
  /** 1-based column in the file, when known. */
  readonly column?: number;
  readonly cause?: unknown;
}

/**
 * The configuration could not be loaded: missing file, bad syntax, or a key with a value it does
 * not accept. The message names the key, the value, where it came from and what is allowed.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  readonly key?: string;
  readonly value?: unknown;
  readonly file?: string;
  readonly allowed?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, details: ConfigErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.key = details.key;
    this.value = details.value;
    this.file = details.file;
    this.allowed = details.allowed;
    this.line = details.line;
    this.column = details.column;
  }
}
