import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Socket, createConnection } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey, PublicKeyAuthMethod } from 'ssh2';
import { EXEC_REFUSED_MESSAGE, generateKeyPair, maxAuthTries, sshIdent } from '../../src/sftpd/index.js';
import { serverIdent } from '../../src/version.js';
import { closed, connect, drain, marker, sftpSubsystem, startServer } from './harness.js';

// ssh2 is CommonJS: its named exports are read from the default export.
const { Client, utils } = ssh2;

function keyPair(type: 'ed25519' | 'rsa') {
  return generateKeyPair(type, type === 'rsa' ? 2048 : undefined);
}

function refused(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => assert.fail('login should be refused'),
    (err: unknown) => err as Error,
  );
}

test('password login hands the sftp subsystem to the injected handler', async (t) => {
  const h = await startServer(t);
  await h.user({});
  const client = await connect(t, h.port, { username: 'alice', password: 'secret-password' });
  const result = await sftpSubsystem(client);
  assert.equal(result.stdout, marker('alice'));
  assert.equal(result.code, 0);
  assert.equal(h.registry.sessionsOf('alice'), 1);
  const logins = (await h.records()).filter((r) => String(r.message).includes('logged in'));
  assert.equal(logins.length, 1);
  assert.match(String(logins[0]?.connection_id), /^SFTP_[0-9a-f]{24}$/);
  client.end();
  await closed(client);
  await waitFor(() => h.registry.sessionsOf('alice') === 0);
});

test('a wrong password is refused with one connection_failed record per attempt', async (t) => {
  const h = await startServer(t);
  await h.user({});
  const err = await refused(connect(t, h.port, { username: 'alice', password: 'wrong' }));
  assert.match(err.message, /authentication methods failed/);
  await refused(connect(t, h.port, { username: 'nobody', password: 'x' }));
  const failures = await h.failures();
  const password = failures.filter((r) => r.login_type === 'password');
  assert.deepEqual(
    password.map((r) => [r.username, r.client_ip, r.protocol]),
    [
      ['alice', '127.0.0.1', 'SSH'],
      ['nobody', '127.0.0.1', 'SSH'],
    ],
  );
  assert.match(String(password[0]?.error), /invalid credentials \(wrong_password\)/);
  assert.equal(h.registry.size, 0);
});

test('password authentication can be turned off', async (t) => {
  const h = await startServer(t, {
    sftpd: { password_authentication: false, keyboard_interactive_authentication: false },
  });
  await h.user({});
  await refused(connect(t, h.port, { username: 'alice', password: 'secret-password' }));
  assert.equal((await h.failures()).filter((r) => r.login_type === 'password').length, 0);
});

test('keyboard-interactive asks for the password', async (t) => {
  const h = await startServer(t, { sftpd: { password_authentication: false } });
  await h.user({});
  const prompts: string[] = [];
  const client = new Client();
  t.after(() => client.end());
  await new Promise<void>((resolve, reject) => {
    client.on('keyboard-interactive', (_name, _instr, _lang, questions, finish) => {
      prompts.push(...questions.map((q) => q.prompt));
      finish(['secret-password']);
    });
    client.once('ready', () => resolve());
    client.once('error', reject);
    client.connect({ host: '127.0.0.1', port: h.port, username: 'alice', tryKeyboard: true });
  });
  assert.deepEqual(prompts, ['Password: ']);
  assert.equal((await sftpSubsystem(client)).stdout, marker('alice'));
});

test('public key login: ed25519 and RSA with SHA-2 signatures', async (t) => {
  const h = await startServer(t);
  const ed = await keyPair('ed25519');
  const rsa = await keyPair('rsa');
  await h.user({ password: '', public_keys: [ed.publicKey, `${rsa.publicKey} comment@host`] });
  for (const key of [ed, rsa]) {
    const client = await connect(t, h.port, { username: 'alice', privateKey: key.privateKey });
    assert.equal((await sftpSubsystem(client)).stdout, marker('alice'));
    client.end();
    await closed(client);
  }
  assert.equal((await h.failures()).length, 0);
});

test('a key that is not the user’s is refused and logged', async (t) => {
  const h = await startServer(t);
  await h.user({ public_keys: [(await keyPair('ed25519')).publicKey] });
  await refused(connect(t, h.port, { username: 'alice', privateKey: (await keyPair('ed25519')).privateKey }));
  const failures = (await h.failures()).filter((r) => r.login_type === 'publickey');
  assert.equal(failures.length, 1);
  assert.equal(failures[0]?.username, 'alice');
});

