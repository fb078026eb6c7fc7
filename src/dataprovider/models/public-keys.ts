/** SSH public keys of a user, in OpenSSH `authorized_keys` format. */
import { unique } from './checks.js';
import { ValidationError, itemField } from './validation-error.js';

const KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'sk-ssh-ed25519@openssh.com',
  'ssh-rsa-cert-v01@openssh.com',
  'ssh-dss-cert-v01@openssh.com',
  'ssh-ed25519-cert-v01@openssh.com',
  'ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521-cert-v01@openssh.com',
  'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'sk-ssh-ed25519-cert-v01@openssh.com',
]);

const MIN_RSA_BITS = 2048;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Splits an authorized_keys line on white space, keeping double-quoted option values together. */
function splitFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === ' ' || c === '\t')) {
      if (current !== '') fields.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current !== '') fields.push(current);
  return fields;
}

/** Reads an SSH wire-format string (uint32 length + bytes); `undefined` when truncated. */
function readWireString(blob: Buffer, offset: number): { value: Buffer; next: number } | undefined {
  if (offset + 4 > blob.length) return undefined;
  const length = blob.readUInt32BE(offset);
  const next = offset + 4 + length;
  if (next > blob.length) return undefined;
  return { value: blob.subarray(offset + 4, next), next };
}

function bitLength(mpint: Buffer): number {
  let i = 0;
  while (i < mpint.length && mpint[i] === 0) i++;
  if (i === mpint.length) return 0;
  return (mpint.length - i - 1) * 8 + (mpint[i] as number).toString(2).length;
}

function keyDataProblem(type: string, blob: Buffer): string | undefined {
  const name = readWireString(blob, 0);
  if (name === undefined || name.value.toString('latin1') !== type)
    return 'the key data does not match its type';
  if (type === 'ssh-dss') return 'DSA keys are insecure and not accepted';
  if (type === 'ssh-rsa') {
    const exponent = readWireString(blob, name.next);
    const modulus = exponent && readWireString(blob, exponent.next);
    if (modulus === undefined) return 'the RSA key data is truncated';
    const bits = bitLength(modulus.value);
    if (bits < MIN_RSA_BITS) return `RSA keys must have at least ${MIN_RSA_BITS} bits, this one has ${bits}`;
  }
  return undefined;
}

/**
 * Why an `authorized_keys` line cannot be used, or `undefined` when it can: options may precede the key
 * type; DSA keys and RSA keys under 2048 bits are refused, as SFTPGo does.
 */
export function publicKeyProblem(line: string): string | undefined {
  const fields = splitFields(line.trim());
  // The key type comes first, or second after an options field.
  for (let i = 0; i < Math.min(2, fields.length - 1); i++) {
    const type = fields[i] as string;
    if (!KEY_TYPES.has(type)) continue;
    const data = fields[i + 1] as string;
    if (!BASE64.test(data)) return 'the key data is not valid base64';
    return keyDataProblem(type, Buffer.from(data, 'base64'));
  }
  return 'not a public key in OpenSSH authorized_keys format';
}

/**
 * Checks public keys, drops empty entries and duplicates.
 * @throws {ValidationError} naming the first unusable key (`public_keys[i]`).
 */
export function validatePublicKeys(keys: readonly string[], field: string): string[] {
  keys.forEach((key, index) => {
    if (key === '') return;
    const problem = publicKeyProblem(key);
    if (problem !== undefined) throw new ValidationError(itemField(field, index), problem);
  });
  return unique(keys.filter((key) => key !== ''));
}
