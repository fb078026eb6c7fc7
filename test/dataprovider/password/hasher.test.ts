import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  bcryptMaxPasswordBytes,
  createPasswordHasher,
  defaultPasswordHashingOptions,
  isHashedPassword,
  maxPasswordBytes,
  PasswordFormatError,
  PasswordHasherClosedError,
  PasswordOptionsError,
  PasswordTooLongError,
  type PasswordHashingOptions,
} from '../../../src/dataprovider/password/index.js';

function options(overrides: Partial<PasswordHashingOptions>): PasswordHashingOptions {
  return { ...defaultPasswordHashingOptions, ...overrides };
}

test('argon2id hashes carry the configured options and verify', async (t) => {
  const hasher = createPasswordHasher(
    options({ algo: 'argon2id', argon2: { memory: 4096, iterations: 3, parallelism: 3 } }),
  );
  t.after(() => hasher.close());
  for (const plain of ['pässwörd', '密码', '🔑', '']) {
    const hashed = await hasher.hash(plain);
    assert.match(hashed, /^\$argon2id\$v=19\$m=4096,t=3,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.equal(await hasher.verify(plain, hashed), true);
    assert.equal(await hasher.verify(`${plain}.`, hashed), false);
    assert.equal(isHashedPassword(hashed), true);
  }
  assert.notEqual(await hasher.hash('same'), await hasher.hash('same'), 'each hash has its own salt');
});

test('the default options make SFTPGo-sized argon2id hashes', async (t) => {
  const hasher = createPasswordHasher(defaultPasswordHashingOptions);
  t.after(() => hasher.close());
  const hashed = await hasher.hash('password');
  assert.match(hashed, /^\$argon2id\$v=19\$m=65536,t=1,p=2\$/);
  assert.equal(await hasher.verify('password', hashed), true);
});

test('argon2 parallelism 0 means one lane per CPU, as in SFTPGo', async (t) => {
  const hasher = createPasswordHasher(options({ argon2: { memory: 8192, iterations: 1, parallelism: 0 } }));
  t.after(() => hasher.close());
  const lanes = Math.min(availableParallelism(), 255);
  assert.match(await hasher.hash('x'), new RegExp(`^\\$argon2id\\$v=19\\$m=8192,t=1,p=${lanes}\\$`));
});

test('bcrypt hashes are $2a$ with the configured cost and verify', async (t) => {
  const hasher = createPasswordHasher(options({ algo: 'bcrypt', bcrypt: { cost: 6 } }));
  t.after(() => hasher.close());
  for (const plain of ['pässwörd', '密码', '🔑 key', '']) {
    const hashed = await hasher.hash(plain);
    assert.match(hashed, /^\$2a\$06\$[./A-Za-z0-9]{53}$/);
    assert.equal(await hasher.verify(plain, hashed), true);
    assert.equal(await hasher.verify(`${plain}.`, hashed), false);
  }
});

test('a bcrypt cost below 4 means the default 10, as in Go', async (t) => {
  const hasher = createPasswordHasher(options({ algo: 'bcrypt', bcrypt: { cost: 0 } }));
  t.after(() => hasher.close());
  assert.match(await hasher.hash('x'), /^\$2a\$10\$/);
});

test('bcrypt refuses to hash more than 72 bytes instead of silently dropping the rest', async (t) => {
  const hasher = createPasswordHasher(options({ algo: 'bcrypt', bcrypt: { cost: 4 } }));
  t.after(() => hasher.close());
  assert.equal(bcryptMaxPasswordBytes, 72);
  await hasher.hash('ä'.repeat(36)); // exactly 72 bytes
  await assert.rejects(hasher.hash(`${'ä'.repeat(36)}a`), (error: unknown) => {
    assert.ok(error instanceof PasswordTooLongError);
    assert.equal(error.code, 'ERR_PASSWORD_TOO_LONG');
    assert.equal(error.maxBytes, 72);
    return true;
  });
});

test('passwords over the size limit are refused by hash and never match in verify', async (t) => {
  const hasher = createPasswordHasher(options({ argon2: { memory: 1024, iterations: 1, parallelism: 1 } }));
  t.after(() => hasher.close());
  const atLimit = 'x'.repeat(maxPasswordBytes);
  const hashed = await hasher.hash(atLimit);
  assert.equal(await hasher.verify(atLimit, hashed), true);
  await assert.rejects(hasher.hash(`${atLimit}x`), PasswordTooLongError);
  // With a digest, which costs nothing to compute, the refusal comes from the limit and not from a mismatch.
  const sha256 = (plain: string) => `{SHA256}${createHash('sha256').update(plain).digest('hex')}`;
  assert.equal(await hasher.verify(atLimit, sha256(atLimit)), true);
  assert.equal(await hasher.verify(`${atLimit}x`, sha256(`${atLimit}x`)), false);
});

test('an empty stored hash never verifies', async (t) => {
  const hasher = createPasswordHasher(defaultPasswordHashingOptions);
  t.after(() => hasher.close());
  assert.equal(await hasher.verify('', ''), false);
  assert.equal(await hasher.verify('password', ''), false);
});

test('isHashedPassword knows the prefixes SFTPGo stores as given', () => {
  for (const value of [
    '$argon2id$v=19$m=65536,t=1,p=2$c2FsdHNhbHQ$aGFzaA',
    '$2a$10$abc',
    '$2b$10$abc',
    '$2y$10$abc',
    '$pbkdf2-sha1$1$s$aA==',
    '$pbkdf2-sha256$1$s$aA==',
    '$pbkdf2-sha512$1$s$aA==',
    '$pbkdf2-b64salt-sha256$1$c2FsdA==$aA==',
    '$1$salt$x',
    '$apr1$salt$x',
    '$5$salt$x',
    '$6$rounds=5000$salt$x',
    '$y$j9T$salt$x',
    '{MD5}5f4dcc3b5aa765d61d8327deb882cf99',
    '{SHA256}abc',
    '{SHA512}abc',
  ]) {
    assert.equal(isHashedPassword(value), true, value);
  }
  for (const value of [
    '',
    'password',
    'argon2id$v=19',
    '$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA',
    '$argon2d$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA',
    '$2x$10$abc',
    '$2$10$abc',
    '$pbkdf2$1$s$aA==',
    '$pbkdf2-sha384$1$s$aA==',
    '$3$salt$x',
    '$md5$salt$x',
    '{SHA}abc',
    '{md5}5f4dcc3b5aa765d61d8327deb882cf99',
    ' $1$salt$x',
  ]) {
    assert.equal(isHashedPassword(value), false, value);
  }
});

test('unknown and garbled hashes throw PasswordFormatError without echoing the value', async (t) => {
  const hasher = createPasswordHasher(defaultPasswordHashingOptions);
  t.after(() => hasher.close());
  const b64key = Buffer.alloc(32, 7).toString('base64');
  const garbled = [
    'plain-text-password',
    '$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    '$argon2id$v=16$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    '$argon2id$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    '$argon2id$v=19$m=4096,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    '$argon2id$v=19$m=4,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    '$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    '$argon2id$v=19$m=4096,t=1,p=256$c2FsdHNhbHQ$aGFzaGhhc2g',
    '$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ=$aGFzaGhhc2g',
    '$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaGhhc2g',
    '$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$a!Fz',
    '$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ',
    '$2a$10$short',
    '$2a$03$ajq8Q7fbtFRQvXpdCq7Jcuy.Rx1h/L4J60Otx.gyNLbAYctGMJ9tK',
    '$2a$32$ajq8Q7fbtFRQvXpdCq7Jcuy.Rx1h/L4J60Otx.gyNLbAYctGMJ9tK',
    '$2a$1a$ajq8Q7fbtFRQvXpdCq7Jcuy.Rx1h/L4J60Otx.gyNLbAYctGMJ9tK',
    '$2y$10$ajq8Q7fbtFRQvXpdCq7Jcuy.Rx1h/L4J60Otx.gyNLbAYctGMJ9t!',
    `$pbkdf2-sha256$0$salt$${b64key}`,
    `$pbkdf2-sha256$-5$salt$${b64key}`,
    `$pbkdf2-sha256$1e3$salt$${b64key}`,
    `$pbkdf2-sha256$99999999999$salt$${b64key}`,
    `$pbkdf2-sha256$1000$salt$${b64key.replace(/=$/, '')}`,
    '$pbkdf2-sha256$1000$salt$',
    '$pbkdf2-sha256$1000$salt$not base64!',
    `$pbkdf2-sha256$1000$sa$lt$${b64key}`,
    `$pbkdf2-sha256$1000$salt`,
    `$pbkdf2-b64salt-sha256$1000$not*base64$${b64key}`,
    '$1$saltsaltsalt$DyKDTlkqexNcXChYGPr63.',
    '$1$salt$DyKDTlkqexNcXChYGPr63',
    '$1$salt$DyKDTlkqexNcXChYGPr63!',
    '$1$salt',
    '$apr1$salt$x$y',
    '$5$salt$short',
    '$6$salt$WsFBeg1qQ90JL3VkUTuM7xVV/5njhLngIVm6ftSnBR2',
    '$5$rounds=999$salt$WsFBeg1qQ90JL3VkUTuM7xVV/5njhLngIVm6ftSnBR2',
    '$5$rounds=05000$salt$WsFBeg1qQ90JL3VkUTuM7xVV/5njhLngIVm6ftSnBR2',
    '$5$rounds=abc$salt$WsFBeg1qQ90JL3VkUTuM7xVV/5njhLngIVm6ftSnBR2',
    '$5$rounds=1000000000$salt$WsFBeg1qQ90JL3VkUTuM7xVV/5njhLngIVm6ftSnBR2',
    '$5$saltsaltsaltsaltX$WsFBeg1qQ90JL3VkUTuM7xVV/5njhLngIVm6ftSnBR2',
    '$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7',
    '{MD5}5f4dcc3b5aa765d61d8327deb882cf9',
    '{MD5}5f4dcc3b5aa765d61d8327deb882cfzz',
    '{SHA256}X03MO1qnZdYdgyfeuILPmQ==',
  ];
  for (const stored of garbled) {
    await assert.rejects(hasher.verify('password', stored), (error: unknown) => {
      assert.ok(error instanceof PasswordFormatError, `${stored}: ${String(error)}`);
      assert.equal(error.code, 'ERR_PASSWORD_FORMAT');
      assert.ok(!error.message.includes(stored), `the message repeats ${stored}`);
      return true;
    });
  }
  // A garbled hash is reported even when the password is too long to be checked.
  await assert.rejects(hasher.verify('x'.repeat(maxPasswordBytes + 1), '$1$salt'), PasswordFormatError);
});

test('bad options are refused with PasswordOptionsError naming the key', () => {
  const cases: [Partial<PasswordHashingOptions>, RegExp][] = [
    [{ algo: 'scrypt' as 'bcrypt' }, /password_hashing\.algo/],
    [{ algo: 'bcrypt', bcrypt: { cost: 32 } }, /bcrypt_options\.cost/],
    [{ algo: 'bcrypt', bcrypt: { cost: 10.5 } }, /bcrypt_options\.cost/],
    [{ argon2: { memory: 65536, iterations: 0, parallelism: 2 } }, /argon2_options\.iterations/],
    [{ argon2: { memory: 15, iterations: 1, parallelism: 2 } }, /argon2_options\.memory/],
    [{ argon2: { memory: 2 ** 23, iterations: 1, parallelism: 2 } }, /argon2_options\.memory/],
    [{ argon2: { memory: 65536, iterations: 1, parallelism: 256 } }, /argon2_options\.parallelism/],
    [{ argon2: { memory: -1, iterations: 1, parallelism: 1 } }, /argon2_options\.memory/],
  ];
  for (const [overrides, message] of cases) {
    assert.throws(
      () => createPasswordHasher(options(overrides)),
      (error: unknown) => error instanceof PasswordOptionsError && message.test(error.message),
      JSON.stringify(overrides),
    );
  }
  // Only the chosen algorithm's options are checked, as in SFTPGo.
  const hasher = createPasswordHasher(options({ algo: 'argon2id', bcrypt: { cost: 99 } }));
  return hasher.close();
});

test('after close, hash and verify reject with PasswordHasherClosedError', async () => {
  const hasher = createPasswordHasher(defaultPasswordHashingOptions);
  await hasher.close();
  await hasher.close();
  await assert.rejects(hasher.hash('x'), PasswordHasherClosedError);
  await assert.rejects(
    hasher.verify('x', '{MD5}9dd4e461268c8034f5c8564e155c67a6'),
    PasswordHasherClosedError,
  );
});
