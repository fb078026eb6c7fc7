/** Settings of the encrypted local filesystem (provider 4). */
import type { Secret } from '../../kms/secret.js';
import type { OSFsConfig } from './fs-os.js';
import { OS_FS_SPEC, validateOSFsConfig } from './fs-os.js';
import type { RecordSpec } from './record.js';
import { checkRequiredSecret } from './secret-checks.js';
import { childField } from './validation-error.js';

/** Encrypted local filesystem settings: the local ones plus the passphrase files are encrypted with. */
export interface CryptFsConfig extends OSFsConfig {
  /** Master passphrase the per-file keys are derived from; required. */
  passphrase: Secret;
}

/** JSON layout of {@link CryptFsConfig}. */
export const CRYPT_FS_SPEC: RecordSpec<CryptFsConfig> = { ...OS_FS_SPEC, passphrase: 'secret' };

/** @throws {ValidationError} when the passphrase is missing or malformed or a buffer size is out of range. */
export function validateCryptFsConfig(config: CryptFsConfig, field: string): void {
  checkRequiredSecret(config.passphrase, childField(field, 'passphrase'), 'the passphrase');
  validateOSFsConfig(config, field);
}
