/**
 * Where a user's (or a folder's) files live: the `filesystem` object with a `provider` number and one
 * settings object per provider. Only the settings of the chosen provider are kept; the others are reset
 * to empty, as SFTPGo does, and are still written out as `{}`.
 */
import type { Secret } from '../../kms/secret.js';
import { checkOneOf } from './checks.js';
import type { AzureBlobFsConfig } from './fs-azblob.js';
import { AZURE_BLOB_SPEC, validateAzureBlobConfig } from './fs-azblob.js';
import type { CryptFsConfig } from './fs-crypt.js';
import { CRYPT_FS_SPEC, validateCryptFsConfig } from './fs-crypt.js';
import type { GCSConfig } from './fs-gcs.js';
import { GCS_SPEC, validateGCSConfig } from './fs-gcs.js';
import type { HTTPFsConfig } from './fs-http.js';
import { HTTP_FS_SPEC, validateHTTPFsConfig } from './fs-http.js';
import type { OSFsConfig } from './fs-os.js';
import { OS_FS_SPEC, validateOSFsConfig } from './fs-os.js';
import type { S3Config } from './fs-s3.js';
import { S3_SPEC, validateS3Config } from './fs-s3.js';
import type { SFTPFsConfig } from './fs-sftp.js';
import { SFTP_FS_SPEC, validateSFTPFsConfig } from './fs-sftp.js';
import { ObjectReader } from './reader.js';
import type { RecordSpec, SecretWriter } from './record.js';
import { readRecord, recordToJSON } from './record.js';
import { childField } from './validation-error.js';

/** Filesystem provider numbers. */
export const FS_PROVIDERS = {
  local: 0,
  s3: 1,
  gcs: 2,
  azureBlob: 3,
  /** Local files encrypted at rest. */
  crypt: 4,
  sftp: 5,
  http: 6,
} as const;

/** A filesystem provider: 0 local, 1 S3, 2 GCS, 3 Azure Blob, 4 encrypted local, 5 SFTP, 6 HTTP. */
export type FsProvider = (typeof FS_PROVIDERS)[keyof typeof FS_PROVIDERS];

/** Storage settings of a user, group or folder. */
export interface FilesystemConfig {
  provider: FsProvider;
  osconfig: OSFsConfig;
  s3config: S3Config;
  gcsconfig: GCSConfig;
  azblobconfig: AzureBlobFsConfig;
  cryptconfig: CryptFsConfig;
  sftpconfig: SFTPFsConfig;
  httpconfig: HTTPFsConfig;
}

type SettingsKey = Exclude<keyof FilesystemConfig, 'provider'>;

interface ProviderSettings<K extends SettingsKey> {
  readonly spec: RecordSpec<FilesystemConfig[K]>;
  readonly validate: (config: FilesystemConfig[K], field: string) => void;
}

const SETTINGS: { readonly [K in SettingsKey]: ProviderSettings<K> } = {
  osconfig: { spec: OS_FS_SPEC, validate: validateOSFsConfig },
  s3config: { spec: S3_SPEC, validate: validateS3Config },
  gcsconfig: { spec: GCS_SPEC, validate: validateGCSConfig },
  azblobconfig: { spec: AZURE_BLOB_SPEC, validate: validateAzureBlobConfig },
  cryptconfig: { spec: CRYPT_FS_SPEC, validate: validateCryptFsConfig },
  sftpconfig: { spec: SFTP_FS_SPEC, validate: validateSFTPFsConfig },
  httpconfig: { spec: HTTP_FS_SPEC, validate: validateHTTPFsConfig },
};

const SETTINGS_KEYS = Object.keys(SETTINGS) as SettingsKey[];

const SETTINGS_OF_PROVIDER: Readonly<Record<FsProvider, SettingsKey>> = {
  0: 'osconfig',
  1: 's3config',
  2: 'gcsconfig',
  3: 'azblobconfig',
  4: 'cryptconfig',
  5: 'sftpconfig',
  6: 'httpconfig',
};

const PROVIDER_NUMBERS = Object.values(FS_PROVIDERS);

function emptySettings<K extends SettingsKey>(key: K): FilesystemConfig[K] {
  return readRecord(ObjectReader.of(undefined, ''), SETTINGS[key].spec as RecordSpec<FilesystemConfig[K]>);
}

/** A local filesystem config with every setting empty. */
export function defaultFilesystemConfig(): FilesystemConfig {
  const config = { provider: FS_PROVIDERS.local } as FilesystemConfig;
  for (const key of SETTINGS_KEYS) Object.assign(config, { [key]: emptySettings(key) });
  return config;
}

/**
 * Reads a filesystem object checking only JSON types (the provider number is not checked yet).
 * @throws {ValidationError} when a property has the wrong JSON type.
 */
export function readFilesystem(value: unknown, field: string): FilesystemConfig {
  const reader = ObjectReader.of(value, field);
  const config = { provider: reader.int('provider') as FsProvider } as FilesystemConfig;
  for (const key of SETTINGS_KEYS) {
    Object.assign(config, {
      [key]: readRecord(reader.object(key), SETTINGS[key].spec as RecordSpec<unknown>),
    });
  }
  return config;
}

/**
 * Checks the provider and its settings (normalising them as SFTPGo does) and resets the settings of the
 * other providers, in place.
 * @throws {ValidationError} for an unknown provider (`<field>.provider`) or invalid settings.
 */
export function validateFilesystem(config: FilesystemConfig, field: string): void {
  checkOneOf(config.provider, PROVIDER_NUMBERS, childField(field, 'provider'));
  const selected = SETTINGS_OF_PROVIDER[config.provider];
  for (const key of SETTINGS_KEYS) {
    if (key !== selected) Object.assign(config, { [key]: emptySettings(key) });
  }
  const settings = SETTINGS[selected] as ProviderSettings<SettingsKey>;
  settings.validate(config[selected], childField(field, selected));
}

/**
 * Reads and validates a filesystem object.
 * @throws {ValidationError} as {@link readFilesystem} and {@link validateFilesystem}.
 */
export function parseFilesystem(value: unknown, field: string): FilesystemConfig {
  const config = readFilesystem(value, field);
  validateFilesystem(config, field);
  return config;
}

/** The secrets of the selected provider's settings, each with its field path under `field`. */
export function filesystemSecrets(config: FilesystemConfig, field: string): [string, Secret][] {
  const key = SETTINGS_OF_PROVIDER[config.provider];
  if (key === undefined) return [];
  const settings = config[key] as unknown as Record<string, unknown>;
  const spec = SETTINGS[key].spec as Record<string, string>;
  return Object.keys(spec)
    .filter((name) => spec[name] === 'secret')
    .map((name) => [childField(childField(field, key), name), settings[name] as Secret]);
}

/** The JSON form: the provider and every settings object, empty fields left out. */
export function filesystemToJSON(config: FilesystemConfig, secrets: SecretWriter): Record<string, unknown> {
  const out: Record<string, unknown> = { provider: config.provider };
  for (const key of SETTINGS_KEYS) {
    out[key] = recordToJSON(config[key], SETTINGS[key].spec as RecordSpec<unknown>, secrets);
  }
  return out;
}
