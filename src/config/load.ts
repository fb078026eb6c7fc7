import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultConfig } from './defaults.js';
import { ConfigError, ConfigErrorCode } from './errors.js';
import { findConfigFile } from './file-resolve.js';
import type { ConfigFileRef } from './file-resolve.js';
import { parseEnvFile } from './formats/envfile.js';
import { parseHcl } from './formats/hcl.js';
import { parseJson } from './formats/json.js';
import { parseProperties } from './formats/properties.js';
import { parseToml } from './formats/toml.js';
import { parseYaml } from './formats/yaml.js';
import { resolveSchemaPaths } from './paths.js';
import { configSchema } from './schema.js';
import type { SftpGoConfig } from './schema.js';
import { applyAssignments, applyTree, envAssignments, propertyAssignments } from './sources.js';
import type { ConfigWarning } from './warnings.js';

/** Where to find the configuration. */
export interface ConfigLoadOptions {
  /** Base of relative paths in the configuration, and where the config file is looked for. */
  configDir: string;
  /**
   * A name without extension, looked for in `configDir` with each supported extension
   * (default `sftpgo`), or a file name with a supported extension, absolute or relative to
   * `configDir`.
   */
  configFile?: string;
  /** The environment holding `SFTPGO_...` overrides; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The configuration in effect, and how it was obtained. */
export interface LoadedConfig {
  readonly config: SftpGoConfig;
  /** Absolute config dir. */
  readonly configDir: string;
  /** Absolute path of the file read, or undefined when none was found. */
  readonly configFilePath: string | undefined;
  /** What the caller should log (deprecated and unknown keys...). */
  readonly warnings: readonly ConfigWarning[];
}

/**
 * Loads the configuration: SFTPGo's defaults, then the config file (when found), then the
 * `SFTPGO_...` environment variables. Legacy keys are moved to their current place, every value
 * is checked against the schema, and path keys are resolved against the config dir.
 * @throws ConfigError when the file is missing (named with an extension), unreadable or
 * malformed, or when any value has the wrong type or is not accepted
 */
export async function loadConfig(options: ConfigLoadOptions): Promise<LoadedConfig> {
  const configDir = resolve(options.configDir);
  const env = options.env ?? process.env;
  const warnings: ConfigWarning[] = [];
  const config = defaultConfig();
  const file = await findConfigFile(configDir, options.configFile);
  if (file !== undefined) applyFile(config, file, await readText(file.path), env, warnings);
  const variables = Object.entries(env).map(([name, value]) => ({ name, value }));
  applyAssignments(config, envAssignments(variables, undefined, warnings), warnings);
  resolveSchemaPaths(configSchema, config, configDir);
  return { config, configDir, configFilePath: file?.path, warnings };
}

function applyFile(
  config: SftpGoConfig,
  file: ConfigFileRef,
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  warnings: ConfigWarning[],
): void {
  const origin = { file: file.path };
  switch (file.format) {
    case 'json':
      return applyTree(config, parseJson(text, file.path), origin, warnings);
    case 'yaml':
      return applyTree(config, parseYaml(text, file.path), origin, warnings);
    case 'toml':
      return applyTree(config, parseToml(text, file.path), origin, warnings);
    case 'hcl':
      return applyTree(config, parseHcl(text, file.path), origin, warnings);
    case 'envfile': {
      const entries = parseEnvFile(text, file.path, env);
      return applyAssignments(config, envAssignments(entries, file.path, warnings), warnings);
    }
    case 'properties':
      return applyAssignments(
        config,
        propertyAssignments(parseProperties(text, file.path), file.path),
        warnings,
      );
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`, {
      code: ConfigErrorCode.FileRead,
      file: path,
      cause: error,
    });
  }
}
