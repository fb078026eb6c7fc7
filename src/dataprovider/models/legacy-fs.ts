/**
 * The flat storage fields of SFTPGo 0.9/1.x user JSON (`fs_provider`, `s3_bucket`, `gcs_credentials`…),
 * accepted at the top level of a user and moved into `filesystem`. Values given in `filesystem` itself
 * win over the flat ones.
 */
import { plainSecret, secretToJSON } from '../../kms/secret.js';
import { FS_PROVIDERS } from './filesystem.js';
import { ObjectReader } from './reader.js';
import { ValidationError } from './validation-error.js';

const S3_STRINGS: Readonly<Record<string, string>> = {
  s3_bucket: 'bucket',
  s3_region: 'region',
  s3_access_key: 'access_key',
  s3_endpoint: 'endpoint',
  s3_storage_class: 'storage_class',
  s3_key_prefix: 'key_prefix',
};

const GCS_STRINGS: Readonly<Record<string, string>> = {
  gcs_bucket: 'bucket',
  gcs_storage_class: 'storage_class',
  gcs_key_prefix: 'key_prefix',
};

const PROVIDER_NAMES: Readonly<Record<string, number>> = { local: 0, s3: 1, gcs: 2 };

/** Every legacy flat field this module understands. */
export const LEGACY_FS_FIELDS: readonly string[] = [
  'fs_provider',
  ...Object.keys(S3_STRINGS),
  's3_access_secret',
  ...Object.keys(GCS_STRINGS),
  'gcs_credentials',
  'gcs_automatic_credentials',
];

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function legacySecret(root: ObjectReader, key: string, decode: (value: string) => string): unknown {
  const value = root.string(key);
  // 1.x stored secrets encrypted with its own scheme; only the clear value can be brought over.
  if (value.startsWith('$aes$')) {
    throw new ValidationError(
      root.field(key),
      'secrets encrypted by SFTPGo 1.x cannot be imported, send the clear value',
    );
  }
  return secretToJSON(plainSecret(decode(value)));
}

// 0.9.x sent GCS credentials base64 encoded; later versions send the JSON itself.
function decodeCredentials(value: string): string {
  return value !== '' && BASE64.test(value) ? Buffer.from(value, 'base64').toString('utf8') : value;
}

function readProvider(root: ObjectReader, hasS3: boolean, hasGCS: boolean): number {
  const raw = root.raw('fs_provider');
  if (typeof raw === 'string' && raw.toLowerCase() in PROVIDER_NAMES)
    return PROVIDER_NAMES[raw.toLowerCase()] as number;
  if (typeof raw === 'number') return root.int('fs_provider');
  if (raw !== undefined && raw !== null) {
    throw new ValidationError(root.field('fs_provider'), 'must be 0, 1, 2, "local", "s3" or "gcs"');
  }
  if (hasS3 && hasGCS) {
    throw new ValidationError(
      root.field('fs_provider'),
      'both S3 and GCS fields are present, set fs_provider',
    );
  }
  if (hasS3) return FS_PROVIDERS.s3;
  return hasGCS ? FS_PROVIDERS.gcs : FS_PROVIDERS.local;
}

function collect(root: ObjectReader, fields: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [legacy, key] of Object.entries(fields)) {
    if (root.has(legacy)) out[key] = root.string(legacy);
  }
  return out;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

// The given settings win; a given value of the wrong type is kept so that reading reports it.
function mergeSection(legacy: Record<string, unknown>, given: unknown): unknown {
  if (given === undefined || given === null) return legacy;
  const object = asObject(given);
  return object === undefined ? given : { ...legacy, ...object };
}

/**
 * A reader over the user input with the legacy flat fields moved into `filesystem`; the same reader when
 * there are none.
 * @throws {ValidationError} naming a legacy field with a wrong type or value.
 */
export function withLegacyFilesystem(root: ObjectReader): ObjectReader {
  if (!LEGACY_FS_FIELDS.some((key) => root.has(key))) return root;
  const s3: Record<string, unknown> = collect(root, S3_STRINGS);
  const gcs: Record<string, unknown> = collect(root, GCS_STRINGS);
  if (root.has('s3_access_secret')) s3.access_secret = legacySecret(root, 's3_access_secret', (v) => v);
  if (root.has('gcs_credentials')) gcs.credentials = legacySecret(root, 'gcs_credentials', decodeCredentials);
  if (root.has('gcs_automatic_credentials'))
    gcs.automatic_credentials = root.int('gcs_automatic_credentials');
  const provider = readProvider(root, Object.keys(s3).length > 0, Object.keys(gcs).length > 0);
  const entries = root.entries();
  const given = entries.filesystem;
  const givenObject = asObject(given);
  if (given !== undefined && given !== null && givenObject === undefined) return root; // reported when read
  entries.filesystem = {
    provider,
    ...givenObject,
    s3config: mergeSection(s3, givenObject?.s3config),
    gcsconfig: mergeSection(gcs, givenObject?.gcsconfig),
  };
  return ObjectReader.root(entries, 'a user');
}
