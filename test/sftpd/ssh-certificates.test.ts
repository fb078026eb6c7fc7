// OpenSSH user certificates through the real OpenSSH `sftp` client and `ssh-keygen -s`: the trusted
// CA, validity, principals, critical options and the revocation list each decide a login, and every
// refusal leaves a connection_failed record naming the reason.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SftpSession } from '../../src/sftpd/protocol/index.js';
import type { SftpSubsystem } from '../../src/sftpd/index.js';
import { tempDir } from '../helpers/tmp.js';
import { startServer } from './harness.js';
import type { HarnessOptions, SshHarness } from './harness.js';

const run = promisify(execFile);
const sftpPath = '/usr/bin/sftp';
const keygenPath = '/usr/bin/ssh-keygen';
const skip =
  existsSync(sftpPath) && existsSync(keygenPath) ? false : 'OpenSSH (sftp, ssh-keygen) not installed';

/** A server with our SFTP protocol layer, so that `sftp` runs real commands. */
async function startSftpServer(t: TestContext, options: HarnessOptions): Promise<SshHarness> {
  // The session logs through the harness's logger, known once the server runs.
  const ref: { h?: SshHarness } = {};
  const sftpSubsystem: SftpSubsystem = (channel, connection) =>
    new SftpSession({ channel, connection, logger: (ref.h as SshHarness).logger }).run();
  ref.h = await startServer(t, { ...options, sftpSubsystem });
  return ref.h;
}

async function keygen(dir: string, name: string, type: 'ed25519' | 'ecdsa' | 'rsa'): Promise<string> {
  const path = join(dir, name);
  await run(keygenPath, ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-f', path]);
  return path;
}

interface CertOptions {
  readonly ca: string;
  readonly key: string;
  /** `-n`; omitted when undefined (a certificate valid for any principal). */
  readonly principals?: string;
  /** `-V`; default: valid from 5 minutes ago for an hour. */
  readonly validity?: string;
  /** `-O` options. */
  readonly options?: readonly string[];
}

/** Signs `<key>.pub` with `ca`; returns the certificate path. */
async function sign(o: CertOptions): Promise<string> {
  const args = ['-q', '-s', o.ca, '-I', 'test-id', '-z', '42', '-V', o.validity ?? '-5m:+1h'];
  if (o.principals !== undefined) args.push('-n', o.principals);
  for (const option of o.options ?? []) args.push('-O', option);
  await run(keygenPath, [...args, `${o.key}.pub`]);
  return `${o.key}-cert.pub`;
}

/** `SHA256:...` of a public key file, as `ssh-keygen -l` prints it. */
async function fingerprint(publicKeyFile: string): Promise<string> {
  const { stdout } = await run(keygenPath, ['-l', '-E', 'sha256', '-f', publicKeyFile]);
  return stdout.split(' ')[1] ?? '';
}

/** Runs `pwd` through sftp with the key and certificate; resolves with the exit code and output. */
async function sftp(port: number, key: string, cert: string | undefined, user = 'alice') {
  const args = ['-b', '-', '-F', '/dev/null', '-i', key, '-o', 'IdentitiesOnly=yes'];
  if (cert) args.push('-o', `CertificateFile=${cert}`);
  args.push('-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null');
  args.push('-o', 'LogLevel=ERROR', '-P', String(port), `${user}@127.0.0.1`);
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(sftpPath, args, { timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? -1) : 0;
      resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
    });
    child.stdin?.end('pwd\n');
  });
}

interface CertWorld {
  readonly h: SshHarness;
  readonly dir: string;
  readonly ca: string;
  readonly key: string;
}

/** A CA trusted by the server, a user key, the server, and alice (no public keys of her own). */
async function world(t: TestContext, user: Record<string, unknown> = {}): Promise<CertWorld> {
  const dir = await tempDir(t, 'sftpgo-certs-');
  const ca = await keygen(dir, 'user_ca', 'ed25519');
  const key = await keygen(dir, 'alice_key', 'ed25519');
  await mkdir(join(dir, 'home'));
  const h = await startSftpServer(t, {
    dir,
    // Relative to the config dir, as configured in sftpgo.json.
    sftpd: { trusted_user_ca_keys: ['user_ca.pub'] },
  });
  await h.user({ public_keys: [], ...user });
  return { h, dir, ca, key };
}