test('a forged signature is refused even for the user’s key', async (t) => {
  const h = await startServer(t);
  const own = await keyPair('ed25519');
  const other = utils.parseKey((await keyPair('ed25519')).privateKey) as ParsedKey;
  await h.user({ public_keys: [own.publicKey] });
  // The client offers the user's key but signs with another private key: the key object's signer
  // is swapped, so a real client sends a well-formed but forged signature.
  const forged = utils.parseKey(own.privateKey) as ParsedKey;
  forged.sign = (data: Buffer, algo?: string) => other.sign(data, algo);
  const err = await refused(
    connect(t, h.port, {
      username: 'alice',
      authHandler: [{ type: 'publickey', username: 'alice', key: forged } as PublicKeyAuthMethod],
    }),
  );
  assert.match(err.message, /authentication methods failed/);
  const failures = await h.failures();
  assert.ok(failures.some((r) => r.error === 'public key signature verification failed'));
});

test('two steps: a public key, then the password, when the user may not use either alone', async (t) => {
  const h = await startServer(t);
  const key = await keyPair('ed25519');
  await h.user({
    public_keys: [key.publicKey],
    filters: { denied_login_methods: ['publickey', 'password', 'keyboard-interactive'] },
  });
  const steps: { partial: boolean | null; methods: string[] | null }[] = [];
  const plan = [
    { type: 'publickey', username: 'alice', key: key.privateKey },
    { type: 'password', username: 'alice', password: 'secret-password' },
  ];
  const client = await connect(t, h.port, {
    username: 'alice',
    authHandler: (methods, partial, next) => {
      steps.push({ partial, methods });
      const step = plan.shift();
      next((step ?? false) as never);
    },
  });
  // Asked first with nothing known, then after the key: partial success, a password next.
  assert.deepEqual(steps, [
    { partial: null, methods: null },
    { partial: true, methods: ['password', 'keyboard-interactive'] },
  ]);
  assert.equal((await sftpSubsystem(client)).stdout, marker('alice'));
  // The key alone does not log in.
  await refused(connect(t, h.port, { username: 'alice', privateKey: key.privateKey }));
});

test('a disabled user is refused with the reason in the log', async (t) => {
  const h = await startServer(t);
  await h.user({ status: 0 });
  await refused(connect(t, h.port, { username: 'alice', password: 'secret-password' }));
  const failures = await h.failures();
  assert.match(String(failures[0]?.error), /disabled/);
});

test('max_sessions closes the session beyond the limit', async (t) => {
  const h = await startServer(t);
  await h.user({ max_sessions: 1 });
  const first = await connect(t, h.port, { username: 'alice', password: 'secret-password' });
  const second = await connect(t, h.port, { username: 'alice', password: 'secret-password' });
  await closed(second);
  assert.equal(h.registry.sessionsOf('alice'), 1);
  assert.equal((await sftpSubsystem(first)).stdout, marker('alice'));
});

test('exec is refused with a message on stderr and exit status 1; shell is refused', async (t) => {
  const h = await startServer(t);
  await h.user({});
  const client = await connect(t, h.port, { username: 'alice', password: 'secret-password' });
  // Listeners go on in the callback: the refusal may arrive in the same packet batch as the reply.
  const result = await new Promise<Awaited<ReturnType<typeof drain>>>((resolve, reject) =>
    client.exec('scp -t /', (err, ch) => (err ? reject(err) : resolve(drain(ch)))),
  );
  assert.equal(result.code, 1);
  assert.equal(result.stderr, `${EXEC_REFUSED_MESSAGE}\n`);
  const shellErr = await new Promise<Error | undefined>((resolve) => client.shell((err) => resolve(err)));
  assert.ok(shellErr instanceof Error);
});

test('max_auth_tries disconnects after that many failures', async (t) => {
  assert.equal(maxAuthTries(0), 6);
  assert.equal(maxAuthTries(-1), Infinity);
  const h = await startServer(t, { sftpd: { max_auth_tries: 2 } });
  await h.user({});
  const client = new Client();
  t.after(() => client.end());
  let tries = 0;
  const done = closed(client);
  client.on('error', () => undefined);
  client.connect({
    host: '127.0.0.1',
    port: h.port,
    username: 'alice',
    authHandler: (_methods, _partial, next) => {
      tries += 1;
      if (tries > 5) return next(false as never);
      next({ type: 'password', username: 'alice', password: `wrong${tries}` });
    },
  });
  await done;
  // The client may try once more before the disconnect reaches it; the server checked two.
  assert.ok(tries >= 2);
  const failures = (await h.failures()).filter((r) => r.login_type === 'password');
  assert.equal(failures.length, 2);
});

test('the server identifies as SFTPGo, with the version unless "short"', async (t) => {
  assert.equal(sshIdent('short'), 'SFTPGo');
  assert.equal(sshIdent(''), serverIdent);
  const h = await startServer(t, { common: { server_version: 'short' } });
  await h.user({});
  const client = new Client();
  t.after(() => client.end());
  const header = await new Promise<string>((resolve, reject) => {
    client.on('error', reject);
    client.connect({ host: '127.0.0.1', port: h.port, username: 'alice', password: 'secret-password' });
    client.once('ready', () => resolve((client as unknown as { _remoteVer?: string })._remoteVer ?? ''));
  });
  assert.equal(header, 'SFTPGo');
});

