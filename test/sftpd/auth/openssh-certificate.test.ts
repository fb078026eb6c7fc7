// The certificate parser and checks on certificates made by the real `ssh-keygen -s`, and on
// certificates altered byte by byte to prove the CA signature covers them.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import {
  certificateFingerprint,
  checkUserCertificate,
  isCertificateAlgorithm,
  parseCertificate,
} from '../../../src/sftpd/auth/openssh-certificate.js';
import type { CertificateCheck } from '../../../src/sftpd/auth/openssh-certificate.js';
import { SshKeyError } from '../../../src/sftpd/auth/errors.js';
import { RevokedUserCerts } from '../../../src/sftpd/auth/revoked-certs.js';
import { sshString } from '../../../src/sftpd/auth/ssh-wire.js';
import { TrustedUserCAs } from '../../../src/sftpd/auth/trusted-cas.js';
import { UserCertificates } from '../../../src/sftpd/auth/user-certificates.js';
import { tempDir } from '../../helpers/tmp.js';

const { utils } = ssh2;
const run = promisify(execFile);
const keygenPath = '/usr/bin/ssh-keygen';
const skip = existsSync(keygenPath) ? false : 'ssh-keygen not installed';

async function keygen(dir: string, name: string, type = 'ed25519'): Promise<string> {
  const path = join(dir, name);
  await run(keygenPath, ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-f', path]);
  return path;
}

/** Signs `<key>.pub`; returns the certificate blob. */
async function certBlob(ca: string, key: string, args: string[]): Promise<Buffer> {
  await run(keygenPath, ['-q', '-s', ca, '-I', 'the-id', ...args, `${key}.pub`]);
  const line = await readFile(`${key}-cert.pub`, 'utf8');
  return Buffer.from(line.split(' ')[1] ?? '', 'base64');
}

async function setup(t: TestContext) {
  const dir = await tempDir(t, 'sftpgo-cert-unit-');
  const ca = await keygen(dir, 'ca');
  const key = await keygen(dir, 'user');
  const caBlob = Buffer.from((await readFile(`${ca}.pub`, 'utf8')).split(' ')[1] ?? '', 'base64');
  return { dir, ca, key, caBlob };
}

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SshKeyError, String(err));
    return err.reason;
  }
  return 'ok';
}

function checker(caBlob: Buffer, overrides: Partial<CertificateCheck> = {}): CertificateCheck {
  return {
    username: 'alice',
    ip: '127.0.0.1',
    now: BigInt(Math.floor(Date.now() / 1000)),
    isTrustedCA: (blob) => blob.equals(caBlob),
    isRevoked: () => false,
    ...overrides,
  };
}

test('parses the fields ssh-keygen wrote', { skip }, async (t) => {
  const { ca, key, caBlob } = await setup(t);
  const blob = await certBlob(ca, key, [
    '-n',
    'alice,bob',
    '-z',
    '1234',
    '-V',
    '20300101000000Z:20300201000000Z',
    '-O',
    'source-address=10.0.0.0/8',
  ]);
  const cert = parseCertificate(blob);
  assert.equal(cert.blobType, 'ssh-ed25519-cert-v01@openssh.com');
  assert.equal(cert.certType, 1);
  assert.equal(cert.keyId, 'the-id');
  assert.equal(cert.serial, 1234n);
  assert.deepEqual(cert.principals, ['alice', 'bob']);
  assert.equal(cert.validAfter, BigInt(Date.UTC(2030, 0, 1) / 1000));
  assert.equal(cert.validBefore, BigInt(Date.UTC(2030, 1, 1) / 1000));
  assert.deepEqual([...cert.criticalOptions.keys()], ['source-address']);
  assert.ok(cert.extensions.has('permit-pty'));
  assert.ok(cert.signatureKey.equals(caBlob));
  const userBlob = Buffer.from((await readFile(`${key}.pub`, 'utf8')).split(' ')[1] ?? '', 'base64');
  assert.ok(cert.publicKey.blob.equals(userBlob), 'the certified key is rebuilt in its plain form');
  const { stdout } = await run(keygenPath, ['-l', '-E', 'sha256', '-f', `${key}.pub`]);
  assert.equal(certificateFingerprint(cert), stdout.split(' ')[1]);
  assert.equal(isCertificateAlgorithm('rsa-sha2-512-cert-v01@openssh.com'), true);
  assert.equal(isCertificateAlgorithm('ssh-ed25519'), false);
});

test('the checks, one by one', { skip }, async (t) => {
  const { ca, key, caBlob } = await setup(t);
  const cert = parseCertificate(
    await certBlob(ca, key, ['-n', 'alice', '-V', '20300101000000Z:20300201000000Z']),
  );
  const inside = BigInt(Date.UTC(2030, 0, 15) / 1000);
  const check = (o: Partial<CertificateCheck>) =>
    reason(() => checkUserCertificate(cert, checker(caBlob, { now: inside, ...o })));
  assert.equal(check({}), 'ok');
  assert.equal(check({ now: cert.validAfter }), 'ok', 'valid from its first second');
  assert.equal(check({ now: cert.validAfter - 1n }), 'not_yet_valid');
  assert.equal(check({ now: cert.validBefore }), 'expired');
  assert.equal(check({ username: 'bob' }), 'principal_mismatch');
  assert.equal(check({ isTrustedCA: () => false }), 'untrusted_ca');
  assert.equal(check({ isRevoked: (fp) => fp === certificateFingerprint(cert) }), 'revoked');
  const forever = parseCertificate(await certBlob(ca, key, ['-n', 'alice']));
  assert.equal(
    reason(() => checkUserCertificate(forever, checker(caBlob, { now: 2n ** 62n }))),
    'ok',
  );
  const host = parseCertificate(await certBlob(ca, key, ['-h', '-n', 'alice']));
  assert.equal(
    reason(() => checkUserCertificate(host, checker(caBlob))),
    'not_user_certificate',
  );
  const anyone = parseCertificate(await certBlob(ca, key, []));
  assert.equal(
    reason(() => checkUserCertificate(anyone, checker(caBlob))),
    'no_principals',
  );
});