async function certFailures(h: SshHarness): Promise<string[]> {
  return (await h.failures()).filter((r) => r.login_type === 'publickey').map((r) => String(r.error));
}

test('a certificate signed by a trusted CA logs in without the key in public_keys', { skip }, async (t) => {
  const w = await world(t);
  const cert = await sign({ ca: w.ca, key: w.key, principals: 'alice,other' });
  const result = await sftp(w.h.port, w.key, cert);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Remote working directory: \//);
  assert.deepEqual(await certFailures(w.h), []);
  // Without the certificate the bare key is not enough (a copy: ssh picks up `<key>-cert.pub` itself).
  const bareKey = join(w.dir, 'bare_key');
  await copyFile(w.key, bareKey);
  await chmod(bareKey, 0o600);
  const bare = await sftp(w.h.port, bareKey, undefined);
  assert.equal(bare.code, 255);
});

test('ECDSA and RSA keys certified by an RSA CA log in', { skip }, async (t) => {
  const dir = await tempDir(t, 'sftpgo-certs-');
  const ca = await keygen(dir, 'rsa_ca', 'rsa');
  await mkdir(join(dir, 'home'));
  const h = await startSftpServer(t, { dir, sftpd: { trusted_user_ca_keys: [`${ca}.pub`] } });
  await h.user({});
  for (const type of ['ecdsa', 'rsa'] as const) {
    const key = await keygen(dir, `alice_${type}`, type);
    const cert = await sign({ ca, key, principals: 'alice' });
    const result = await sftp(h.port, key, cert);
    assert.equal(result.code, 0, `${type}: ${result.stderr}`);
  }
});

test(
  'certificates are refused when expired, not yet valid, for another principal or without principals',
  { skip },
  async (t) => {
    const w = await world(t);
    const cases = [
      { validity: '20200101:20200102', principals: 'alice', error: /has expired/ },
      { validity: '+1d:+2d', principals: 'alice', error: /is not valid yet/ },
      { principals: 'bob', error: /principal "alice" not in the certificate/ },
      { principals: undefined, error: /has no valid principals/ },
    ];
    for (const [i, c] of cases.entries()) {
      const key = await keygen(w.dir, `key${i}`, 'ed25519');
      const cert = await sign({
        ca: w.ca,
        key,
        principals: c.principals,
        ...(c.validity ? { validity: c.validity } : {}),
      });
      const result = await sftp(w.h.port, key, cert);
      assert.equal(result.code, 255, `case ${i} should be refused`);
      assert.match(result.stderr, /Permission denied/);
      const errors = await certFailures(w.h);
      assert.ok(
        errors.some((e) => c.error.test(e)),
        `case ${i}: ${errors.join(' | ')}`,
      );
    }
  },
);

test(
  'a certificate of an untrusted CA is refused, even when the key itself is the user’s',
  { skip },
  async (t) => {
    const w = await world(t);
    const rogue = await keygen(w.dir, 'rogue_ca', 'ed25519');
    const cert = await sign({ ca: rogue, key: w.key, principals: 'alice' });
    const refused = await sftp(w.h.port, w.key, cert);
    assert.equal(refused.code, 255);
    assert.ok((await certFailures(w.h)).some((e) => /unrecognized authority/.test(e)));
    // The user lists the bare key: the client's next offer, the key alone, logs in, while the
    // certificate attempt before it was refused and logged.
    const publicKey = (await readFile(`${w.key}.pub`, 'utf8')).trim();
    await w.h.provider.users.delete('alice', { executor: 'test', ip: '127.0.0.1' });
    await w.h.user({ public_keys: [publicKey] });
    const before = (await certFailures(w.h)).length;
    const fallback = await sftp(w.h.port, w.key, cert);
    assert.equal(fallback.code, 0, fallback.stderr);
    const after = await certFailures(w.h);
    assert.equal(after.length, before + 1);
    assert.match(after.at(-1) ?? '', /unrecognized authority/);
  },
);

