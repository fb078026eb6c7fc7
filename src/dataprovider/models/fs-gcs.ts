/** Settings of the Google Cloud Storage filesystem (provider 2). */
import type { Secret } from '../../kms/secret.js';
import { emptySecret, isSecretValidInput } from '../../kms/secret.js';
import { checkOneOf } from './checks.js';
import { normalizeKeyPrefix } from './key-prefix.js';
import type { RecordSpec } from './record.js';
import { checkOptionalSecret } from './secret-checks.js';
import { ValidationError, childField } from './validation-error.js';

/** Google Cloud Storage settings. */
export interface GCSConfig {
  bucket: string;
  /** Only objects under this prefix are visible; normalised to `dir/sub/`. Empty: the whole bucket. */
  key_prefix: string;
  /** 1: find credentials with Application Default Credentials; 0: use `credentials`. */
  automatic_credentials: 0 | 1;
  storage_class: string;
  /** Predefined ACL for uploaded objects; empty for the bucket's default. */
  acl: string;
  /** Upload chunk size in MB (0: default 16; out-of-range values fall back to 0). */
  upload_part_size: number;
  /** Seconds allowed to upload one chunk (0: default 32; negative values fall back to 0). */
  upload_part_max_time: number;
  /** JSON service account credentials; required when `automatic_credentials` is 0. */
  credentials: Secret;
}

/** JSON layout of {@link GCSConfig}. */
export const GCS_SPEC: RecordSpec<GCSConfig> = {
  bucket: 'string',
  key_prefix: 'string',
  automatic_credentials: 'int',
  storage_class: 'string',
  acl: 'string',
  upload_part_size: 'int',
  upload_part_max_time: 'int',
  credentials: 'secret',
};

const MAX_PART_SIZE_MB = 2000;

/**
 * Normalises and checks GCS settings in place, as SFTPGo: credentials are dropped when automatic,
 * required otherwise; out-of-range part size and time fall back to the defaults.
 * @throws {ValidationError} naming the offending field under `field`.
 */
export function validateGCSConfig(config: GCSConfig, field: string): void {
  const f = (key: keyof GCSConfig): string => childField(field, key);
  checkOneOf(config.automatic_credentials, [0, 1], f('automatic_credentials'));
  if (config.automatic_credentials === 1) config.credentials = emptySecret();
  if (config.bucket === '') throw new ValidationError(f('bucket'), 'the bucket is required');
  config.key_prefix = normalizeKeyPrefix(config.key_prefix, f('key_prefix'));
  checkOptionalSecret(config.credentials, f('credentials'));
  if (config.automatic_credentials === 0 && !isSecretValidInput(config.credentials)) {
    throw new ValidationError(f('credentials'), 'credentials are required unless automatic_credentials is 1');
  }
  config.storage_class = config.storage_class.trim();
  config.acl = config.acl.trim();
  if (config.upload_part_size < 0 || config.upload_part_size > MAX_PART_SIZE_MB) config.upload_part_size = 0;
  if (config.upload_part_max_time < 0) config.upload_part_max_time = 0;
}
