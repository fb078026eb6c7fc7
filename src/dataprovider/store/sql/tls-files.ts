/**
 * Loading of the certificate files named by `root_cert`, `client_cert` and `client_key`.
 */
import { readFile } from 'node:fs/promises';
import { resolveConfigPath } from '../config.js';
import { StoreConfigError } from '../errors.js';

/** Paths of the TLS files, as configured. */
export interface TlsPaths {
  readonly rootCert?: string | undefined;
  readonly clientCert?: string | undefined;
  readonly clientKey?: string | undefined;
}

/** The loaded files, ready for `tls.connect` options. */
export interface TlsMaterial {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

async function load(configDir: string, key: string, path: string | undefined): Promise<Buffer | undefined> {
  if (!path) return undefined;
  const full = resolveConfigPath(configDir, path);
  try {
    return await readFile(full);
  } catch (err) {
    throw new StoreConfigError(`cannot read data_provider.${key} "${full}"`, { cause: err });
  }
}

/**
 * Reads the configured files. The client certificate is used only when both it and its key
 * are set, as SFTPGo does.
 * @throws {@link StoreConfigError} naming the key whose file cannot be read.
 */
export async function loadTlsMaterial(paths: TlsPaths, configDir: string): Promise<TlsMaterial> {
  const ca = await load(configDir, 'root_cert', paths.rootCert);
  const pair = Boolean(paths.clientCert && paths.clientKey);
  const cert = pair ? await load(configDir, 'client_cert', paths.clientCert) : undefined;
  const key = pair ? await load(configDir, 'client_key', paths.clientKey) : undefined;
  return { ...(ca && { ca }), ...(cert && { cert }), ...(key && { key }) };
}