test('accepted sockets get TCP_NODELAY', async (t) => {
  // Node cannot read a socket option back, so this test watches setNoDelay calls on the server's
  // sockets (a spy on the prototype, restored at the end).
  const original = Socket.prototype.setNoDelay;
  const calls: { localPort: number | undefined; value: boolean | undefined }[] = [];
  Socket.prototype.setNoDelay = function (this: Socket, value?: boolean) {
    calls.push({ localPort: this.localPort, value });
    return original.call(this, value);
  };
  t.after(() => {
    Socket.prototype.setNoDelay = original;
  });
  const h = await startServer(t);
  await h.user({});
  const client = await connect(t, h.port, { username: 'alice', password: 'secret-password' });
  assert.ok(calls.some((c) => c.localPort === h.port && c.value === true));
  client.end();
});

test('a client that does not log in in time is disconnected and logged as no_auth_tried', async (t) => {
  const h = await startServer(t, { loginTimeoutMs: 300 });
  const socket = createConnection({ host: '127.0.0.1', port: h.port });
  t.after(() => socket.destroy());
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  socket.write('SSH-2.0-slowpoke\r\n');
  await new Promise((resolve) => socket.once('close', resolve));
  let failures = await h.failures();
  for (let i = 0; i < 100 && failures.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    failures = await h.failures();
  }
  assert.deepEqual(
    failures.map((r) => [r.login_type, r.client_ip]),
    [['no_auth_tried', '127.0.0.1']],
  );
});

test('the idle checker of the registry closes an idle session', async (t) => {
  const clock = { now: Date.now() };
  const h = await startServer(t, { common: { idle_timeout: 1 }, registry: { now: () => clock.now } });
  await h.user({});
  const client = await connect(t, h.port, { username: 'alice', password: 'secret-password' });
  const done = closed(client);
  clock.now += 2 * 60_000;
  assert.equal(h.registry.checkIdles().length, 1);
  await done;
  await waitFor(() => h.registry.size === 0);
});

test('graceful stop waits for a running channel, then closes what is left', async (t) => {
  let finish: (() => void) | undefined;
  const h = await startServer(t, {
    sftpSubsystem: (channel) =>
      new Promise<void>((resolve) => {
        channel.write('started\n');
        finish = resolve;
      }),
  });
  await h.user({});
  const idle = await connect(t, h.port, { username: 'alice', password: 'secret-password' });
  const busy = await connect(t, h.port, { username: 'alice', password: 'secret-password' });
  const idleClosed = closed(idle);
  const busyClosed = closed(busy);
  const output = sftpSubsystem(busy);
  await waitFor(() => finish !== undefined);
  const started = Date.now();
  const stopped = h.server.stop({ graceMs: 5_000 });
  await idleClosed;
  finish?.();
  assert.equal((await output).stdout, 'started\n');
  await busyClosed;
  await stopped;
  assert.ok(Date.now() - started < 4_000, 'the stop ended when the last channel closed');
  assert.equal(h.server.clientCount, 0);
  await refused(connect(t, h.port, { username: 'alice', password: 'secret-password' }));
});

test('host keys are generated in the config dir when none are configured, and reused', async (t) => {
  const h = await startServer(t, { sftpd: { host_keys: [] } });
  const files = ['id_rsa', 'id_ecdsa', 'id_ed25519'].map((n) => join(h.dir, n));
  for (const file of files) {
    assert.ok(existsSync(file), file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(existsSync(`${file}.pub`));
  }
  const before = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  await h.server.stop({ graceMs: 0 });
  const again = await startServer(t, { sftpd: { host_keys: [] }, dir: h.dir });
  const after = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  assert.deepEqual(after, before);
  await again.user({});
  const seen: string[] = [];
  const client = await connect(t, again.port, {
    username: 'alice',
    password: 'secret-password',
    hostVerifier: (key: Buffer) => {
      seen.push(key.toString('base64'));
      return true;
    },
  });
  client.end();
  const published = (await Promise.all(files.map((f) => readFile(`${f}.pub`, 'utf8')))).map(
    (line) => line.trim().split(' ')[1],
  );
  assert.ok(published.includes(seen[0]));
});

test('the login banner is sent before authentication', async (t) => {
  const dir = (await import('../helpers/tmp.js')).tempDir;
  const bannerDir = await dir(t);
  const bannerFile = join(bannerDir, 'banner.txt');
  await writeFile(bannerFile, 'Welcome, authorized users only');
  const h = await startServer(t, { sftpd: { login_banner_file: bannerFile } });
  await h.user({});
  const client = new Client();
  t.after(() => client.end());
  const banner = await new Promise<string>((resolve, reject) => {
    client.once('banner', (message: string) => resolve(message));
    client.once('error', reject);
    client.connect({ host: '127.0.0.1', port: h.port, username: 'alice', password: 'secret-password' });
  });
  assert.match(banner, /Welcome, authorized users only/);
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) assert.fail('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
