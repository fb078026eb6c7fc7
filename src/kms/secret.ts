/**
 * The JSON shape SFTPGo uses for stored secrets (S3 access secrets, remote SFTP passwords, TOTP
 * secrets…): `{ status, payload, key, additional_data, mode }`. A secret sent by a client in clear text
 * has status `Plain`; once stored it carries the status of the service that encrypted it. `Redacted`
 * stands for "keep the value already stored". Encryption itself lives elsewhere: this module only
 * describes, checks and transforms the shape.
 */

/** Every status a secret may have, as SFTPGo writes them. */
export const SECRET_STATUSES = [
  'Plain',
  'AES-256-GCM',
  'Secretbox',
  'GCP',
  'AWS',
  'VaultTransit',
  'AzureKeyVault',
  'OracleKeyVault',
  'Redacted',
] as const;

/** A secret's status; see {@link SECRET_STATUSES}. */
export type SecretStatus = (typeof SECRET_STATUSES)[number];

/** A secret. The empty secret has every field empty (status `''`). */
export interface Secret {
  status: SecretStatus | '';
  /** Clear text when `Plain`, the ciphertext when encrypted. */
  payload: string;
  /** The encrypted data key, for the statuses that use one. */
  key: string;
  /** Authenticated data bound to the ciphertext (SFTPGo uses the owner's name). */
  additional_data: string;
  /** 1 means encrypted using a master key. */
  mode: number;
}

/** The JSON form of a secret: empty fields are left out, so the empty secret is `{}`. */
export type SecretJSON = Partial<Secret>;

/** Thrown by {@link parseSecret} when a value does not have the shape of a secret. */
export class SecretFormatError extends Error {
  override readonly name = 'SecretFormatError';
  readonly code = 'ERR_KMS_SECRET_FORMAT';
  /** The offending property (`status`, `payload`…), or `''` when the value itself is not an object. */
  readonly property: string;

  constructor(property: string, message: string) {
    super(message);
    this.property = property;
  }
}

// Encrypted with a per-secret data key that SFTPGo always writes as 64 hex characters.
const STATUSES_WITH_KEY: readonly string[] = ['AES-256-GCM', 'Secretbox'];
// Cloud services may or may not use a local data key; when they do it has the same length.
const STATUSES_WITH_OPTIONAL_KEY: readonly string[] = ['AWS', 'GCP', 'VaultTransit'];
const DATA_KEY_LENGTH = 64;

/** A new empty secret. */
export function emptySecret(): Secret {
  return { status: '', payload: '', key: '', additional_data: '', mode: 0 };
}

/** A new clear-text secret; the payload is trimmed, as SFTPGo does for secrets it builds itself. */
export function plainSecret(payload: string): Secret {
  return { ...emptySecret(), status: 'Plain', payload: payload.trim() };
}

function isStatus(value: string): value is SecretStatus {
  return (SECRET_STATUSES as readonly string[]).includes(value);
}

function readString(obj: Record<string, unknown>, property: string): string {
  const value = obj[property];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new SecretFormatError(property, `${property} must be a string`);
  return value;
}

/**
 * Reads a secret from parsed JSON. `undefined` and `null` give the empty secret; missing properties are
 * empty; unknown properties are ignored.
 *
 * @throws {SecretFormatError} when the value is not an object, a property has the wrong type or the
 * status is not one of {@link SECRET_STATUSES}.
 */
export function parseSecret(input: unknown): Secret {
  if (input === undefined || input === null) return emptySecret();
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new SecretFormatError('', 'a secret must be an object with status and payload');
  }
  const obj = input as Record<string, unknown>;
  const status = readString(obj, 'status');
  if (status !== '' && !isStatus(status)) {
    throw new SecretFormatError('status', `unknown secret status ${JSON.stringify(status)}`);
  }
  const mode = obj.mode ?? 0;
  if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0) {
    throw new SecretFormatError('mode', 'mode must be a non-negative integer');
  }
  return {
    status,
    payload: readString(obj, 'payload'),
    key: readString(obj, 'key'),
    additional_data: readString(obj, 'additional_data'),
    mode,
  };
}

/** True when status, payload, key and additional data are all empty (the mode is not looked at). */
export function isSecretEmpty(secret: Secret): boolean {
  return secret.status === '' && secret.payload === '' && secret.key === '' && secret.additional_data === '';
}

/** True when the secret holds clear text still to be encrypted. */
export function isSecretPlain(secret: Secret): boolean {
  return secret.status === 'Plain';
}

/** True when the secret stands for "keep the stored value". */
export function isSecretRedacted(secret: Secret): boolean {
  return secret.status === 'Redacted';
}

/** True when the secret is encrypted (its status names an encryption service). */
export function isSecretEncrypted(secret: Secret): boolean {
  return secret.status !== '' && secret.status !== 'Plain' && secret.status !== 'Redacted';
}

/** True when the secret is acceptable as input: a known status and a non-empty payload. */
export function isSecretValidInput(secret: Secret): boolean {
  return secret.status !== '' && secret.payload !== '';
}

/**
 * True when the secret is acceptable as stored data: valid input and, for the statuses that use a data
 * key, a key of the expected length.
 */
export function isSecretValid(secret: Secret): boolean {
  if (!isSecretValidInput(secret)) return false;
  if (STATUSES_WITH_KEY.includes(secret.status)) return secret.key.length === DATA_KEY_LENGTH;
  if (STATUSES_WITH_OPTIONAL_KEY.includes(secret.status)) {
    return secret.key === '' || secret.key.length === DATA_KEY_LENGTH;
  }
  return true;
}

/**
 * The secret without what is needed to decrypt it (key and additional data removed), as SFTPGo's REST
 * API returns stored secrets. Status and ciphertext stay, so a client can send the object back unchanged.
 */
export function hideSecret(secret: Secret): Secret {
  return { ...secret, key: '', additional_data: '' };
}

/**
 * The secret replaced by a `Redacted` marker with no payload or key, for output that must not carry even
 * the ciphertext. An empty secret stays empty so "no secret" and "a hidden secret" remain distinguishable.
 */
export function redactSecret(secret: Secret): Secret {
  if (isSecretEmpty(secret)) return emptySecret();
  return { ...emptySecret(), status: 'Redacted' };
}

/** The JSON form of a secret, leaving out empty fields as SFTPGo does. */
export function secretToJSON(secret: Secret): SecretJSON {
  const out: SecretJSON = {};
  if (secret.status !== '') out.status = secret.status;
  if (secret.payload !== '') out.payload = secret.payload;
  if (secret.key !== '') out.key = secret.key;
  if (secret.additional_data !== '') out.additional_data = secret.additional_data;
  if (secret.mode !== 0) out.mode = secret.mode;
  return out;
}
