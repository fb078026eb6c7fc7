/** Settings of the S3-compatible object storage filesystem (provider 1). */
import type { Secret } from '../../kms/secret.js';
import { isSecretEmpty } from '../../kms/secret.js';
import { checkRange } from './checks.js';
import { normalizeKeyPrefix } from './key-prefix.js';
import type { RecordSpec } from './record.js';
import { checkOptionalSecret } from './secret-checks.js';
import { ValidationError, childField } from './validation-error.js';

/** S3-compatible object storage settings. */
export interface S3Config {
  bucket: string;
  /** Only objects under this prefix are visible; normalised to `dir/sub/`. Empty: the whole bucket. */
  key_prefix: string;
  /** Required unless `endpoint` is set. */
  region: string;
  access_key: string;
  /** Optional IAM role to assume. */
  role_arn: string;
  /** Optional STS session token. */
  session_token: string;
  /** Endpoint of an S3-compatible service other than AWS. */
  endpoint: string;
  storage_class: string;
  /** Canned ACL for uploaded objects; empty for the bucket's default. */
  acl: string;
  /** Multipart upload part size in MB: 0 (SDK default) or 5..2000. */
  upload_part_size: number;
  /** Parts uploaded in parallel: 0 (default) or up to 64. */
  upload_concurrency: number;
  /** Multipart download part size in MB: 0 (SDK default) or 5..2000. */
  download_part_size: number;
  /** Seconds allowed to upload one part; 0 means no limit. */
  upload_part_max_time: number;
  /** Parts downloaded in parallel: 0 (default) or up to 64. */
  download_concurrency: number;
  /** Seconds allowed to download one part; 0 means no limit. */
  download_part_max_time: number;
  /** Use path-style addressing (`http://host/BUCKET/KEY`). */
  force_path_style: boolean;
  /** Accept any TLS certificate from the endpoint (testing only). */
  skip_tls_verify: boolean;
  /** Required when `access_key` is set, and the other way round. */
  access_secret: Secret;
  /** Customer-provided key for server-side encryption (SSE-C). */
  sse_customer_key: Secret;
}

/** JSON layout of {@link S3Config}. */
export const S3_SPEC: RecordSpec<S3Config> = {
  bucket: 'string',
  key_prefix: 'string',
  region: 'string',
  access_key: 'string',
  role_arn: 'string',
  session_token: 'string',
  endpoint: 'string',
  storage_class: 'string',
  acl: 'string',
  upload_part_size: 'int',
  upload_concurrency: 'int',
  download_part_size: 'int',
  upload_part_max_time: 'int',
  download_concurrency: 'int',
  download_part_max_time: 'int',
  force_path_style: 'bool',
  skip_tls_verify: 'bool',
  access_secret: 'secret',
  sse_customer_key: 'secret',
};

const MAX_PART_SIZE_MB = 2000;
const MIN_PART_SIZE_MB = 5;
const MAX_CONCURRENCY = 64;

function checkPartSize(value: number, field: string): void {
  if (value !== 0) checkRange(value, field, { min: MIN_PART_SIZE_MB, max: MAX_PART_SIZE_MB });
}

/**
 * Normalises (key prefix, trimmed storage class and ACL) and checks S3 settings in place.
 * @throws {ValidationError} naming the offending field under `field`.
 */
export function validateS3Config(config: S3Config, field: string): void {
  const f = (key: keyof S3Config): string => childField(field, key);
  if (config.bucket === '') throw new ValidationError(f('bucket'), 'the bucket is required');
  if (config.endpoint === '' && config.region === '') {
    throw new ValidationError(f('region'), 'the region is required when no endpoint is set');
  }
  if (config.access_key === '' && !isSecretEmpty(config.access_secret)) {
    throw new ValidationError(f('access_key'), 'the access key is required when an access secret is set');
  }
  if (config.access_key !== '' && isSecretEmpty(config.access_secret)) {
    throw new ValidationError(f('access_secret'), 'the access secret is required when an access key is set');
  }
  checkOptionalSecret(config.access_secret, f('access_secret'));
  checkOptionalSecret(config.sse_customer_key, f('sse_customer_key'));
  config.key_prefix = normalizeKeyPrefix(config.key_prefix, f('key_prefix'));
  config.storage_class = config.storage_class.trim();
  config.acl = config.acl.trim();
  checkPartSize(config.upload_part_size, f('upload_part_size'));
  checkRange(config.upload_concurrency, f('upload_concurrency'), { min: 0, max: MAX_CONCURRENCY });
  checkPartSize(config.download_part_size, f('download_part_size'));
  checkRange(config.download_concurrency, f('download_concurrency'), { min: 0, max: MAX_CONCURRENCY });
}
