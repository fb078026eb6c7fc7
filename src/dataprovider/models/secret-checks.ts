/** The checks SFTPGo applies to the secrets held in filesystem configs and TOTP settings. */
import type { Secret } from '../../kms/secret.js';
import { isSecretEmpty, isSecretEncrypted, isSecretValid, isSecretValidInput } from '../../kms/secret.js';
import { ValidationError } from './validation-error.js';

/**
 * Checks a secret that may be empty: an encrypted one must be complete (ciphertext and data key), any
 * other non-empty one needs a status and a payload.
 * @throws {ValidationError} naming the secret's field.
 */
export function checkOptionalSecret(secret: Secret, field: string): void {
  if (isSecretEncrypted(secret) && !isSecretValid(secret)) {
    throw new ValidationError(field, 'the encrypted secret is incomplete or malformed');
  }
  if (!isSecretEmpty(secret) && !isSecretValidInput(secret)) {
    throw new ValidationError(field, 'a secret needs a status and a non-empty payload');
  }
}

/**
 * Checks a secret that must be set, then as {@link checkOptionalSecret}.
 * @throws {ValidationError} naming the secret's field.
 */
export function checkRequiredSecret(secret: Secret, field: string, what: string): void {
  if (isSecretEmpty(secret)) throw new ValidationError(field, `${what} is required`);
  checkOptionalSecret(secret, field);
}
