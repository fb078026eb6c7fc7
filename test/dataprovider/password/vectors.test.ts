// Hashes made by real tools (OpenSSL, htpasswd, mkpasswd, libcrypt, the argon2 CLI, Python's hashlib),
// committed in test/fixtures/password/vectors.json; make-vectors.py beside it regenerates them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  createPasswordHasher,
  defaultPasswordHashingOptions,
} from '../../../src/dataprovider/password/index.js';
import { repoRoot } from '../../helpers/paths.js';

interface Vector {
  readonly format: string;
  readonly password: string;
  readonly hash: string;
  readonly tool: string;
}

const vectors = JSON.parse(
  readFileSync(`${repoRoot}/test/fixtures/password/vectors.json`, 'utf8'),
) as readonly Vector[];

/** The password with its first code point's lowest bit flipped ('p' -> 'q', '密' -> '密'). */
function oneCharChanged(password: string): string {
  const first = password.codePointAt(0);
  if (first === undefined) return 'a';
  return String.fromCodePoint(first ^ 1) + password.slice(String.fromCodePoint(first).length);
}

function label(v: Vector): string {
  const shown =
    v.password.length > 24
      ? `${v.password.slice(0, 24)}… (${Buffer.byteLength(v.password)} bytes)`
      : v.password;
  return `${v.format} by ${v.tool}: ${JSON.stringify(shown)}`;
}

test('the fixture covers every format, UTF-8 and empty passwords', () => {
  const formats = new Set(vectors.map((v) => v.format));
  for (const format of [
    'argon2id',
    'bcrypt',
    'pbkdf2-sha1',
    'pbkdf2-sha256',
    'pbkdf2-sha512',
    'pbkdf2-b64salt-sha256',
    'md5crypt',
    'apr1',
    'sha256crypt',
    'sha512crypt',
    'digest-md5',
    'digest-sha256',
    'digest-sha512',
  ]) {
    assert.ok(formats.has(format), `no vector for ${format}`);
  }
  for (const prefix of ['$2a$', '$2b$', '$2y$', '$5$rounds=', '$6$rounds=', '$5$$', '$6$$', '$1$$']) {
    assert.ok(
      vectors.some((v) => v.hash.startsWith(prefix)),
      `no vector starting with ${prefix}`,
    );
  }
  assert.ok(vectors.some((v) => v.password === '密码'));
  assert.ok(vectors.some((v) => v.password === ''));
});

test('every tool-made hash verifies, and wrong passwords do not', async (t) => {
  const hasher = createPasswordHasher(defaultPasswordHashingOptions);
  t.after(() => hasher.close());
  const checks = vectors
    .filter((v) => v.tool !== 'SFTPGo documentation')
    .map(async (v) => {
      assert.equal(await hasher.verify(v.password, v.hash), true, `${label(v)} should verify`);
      // bcrypt never sees an extra character after 72 bytes: the last test covers that.
      if (v.format !== 'bcrypt' || Buffer.byteLength(v.password) < 72) {
        assert.equal(await hasher.verify(`${v.password}x`, v.hash), false, `${label(v)}: extra character`);
      }
      assert.equal(
        await hasher.verify(oneCharChanged(v.password), v.hash),
        false,
        `${label(v)}: one changed`,
      );
    });
  await Promise.all(checks);
});

test("the examples in SFTPGo's documentation verify", async (t) => {
  const hasher = createPasswordHasher(defaultPasswordHashingOptions);
  t.after(() => hasher.close());
  const pbkdf2 = '$pbkdf2-sha256$150000$E86a9YMX3zC7$R5J62hsSq+pYw00hLLPKBbcGXmq7fj5+/M0IFoYtZbo=';
  const bcrypt = '$2a$14$ajq8Q7fbtFRQvXpdCq7Jcuy.Rx1h/L4J60Otx.gyNLbAYctGMJ9tK';
  const [pbkdf2Ok, pbkdf2Wrong, bcryptOk, bcryptWrong] = await Promise.all([
    hasher.verify('password', pbkdf2),
    hasher.verify('Password', pbkdf2),
    hasher.verify('secret', bcrypt),
    hasher.verify('secreT', bcrypt),
  ]);
  assert.deepEqual([pbkdf2Ok, pbkdf2Wrong, bcryptOk, bcryptWrong], [true, false, true, false]);
});

test('bcrypt ignores what follows the first 72 bytes, as every implementation does', async (t) => {
  const hasher = createPasswordHasher(defaultPasswordHashingOptions);
  t.after(() => hasher.close());
  const long = vectors.filter((v) => v.format === 'bcrypt' && v.password === 'b'.repeat(90));
  assert.equal(long.length, 2, 'the fixture has the 90-byte password from mkpasswd and htpasswd');
  for (const v of long) {
    assert.equal(await hasher.verify('b'.repeat(72), v.hash), true, `${label(v)}: first 72 bytes`);
    assert.equal(await hasher.verify(`${'b'.repeat(72)}zzz`, v.hash), true, `${label(v)}: other tail`);
    assert.equal(await hasher.verify('b'.repeat(71), v.hash), false, `${label(v)}: 71 bytes`);
    assert.equal(await hasher.verify(`${'b'.repeat(71)}c`, v.hash), false, `${label(v)}: 72nd byte changed`);
  }
});
