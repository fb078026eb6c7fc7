import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidTokenError, TokenSigner, newTokenId } from '../../../src/httpd/auth/jwt.js';
import type { ApiTokenClaims } from '../../../src/httpd/auth/jwt.js';
import { RevokedTokens } from '../../../src/httpd/auth/revoked-tokens.js';

const now = 1_800_000_000;
const claims = (over: Partial<ApiTokenClaims> = {}): ApiTokenClaims => ({
  aud: ['API', '127.0.0.1'],
  username: 'root',
  permissions: ['*'],
  jti: newTokenId(),
  iat: now,
  nbf: now,
  exp: now + 1200,
  ...over,
});

test('a signed token verifies with the same key and keeps its claims', () => {
  const signer = new TokenSigner('passphrase');
  const c = claims();
  assert.deepEqual(signer.verify(signer.sign(c), now + 10), c);
  assert.deepEqual(new TokenSigner('passphrase').verify(signer.sign(c), now), c, 'same passphrase, same key');
});

test('tampered, foreign, expired, early and malformed tokens are refused', () => {
  const signer = new TokenSigner('passphrase');
  const token = signer.sign(claims());
  const [h, p, s] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...claims(), permissions: ['*', 'more'] })).toString(
    'base64url',
  );
  const cases: [string, string, number][] = [
    ['payload changed', `${h}.${forged}.${s}`, now],
    ['other key', new TokenSigner('other').sign(claims()), now],
    ['random key', new TokenSigner('').sign(claims()), now],
    ['expired', token, now + 1200],
    ['not yet valid', signer.sign(claims({ nbf: now + 3600 })), now],
    ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`, now],
    ['two parts', `${h}.${p}`, now],
    ['too long', 'a'.repeat(10_000), now],
  ];
  for (const [what, value, at] of cases) {
    assert.throws(() => signer.verify(value, at), InvalidTokenError, what);
  }
});

test('revoked token ids stay revoked until they expire, within a bound', () => {
  const revoked = new RevokedTokens(2);
  revoked.revoke('a', now + 10, now);
  assert.equal(revoked.isRevoked('a'), true);
  revoked.revoke('b', now + 100, now + 20);
  assert.equal(revoked.isRevoked('a'), false, 'expired entries are pruned');
  revoked.revoke('c', now + 50, now + 20);
  revoked.revoke('d', now + 200, now + 20);
  assert.equal(revoked.isRevoked('c'), false, 'when full, the entry closest to expiry goes');
  assert.equal(revoked.isRevoked('b'), true);
  assert.equal(revoked.isRevoked('d'), true);
});