test('source-address accepts listed addresses and networks, IPv6 included', { skip }, async (t) => {
  const { ca, key, caBlob } = await setup(t);
  const cert = parseCertificate(
    await certBlob(ca, key, ['-n', 'alice', '-O', 'source-address=192.0.2.7,2001:db8::/32']),
  );
  const from = (ip: string) => reason(() => checkUserCertificate(cert, checker(caBlob, { ip })));
  assert.equal(from('192.0.2.7'), 'ok');
  assert.equal(from('::ffff:192.0.2.7'), 'ok');
  assert.equal(from('2001:db8::1'), 'ok');
  assert.equal(from('192.0.2.8'), 'source_address');
  assert.equal(from('2001:db9::1'), 'source_address');
});

test('any altered byte breaks the CA signature; truncation is malformed', { skip }, async (t) => {
  const { ca, key, caBlob } = await setup(t);
  const blob = await certBlob(ca, key, ['-n', 'alice']);
  const cert = parseCertificate(blob);
  // Change the key id "the-id" into "the-ie": still well-formed, no longer what the CA signed.
  const at = blob.indexOf(Buffer.from('the-id')) + 5;
  const altered = Buffer.from(blob);
  altered[at] = 'e'.charCodeAt(0);
  assert.equal(
    reason(() => checkUserCertificate(parseCertificate(altered), checker(caBlob))),
    'bad_ca_signature',
  );
  assert.equal(
    reason(() => checkUserCertificate(cert, checker(caBlob))),
    'ok',
  );
  for (const cut of [10, 60, blob.length - 1]) {
    assert.equal(
      reason(() => parseCertificate(blob.subarray(0, cut))),
      'malformed',
      `cut at ${cut}`,
    );
  }
  assert.equal(
    reason(() => parseCertificate(Buffer.concat([blob, Buffer.from([0])]))),
    'malformed',
  );
});

test('UserCertificates: the client signature must be made with the certified key', { skip }, async (t) => {
  const { dir, ca, key } = await setup(t);
  const blob = await certBlob(ca, key, ['-n', 'alice']);
  await writeFile(join(dir, 'revoked.json'), '[]');
  const certs = await UserCertificates.fromConfig(
    { trusted_user_ca_keys: ['ca.pub'], revoked_user_certs_file: 'revoked.json' },
    dir,
  );
  const data = Buffer.from('session id and request');
  const signWith = (path: string) => {
    // ssh2 reads OpenSSH private keys; node:crypto does not.
    const parsed = utils.parseKey(readFileSync(path, 'utf8')) as ParsedKey;
    return Buffer.concat([sshString('ssh-ed25519'), sshString(parsed.sign(data))]);
  };
  const login = {
    algorithm: 'ssh-ed25519-cert-v01@openssh.com',
    blob,
    signedData: data,
    signature: signWith(key),
    username: 'alice',
    ip: '127.0.0.1',
  };
  assert.equal(
    reason(() => certs.verify(login)),
    'ok',
  );
  const other = await keygen(dir, 'other');
  assert.equal(
    reason(() => certs.verify({ ...login, signature: signWith(other) })),
    'bad_signature',
  );
  assert.equal(
    reason(() => certs.verify({ ...login, signedData: Buffer.from('other data') })),
    'bad_signature',
  );
  assert.equal(
    reason(() => certs.verify({ ...login, algorithm: 'rsa-sha2-512-cert-v01@openssh.com' })),
    'malformed',
  );
});

test('trusted CA files and the revocation list: loading and refusals', { skip }, async (t) => {
  const { dir, ca } = await setup(t);
  const second = await keygen(dir, 'ca2', 'ecdsa');
  const both = join(dir, 'cas.pub');
  await writeFile(
    both,
    `# our CAs\ncert-authority ${await readFile(`${ca}.pub`, 'utf8')}\n${await readFile(`${second}.pub`, 'utf8')}`,
  );
  assert.equal((await TrustedUserCAs.load([both], dir)).size, 2);
  await writeFile(join(dir, 'empty.pub'), '# nothing\n');
  await assert.rejects(TrustedUserCAs.load(['empty.pub'], dir), { code: 'ERR_SSH_AUTH_CONFIG' });
  await assert.rejects(TrustedUserCAs.load(['missing.pub'], dir), { code: 'ERR_SSH_AUTH_CONFIG' });
  await writeFile(join(dir, 'bad.pub'), 'ssh-ed25519 AAAAnotakey\n');
  await assert.rejects(TrustedUserCAs.load(['bad.pub'], dir), { code: 'ERR_SSH_AUTH_CONFIG' });

  const path = join(dir, 'revoked.json');
  const revoked = new RevokedUserCerts(path);
  await assert.rejects(revoked.load(), { code: 'ERR_SSH_AUTH_CONFIG' });
  await writeFile(path, '["SHA256:a","SHA256:b"]');
  await revoked.load();
  assert.equal(revoked.isRevoked('SHA256:b'), true);
  await writeFile(path, '{"SHA256:a":true}');
  await assert.rejects(revoked.load(), { code: 'ERR_SSH_AUTH_CONFIG' });
  assert.equal(revoked.size, 2, 'the list loaded before stays');
  await new RevokedUserCerts('').load();
});