test('critical options: source-address is honoured, unknown ones are refused', { skip }, async (t) => {
  const w = await world(t);
  const allowed = await sign({
    ca: w.ca,
    key: w.key,
    principals: 'alice',
    options: ['source-address=10.0.0.0/8,127.0.0.1/32'],
  });
  assert.equal((await sftp(w.h.port, w.key, allowed)).code, 0);
  const elsewhere = await keygen(w.dir, 'elsewhere', 'ed25519');
  const outside = await sign({
    ca: w.ca,
    key: elsewhere,
    principals: 'alice',
    options: ['source-address=192.0.2.0/24'],
  });
  assert.equal((await sftp(w.h.port, elsewhere, outside)).code, 255);
  const forced = await keygen(w.dir, 'forced', 'ed25519');
  const command = await sign({
    ca: w.ca,
    key: forced,
    principals: 'alice',
    options: ['force-command=/bin/true'],
  });
  assert.equal((await sftp(w.h.port, forced, command)).code, 255);
  const errors = await certFailures(w.h);
  assert.ok(
    errors.some((e) => /source address 127\.0\.0\.1 not allowed/.test(e)),
    errors.join(' | '),
  );
  assert.ok(
    errors.some((e) => /unsupported critical option "force-command"/.test(e)),
    errors.join(' | '),
  );
});

test('revoked certificates are refused; the list is re-read on reload', { skip }, async (t) => {
  const dir = await tempDir(t, 'sftpgo-certs-');
  const ca = await keygen(dir, 'user_ca', 'ed25519');
  const key = await keygen(dir, 'alice_key', 'ed25519');
  const revoked = join(dir, 'revoked.json');
  await writeFile(revoked, '[]');
  await mkdir(join(dir, 'home'));
  const h = await startSftpServer(t, {
    dir,
    sftpd: { trusted_user_ca_keys: [`${ca}.pub`], revoked_user_certs_file: 'revoked.json' },
  });
  await h.user({});
  const cert = await sign({ ca, key, principals: 'alice' });
  assert.equal((await sftp(h.port, key, cert)).code, 0);
  // The list names the certified key's fingerprint, as `ssh-keygen -l` prints it for the certificate.
  await writeFile(revoked, JSON.stringify(['SHA256:not-this-one', await fingerprint(cert)]));
  assert.equal((await sftp(h.port, key, cert)).code, 0, 'not re-read before a reload');
  await h.server.reload();
  const result = await sftp(h.port, key, cert);
  assert.equal(result.code, 255);
  assert.ok((await certFailures(h)).some((e) => /is revoked/.test(e)));
  await writeFile(revoked, 'not json');
  await assert.rejects(h.server.reload(), { code: 'ERR_SSH_AUTH_CONFIG' });
  assert.equal((await sftp(h.port, key, cert)).code, 255, 'a bad file keeps the list loaded before');
});

test('a certificate login follows the user’s method rules: publickey then password', { skip }, async (t) => {
  const w = await world(t, {
    filters: { denied_login_methods: ['publickey', 'password', 'keyboard-interactive'] },
  });
  const cert = await sign({ ca: w.ca, key: w.key, principals: 'alice' });
  assert.equal((await sftp(w.h.port, w.key, cert)).code, 255, 'the certificate alone is not enough');
  // The password comes from an askpass program, as a user would type it.
  const askpass = join(w.dir, 'askpass.sh');
  await writeFile(askpass, '#!/bin/sh\necho secret-password\n', { mode: 0o755 });
  // Not `-b`: batch mode would forbid asking for a password.
  const args = ['-F', '/dev/null', '-i', w.key, '-o', `CertificateFile=${cert}`, '-o', 'IdentitiesOnly=yes'];
  args.push('-o', 'PreferredAuthentications=publickey,password', '-o', 'NumberOfPasswordPrompts=1');
  args.push('-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR');
  args.push('-P', String(w.h.port), 'alice@127.0.0.1');
  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    const child = execFile(
      sftpPath,
      args,
      { timeout: 20_000, env: { ...process.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force' } },
      (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? -1) : 0, stdout }),
    );
    child.stdin?.end('pwd\n');
  });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /Remote working directory/);
});
