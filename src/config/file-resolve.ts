import { stat } from 'node:fs/promises';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, ConfigErrorCode } from './errors.js';

/** The config file formats. */
export type ConfigFormat = 'json' | 'yaml' | 'toml' | 'hcl' | 'envfile' | 'properties';

/** File extensions (lowercase, without the dot) and their format. */
export const formatByExtension: Readonly<Record<string, ConfigFormat>> = {
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  hcl: 'hcl',
  env: 'envfile',
  dotenv: 'envfile',
  properties: 'properties',
  props: 'properties',
  prop: 'properties',
};

/** The extensions tried, in this order, for a config file name given without one. */
export const searchExtensions: readonly string[] = [
  'json',
  'yaml',
  'yml',
  'toml',
  'hcl',
  'env',
  'properties',
];

/** The name looked for when no config file is given. */
export const defaultConfigName = 'sftpgo';

/** A config file found on disk. */
export interface ConfigFileRef {
  /** Absolute path. */
  readonly path: string;
  readonly format: ConfigFormat;
}

/**
 * Finds the config file. A name without extension (default `sftpgo`) is looked for in the config
 * dir with each of {@link searchExtensions} in turn, and finding none is not an error (the
 * defaults apply). A name with a supported extension is a path, absolute or relative to the
 * config dir, and must exist.
 * @throws ConfigError CONFIG_UNSUPPORTED_FORMAT for another extension, CONFIG_FILE_NOT_FOUND when
 * a file named with its extension is missing, CONFIG_FILE_READ when it is not a readable file
 */
export async function findConfigFile(
  configDir: string,
  configFile?: string,
): Promise<ConfigFileRef | undefined> {
  const name = configFile === undefined || configFile === '' ? defaultConfigName : configFile;
  const base = resolve(isAbsolute(name) ? name : join(configDir, name));
  const extension = extname(name).slice(1);
  if (extension === '') {
    for (const candidate of searchExtensions) {
      const path = `${base}.${candidate}`;
      if ((await fileKind(path)) === 'file') return { path, format: formatByExtension[candidate]! };
    }
    return undefined;
  }
  const format = formatByExtension[extension.toLowerCase()];
  if (format === undefined) {
    throw new ConfigError(
      `Unsupported config file format "${extension}" for ${base}: use one of ${Object.keys(formatByExtension).join(', ')}, or give a name without extension`,
      {
        code: ConfigErrorCode.UnsupportedFormat,
        file: base,
        value: extension,
        allowed: Object.keys(formatByExtension).join(', '),
      },
    );
  }
  const kind = await fileKind(base);
  if (kind === 'missing') {
    throw new ConfigError(`Config file ${base} does not exist`, {
      code: ConfigErrorCode.FileNotFound,
      file: base,
    });
  }
  if (kind !== 'file') {
    throw new ConfigError(`Config file ${base} is not a regular file`, {
      code: ConfigErrorCode.FileRead,
      file: base,
    });
  }
  return { path: base, format };
}

async function fileKind(path: string): Promise<'file' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isFile() ? 'file' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`, {
      code: ConfigErrorCode.FileRead,
      file: path,
      cause: error,
    });
  }
}
