// The configuration layer: typed schema with SFTPGo's defaults, file formats, SFTPGO_ overrides.
export { loadConfig } from './load.js';
export type { ConfigLoadOptions, LoadedConfig } from './load.js';
export { defaultConfig } from './defaults.js';
export { ConfigError, ConfigErrorCode } from './errors.js';
export type { ConfigErrorDetails } from './errors.js';
export { ConfigWarningCode } from './warnings.js';
export type { ConfigWarning } from './warnings.js';
export { resolveConfigPath } from './paths.js';
export { configSchema } from './schema.js';
export type {
  AcmeConfig,
  CommandConfig,
  CommonConfig,
  DataProviderConfig,
  FtpdBinding,
  FtpdConfig,
  HttpClientConfig,
  HttpdBinding,
  HttpdConfig,
  KmsConfig,
  MfaConfig,
  PluginConfig,
  RateLimiterConfig,
  SftpdBinding,
  SftpdConfig,
  SftpGoConfig,
  SmtpConfig,
  TelemetryConfig,
  TotpConfig,
  WebdavdBinding,
  WebdavdConfig,
} from './schema.js';
export { findConfigFile, formatByExtension, searchExtensions, defaultConfigName } from './file-resolve.js';
export type { ConfigFileRef, ConfigFormat } from './file-resolve.js';
export { nonConfigEnvNames, nonConfigEnvPrefixes } from './env.js';
export { legacyKeys } from './legacy.js';
