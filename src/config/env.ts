import { configSchema } from './schema.js';
import type { SourceOrigin } from './origin.js';

/** The prefix of every configuration environment variable. */
export const envPrefix = 'SFTPGO_';

/**
 * `SFTPGO_` variables that are not configuration keys: command line flags, the first admin's
 * credentials, and variables SFTPGo sets for hooks and plugins. They are skipped silently.
 */
export const nonConfigEnvNames: readonly string[] = [
  'SFTPGO_CONFIG_DIR',
  'SFTPGO_CONFIG_FILE',
  'SFTPGO_GRACE_TIME',
  'SFTPGO_PROFILER',
  'SFTPGO_DEFAULT_ADMIN_USERNAME',
  'SFTPGO_DEFAULT_ADMIN_PASSWORD',
  'SFTPGO_ACTION',
];

/** Prefixes of non-configuration `SFTPGO_` variables (see {@link nonConfigEnvNames}). */
export const nonConfigEnvPrefixes: readonly string[] = [
  'SFTPGO_LOG_',
  'SFTPGO_LOADDATA_',
  'SFTPGO_ACTION_',
  'SFTPGO_AUTHD_',
  'SFTPGO_LOGIND_',
  'SFTPGO_CONNECTION_',
  'SFTPGO_PROVIDER_',
  'SFTPGO_PLUGIN_',
];

/** One value to set at a key path, from a flat source (environment, envfile, properties). */
export interface Assignment {
  /** Lowercase key segments; list indexes are digit segments. */
  readonly path: readonly string[];
  readonly value: string;
  readonly origin: SourceOrigin;
}

/** How an environment variable name relates to the configuration. */
export type EnvNameKind =
  | { readonly kind: 'config'; readonly path: readonly string[] }
  | { readonly kind: 'not-ours' }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'unknown' };

/**
 * Classifies a variable name: `SFTPGO_SFTPD__BINDINGS__0__PORT` is the key
 * `sftpd.bindings.0.port` (`__` between levels, names case-insensitive); names without the
 * prefix are not ours; known non-configuration names are ignored; the rest are unknown.
 */
export function classifyEnvName(name: string): EnvNameKind {
  if (!name.startsWith(envPrefix)) return { kind: 'not-ours' };
  if (nonConfigEnvNames.includes(name) || nonConfigEnvPrefixes.some((prefix) => name.startsWith(prefix))) {
    return { kind: 'ignored' };
  }
  const path = name.slice(envPrefix.length).toLowerCase().split('__');
  const section = path[0]!;
  if (path.some((segment) => segment === '') || !Object.hasOwn(configSchema.fields, section)) {
    return { kind: 'unknown' };
  }
  return { kind: 'config', path };
}
