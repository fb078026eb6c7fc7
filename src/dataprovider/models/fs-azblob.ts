/** Settings of the Azure Blob Storage filesystem (provider 3). */
import type { Secret } from '../../kms/secret.js';
import { isSecretEmpty, isSecretPlain } from '../../kms/secret.js';
import { checkOneOf, checkRange } from './checks.js';
import { normalizeKeyPrefix } from './key-prefix.js';
import type { RecordSpec } from './record.js';
import { checkOptionalSecret } from './secret-checks.js';
import { ValidationError, childField } from './validation-error.js';

/** Blob access tiers; `''` keeps the account's default. */
export const AZURE_ACCESS_TIERS = ['', 'Archive', 'Hot', 'Cool'] as const;
/** A blob access tier. */
export type AzureAccessTier = (typeof AZURE_ACCESS_TIERS)[number];

/** Azure Blob Storage settings: an account name and key, or a SAS URL. */
export interface AzureBlobFsConfig {
  /** Required unless a SAS URL is set. */
  container: string;
  /** Required unless a SAS URL is set. */
  account_name: string;
  /** Default `blob.core.windows.net`; for an emulator include the scheme (`http://127.0.0.1:10000`). */
  endpoint: string;
  /** Only blobs under this prefix are visible; normalised to `dir/sub/`. Empty: the whole container. */
  key_prefix: string;
  /** Upload block size in MB: 0..2000, 0 for the default (5). */
  upload_part_size: number;
  /** Blocks uploaded in parallel: 0..64, 0 for the default (5). */
  upload_concurrency: number;
  /** Download chunk size in MB: 0..2000, 0 for the default (5). */
  download_part_size: number;
  /** Chunks downloaded in parallel: 0..64, 0 for the default (5). */
  download_concurrency: number;
  /** Set when the endpoint is an emulator such as Azurite. */
  use_emulator: boolean;
  access_tier: AzureAccessTier;
  account_key: Secret;
  /** Shared access signature URL, instead of account name and key. */
  sas_url: Secret;
}

/** JSON layout of {@link AzureBlobFsConfig}. */
export const AZURE_BLOB_SPEC: RecordSpec<AzureBlobFsConfig> = {
  container: 'string',
  account_name: 'string',
  endpoint: 'string',
  key_prefix: 'string',
  upload_part_size: 'int',
  upload_concurrency: 'int',
  download_part_size: 'int',
  download_concurrency: 'int',
  use_emulator: 'bool',
  access_tier: 'string',
  account_key: 'secret',
  sas_url: 'secret',
};

const MAX_PART_SIZE_MB = 2000;
const MAX_CONCURRENCY = 64;

/**
 * Normalises (key prefix) and checks Azure Blob settings in place.
 * @throws {ValidationError} naming the offending field under `field`.
 */
export function validateAzureBlobConfig(config: AzureBlobFsConfig, field: string): void {
  const f = (key: keyof AzureBlobFsConfig): string => childField(field, key);
  const hasSAS = !isSecretEmpty(config.sas_url);
  if (!hasSAS && config.container === '') {
    throw new ValidationError(f('container'), 'the container is required unless a SAS URL is set');
  }
  checkOptionalSecret(config.sas_url, f('sas_url'));
  if (isSecretPlain(config.sas_url) && !URL.canParse(config.sas_url.payload)) {
    throw new ValidationError(f('sas_url'), 'the SAS URL is not a valid URL');
  }
  if (!hasSAS) {
    if (config.account_name === '') {
      throw new ValidationError(f('account_name'), 'the account name is required unless a SAS URL is set');
    }
    checkOptionalSecret(config.account_key, f('account_key'));
  }
  config.key_prefix = normalizeKeyPrefix(config.key_prefix, f('key_prefix'));
  checkRange(config.upload_part_size, f('upload_part_size'), { min: 0, max: MAX_PART_SIZE_MB });
  checkRange(config.upload_concurrency, f('upload_concurrency'), { min: 0, max: MAX_CONCURRENCY });
  checkRange(config.download_part_size, f('download_part_size'), { min: 0, max: MAX_PART_SIZE_MB });
  checkRange(config.download_concurrency, f('download_concurrency'), { min: 0, max: MAX_CONCURRENCY });
  checkOneOf(config.access_tier, AZURE_ACCESS_TIERS, f('access_tier'));
}
