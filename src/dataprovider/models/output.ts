/** Options shared by the functions that write models as JSON. */
import { hideSecret, redactSecret, secretToJSON } from '../../kms/secret.js';
import type { SecretWriter } from './record.js';

/** Options for writing models as JSON. */
export interface ToJSONOptions {
  /**
   * True for a dump (`dumpdata`, backups): everything is written, password hashes and secrets included.
   * False for REST API output: password hashes and API key hashes are left out, and secrets lose the key
   * and additional data needed to decrypt them (status and ciphertext stay), as SFTPGo does.
   */
  readonly forDump: boolean;
  /** Write every non-empty secret as `{"status":"Redacted"}`, with no ciphertext at all. */
  readonly redactSecrets?: boolean;
}

/** How secrets are written for the given options. */
export function secretWriter(options: ToJSONOptions): SecretWriter {
  if (options.redactSecrets === true) return (secret) => secretToJSON(redactSecret(secret));
  if (options.forDump) return secretToJSON;
  return (secret) => secretToJSON(hideSecret(secret));
}
