/** The object-storage key prefix (S3, GCS, Azure Blob): a "chroot" inside the bucket. */
import { cleanSlashPath } from './paths.js';
import { ValidationError } from './validation-error.js';

/**
 * Normalises a key prefix: no leading "/", a trailing "/", `.`/`..` resolved. Empty stays empty (the
 * whole bucket).
 * @throws {ValidationError} when a non-empty prefix resolves to the bucket root.
 */
export function normalizeKeyPrefix(keyPrefix: string, field: string): string {
  if (keyPrefix === '') return '';
  const cleaned = cleanSlashPath(`/${keyPrefix}`).slice(1);
  if (cleaned === '') throw new ValidationError(field, 'the key prefix cannot point to the storage root');
  return `${cleaned}/`;
}
