// SSH public keys and signatures built by hand from keys node:crypto made, so the readers are
// checked against the RFC layouts rather than against another SSH library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SshKeyError } from '../../../src/sftpd/auth/errors.js';
import { parsePublicKey, parseSignature, verifySignature } from '../../../src/sftpd/auth/ssh-public-key.js';
import { sshString } from '../../../src/sftpd/auth/ssh-wire.js';

const data = Buffer.from('data to sign');

function mpint(b64url: string): Buffer {
  const raw = Buffer.from(b64url, 'base64url');
  return sshString((raw[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
}

function blobOf(type: string, publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (type === 'ssh-ed25519')
    return Buffer.concat([sshString(type), sshString(Buffer.from(jwk.x ?? '', 'base64url'))]);
  if (type === 'ssh-rsa') return Buffer.concat([sshString(type), mpint(jwk.e ?? ''), mpint(jwk.n ?? '')]);
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x ?? '', 'base64url'),
    Buffer.from(jwk.y ?? '', 'base64url'),
  ]);
  return Buffer.concat([sshString(type), sshString(type.slice('ecdsa-sha2-'.length)), sshString(point)]);
}

const cases = [
  { type: 'ssh-ed25519', algorithm: 'ssh-ed25519', pair: () => generateKeyPairSync('ed25519') },
  {
    type: 'ecdsa-sha2-nistp256',
    algorithm: 'ecdsa-sha2-nistp256',
    pair: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    hash: 'sha256',
    size: 32,
  },
  {
    type: 'ecdsa-sha2-nistp521',
    algorithm: 'ecdsa-sha2-nistp521',
    pair: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }),
    hash: 'sha512',
    size: 66,
  },
  {
    type: 'ssh-rsa',
    algorithm: 'rsa-sha2-512',
    pair: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
    hash: 'sha512',
  },
  {
    type: 'ssh-rsa',
    algorithm: 'rsa-sha2-256',
    pair: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
    hash: 'sha256',
  },
];

/** The SSH signature blob of `data` for the case's algorithm. */
function signatureBlob(c: (typeof cases)[number], privateKey: KeyObject, message = data): Buffer {
  let raw: Buffer;
  if (c.type === 'ssh-ed25519') raw = sign(null, message, privateKey);
  else if (c.type === 'ssh-rsa') raw = sign(c.hash ?? '', message, privateKey);
  else {
    const p1363 = sign(c.hash ?? '', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const size = c.size ?? 0;
    const r = p1363.subarray(0, size);
    const s = p1363.subarray(size);
    raw = Buffer.concat([mpint(r.toString('base64url')), mpint(s.toString('base64url'))]);
  }
  return Buffer.concat([sshString(c.algorithm), sshString(raw)]);
}

test('keys parse and their signatures verify; other data, keys or algorithms do not', () => {
  for (const c of cases) {
    const { publicKey, privateKey } = c.pair();
    const blob = blobOf(c.type, publicKey);
    const key = parsePublicKey(blob);
    assert.equal(key.type, c.type);
    assert.ok(key.blob.equals(blob));
    const signature = parseSignature(signatureBlob(c, privateKey));
    assert.equal(verifySignature(key, data, signature), true, c.algorithm);
    assert.equal(verifySignature(key, Buffer.from('other'), signature), false, c.algorithm);
    const stranger = parsePublicKey(blobOf(c.type, c.pair().publicKey));
    assert.equal(verifySignature(stranger, data, signature), false, c.algorithm);
    assert.equal(verifySignature(key, data, { ...signature, algorithm: 'ssh-dss' }), false);
  }
});

test('malformed and unsupported blobs are refused with a reason', () => {
  const reason = (blob: Buffer) => {
    try {
      parsePublicKey(blob);
      return 'ok';
    } catch (err) {
      assert.ok(err instanceof SshKeyError);
      return err.reason;
    }
  };
  const ed = blobOf('ssh-ed25519', generateKeyPairSync('ed25519').publicKey);
  assert.equal(reason(ed), 'ok');
  assert.equal(reason(ed.subarray(0, ed.length - 1)), 'malformed');
  assert.equal(reason(Buffer.concat([ed, Buffer.from([1])])), 'malformed');
  assert.equal(reason(Buffer.concat([sshString('ssh-dss'), sshString('x')])), 'unsupported_key');
  assert.equal(
    reason(Buffer.concat([sshString('ecdsa-sha2-nistp256'), sshString('nistp384'), sshString('x')])),
    'malformed',
  );
  // A length field larger than what follows must not read past the end.
  assert.equal(reason(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2])), 'malformed');
});
