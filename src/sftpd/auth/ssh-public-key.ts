/**
 * SSH public keys in wire form (RFC 4253 §6.6, RFC 5656, RFC 8709) turned into Node key objects, and
 * SSH signatures (RFC 4253, RFC 8332, RFC 5656 §3.1.2) checked with them. Certificates embed keys in
 * the same field layout, so they use these readers too.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SshKeyError } from './errors.js';
import { SshWireReader, sshString } from './ssh-wire.js';

/** A public key: its SSH type name, its wire blob and the key object that verifies with it. */
export interface SshPublicKey {
  readonly type: string;
  /** The key in wire form (`string type` then the key's fields). */
  readonly blob: Buffer;
  readonly key: KeyObject;
}

/** The ECDSA curves: JWK name, coordinate size and the hash their signatures use. */
const EC_CURVES: Readonly<Record<string, { crv: string; size: number; hash: string }>> = {
  nistp256: { crv: 'P-256', size: 32, hash: 'sha256' },
  nistp384: { crv: 'P-384', size: 48, hash: 'sha384' },
  nistp521: { crv: 'P-521', size: 66, hash: 'sha512' },
};

/** RSA signature algorithms and their hash. */
const RSA_HASHES: Readonly<Record<string, string>> = {
  'rsa-sha2-256': 'sha256',
  'rsa-sha2-512': 'sha512',
  'ssh-rsa': 'sha1',
};

/** An unsigned big-endian integer without its leading zero bytes (an mpint's sign byte included). */
function unsigned(mpint: Buffer): Buffer {
  let start = 0;
  while (start < mpint.length - 1 && mpint[start] === 0) start++;
  return mpint.subarray(start);
}

function jwkKey(jwk: Record<string, string>, type: string): KeyObject {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch (err) {
    throw new SshKeyError('malformed', `invalid ${type} public key`, { cause: err });
  }
}

function ecCurve(type: string): { name: string; crv: string; size: number; hash: string } | undefined {
  const name = type.startsWith('ecdsa-sha2-') ? type.slice('ecdsa-sha2-'.length) : '';
  const curve = EC_CURVES[name];
  return curve && { name, ...curve };
}

/**
 * Reads the fields of a key of `type` (what follows the type name in its blob).
 * @throws {SshKeyError} `unsupported_key` for another type (DSA, security keys), `malformed` otherwise.
 */
export function readKeyFields(type: string, reader: SshWireReader): SshPublicKey {
  const start = reader.position;
  let key: KeyObject;
  if (type === 'ssh-ed25519') {
    const pk = reader.bytes('ed25519 key');
    if (pk.length !== 32) throw new SshKeyError('malformed', 'ed25519 key must be 32 bytes');
    key = jwkKey({ kty: 'OKP', crv: 'Ed25519', x: pk.toString('base64url') }, type);
  } else if (type === 'ssh-rsa') {
    const e = unsigned(reader.bytes('RSA exponent'));
    const n = unsigned(reader.bytes('RSA modulus'));
    key = jwkKey({ kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url') }, type);
  } else {
    const curve = ecCurve(type);
    if (curve === undefined) throw new SshKeyError('unsupported_key', `unsupported key type ${type}`);
    if (reader.text('curve name') !== curve.name) {
      throw new SshKeyError('malformed', `${type} key names another curve`);
    }
    const point = reader.bytes('EC point');
    if (point.length !== 1 + 2 * curve.size || point[0] !== 4) {
      throw new SshKeyError('malformed', `${type} key is not an uncompressed point`);
    }
    const x = point.subarray(1, 1 + curve.size).toString('base64url');
    const y = point.subarray(1 + curve.size).toString('base64url');
    key = jwkKey({ kty: 'EC', crv: curve.crv, x, y }, type);
  }
  return { type, blob: Buffer.concat([sshString(type), reader.since(start)]), key };
}

/**
 * Parses a plain public key blob.
 * @throws {SshKeyError} for an unsupported type or a malformed blob.
 */
export function parsePublicKey(blob: Buffer): SshPublicKey {
  const reader = new SshWireReader(blob);
  const parsed = readKeyFields(reader.text('key type'), reader);
  if (!reader.done) throw new SshKeyError('malformed', 'trailing bytes after the public key');
  return parsed;
}

/** The signature algorithms a key type signs with. */
export function signatureAlgorithmsOf(keyType: string): readonly string[] {
  return keyType === 'ssh-rsa' ? Object.keys(RSA_HASHES) : [keyType];
}

/** An ECDSA signature's `r` and `s` as the fixed-size concatenation Node verifies (IEEE P1363). */
function ecdsaP1363(signature: Buffer, size: number): Buffer | undefined {
  const reader = new SshWireReader(signature);
  const parts = [unsigned(reader.bytes('ECDSA r')), unsigned(reader.bytes('ECDSA s'))];
  if (!reader.done || parts.some((p) => p.length > size)) return undefined;
  return Buffer.concat(parts.map((p) => Buffer.concat([Buffer.alloc(size - p.length), p])));
}

/** A signature blob's parts: `string algorithm`, `string signature`. */
export interface SshSignature {
  readonly algorithm: string;
  readonly bytes: Buffer;
}

/** @throws {SshKeyError} (`malformed`) when the blob is not an SSH signature. */
export function parseSignature(blob: Buffer): SshSignature {
  const reader = new SshWireReader(blob);
  const algorithm = reader.text('signature algorithm');
  const bytes = reader.bytes('signature');
  if (!reader.done) throw new SshKeyError('malformed', 'trailing bytes after the signature');
  return { algorithm, bytes };
}

/**
 * Whether `signature` is `publicKey`'s valid signature of `data`, made with an algorithm of that key's
 * type (an RSA key signs with `rsa-sha2-256`, `rsa-sha2-512` or `ssh-rsa`). Never throws.
 */
export function verifySignature(publicKey: SshPublicKey, data: Buffer, signature: SshSignature): boolean {
  const { algorithm, bytes } = signature;
  if (!signatureAlgorithmsOf(publicKey.type).includes(algorithm)) return false;
  try {
    if (publicKey.type === 'ssh-ed25519') return verify(null, data, publicKey.key, bytes);
    if (publicKey.type === 'ssh-rsa') {
      // RFC 8332 §3 allows signatures shorter than the modulus; OpenSSL wants them padded.
      const size = Math.ceil((publicKey.key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
      const padded = bytes.length < size ? Buffer.concat([Buffer.alloc(size - bytes.length), bytes]) : bytes;
      return verify(RSA_HASHES[algorithm] ?? '', data, publicKey.key, padded);
    }
    const curve = ecCurve(publicKey.type);
    const p1363 = curve && ecdsaP1363(bytes, curve.size);
    if (!curve || !p1363) return false;
    return verify(curve.hash, data, { key: publicKey.key, dsaEncoding: 'ieee-p1363' }, p1363);
  } catch {
    return false;
  }
}

/** OpenSSH's SHA256 fingerprint of a key blob: `SHA256:` and the unpadded base64 digest. */
export function fingerprintSHA256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
