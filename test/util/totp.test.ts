import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase32, hotp, matchTotp, totpStep } from '../../src/util/totp.js';

// RFC 6238 appendix B: the seeds and the 8-digit codes; authenticator apps show the last 6 digits.
const seeds = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
} as const;
const vectors: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1234567890, '89005924', '91819424', '93441116'],
  [20000000000, '65353130', '77737706', '47863826'],
];

test('hotp matches the RFC 6238 test vectors for every hash', () => {
  for (const [seconds, sha1, sha256, sha512] of vectors) {
    const step = totpStep(seconds * 1000);
    assert.equal(hotp(seeds.sha1, step, 'sha1'), sha1.slice(2));
    assert.equal(hotp(seeds.sha256, step, 'sha256'), sha256.slice(2));
    assert.equal(hotp(seeds.sha512, step, 'sha512'), sha512.slice(2));
  }
});

test('decodeBase32 reads RFC 4648 base32, case and padding ignored; refuses other characters', () => {
  assert.deepEqual(decodeBase32('JBSWY3DPEHPK3PXP'), Buffer.from('48656c6c6f21deadbeef', 'hex'));
  assert.deepEqual(decodeBase32('jbswy3dp'), Buffer.from('Hello'));
  assert.deepEqual(decodeBase32('MZXW6==='), Buffer.from('foo'));
  assert.equal(decodeBase32('MZXW1'), undefined);
});

test('matchTotp accepts one step of drift each way and nothing further', () => {
  // GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ is the base32 of the SHA-1 seed.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  const now = 1111111109 * 1000;
  const step = totpStep(now);
  const code = (s: number) => hotp(seeds.sha1, s, 'sha1');
  assert.equal(matchTotp(secret, '081804', { algorithm: 'sha1', now }), step);
  assert.equal(matchTotp(secret, code(step - 1), { algorithm: 'sha1', now }), step - 1);
  assert.equal(matchTotp(secret, code(step + 1), { algorithm: 'sha1', now }), step + 1);
  assert.equal(matchTotp(secret, code(step + 2), { algorithm: 'sha1', now }), undefined);
  assert.equal(matchTotp(secret, code(step - 1), { algorithm: 'sha1', now, skew: 0 }), undefined);
  assert.equal(matchTotp(secret, '81804', { algorithm: 'sha1', now }), undefined, 'six digits only');
  assert.equal(matchTotp('not base32!', '081804', { algorithm: 'sha1', now }), undefined);
});
