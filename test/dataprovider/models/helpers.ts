// Shared fixtures for the model tests: contexts, minimal inputs, real SSH keys and an assertion for
// validation errors.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { ValidationContext } from '../../../src/dataprovider/models/index.js';
import { ValidationError } from '../../../src/dataprovider/models/index.js';

/** SFTPGo's default settings: no users base dir, naming rules 5. */
export const ctx: ValidationContext = { usersBaseDir: '', namingRules: 5 };

/** A 64 character data key, as SFTPGo writes for locally encrypted secrets. */
export const DATA_KEY = '0123456789abcdef'.repeat(4);

/** A stored (encrypted) secret as found in dumps. */
export function storedSecret(owner: string, payload = 'ciphertext'): Record<string, unknown> {
  return { status: 'AES-256-GCM', payload, key: DATA_KEY, additional_data: owner, mode: 1 };
}

/** The settings objects of a filesystem as SFTPGo writes them when none is set. */
export const EMPTY_FS_SETTINGS = {
  osconfig: {},
  s3config: {},
  gcsconfig: {},
  azblobconfig: {},
  cryptconfig: {},
  sftpconfig: {},
  httpconfig: {},
} as const;

/** The smallest valid user input, with overrides. */
export function minimalUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { username: 'alice', status: 1, home_dir: '/srv/alice', permissions: { '/': ['*'] }, ...overrides };
}

/** A valid user input with the given filters. */
export function userWithFilters(filters: Record<string, unknown>): Record<string, unknown> {
  return minimalUser({ filters });
}

/** A valid user input with the given filesystem. */
export function userWithFilesystem(filesystem: Record<string, unknown>): Record<string, unknown> {
  return minimalUser({ filesystem });
}

/** Runs `fn` expecting a ValidationError for `field`, optionally with a message matching `message`. */
export function assertInvalid(fn: () => unknown, field: string, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.equal(err.code, 'ERR_VALIDATION');
    assert.equal(err.field, field, `field of: ${err.message}`);
    if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

function wireString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function mpint(value: Buffer): Buffer {
  return wireString((value[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
}

function keyLine(type: string, parts: Buffer[], comment = 'user@host'): string {
  return `${type} ${Buffer.concat([wireString(type), ...parts]).toString('base64')} ${comment}`;
}

/** A freshly generated ed25519 public key in authorized_keys format. */
export function ed25519Key(): string {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  return keyLine('ssh-ed25519', [wireString(Buffer.from(jwk.x as string, 'base64url'))]);
}

/** A freshly generated RSA public key of the given size in authorized_keys format. */
export function rsaKey(bits: number): string {
  const jwk = generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' });
  return keyLine('ssh-rsa', [
    mpint(Buffer.from(jwk.e as string, 'base64url')),
    mpint(Buffer.from(jwk.n as string, 'base64url')),
  ]);
}

/** A DSA-typed public key line (its numbers are not a real key: only the type matters to validation). */
export function dsaKey(): string {
  const numbers = [1, 2, 3, 4].map((n) => mpint(Buffer.alloc(20, n)));
  return keyLine('ssh-dss', numbers);
}
