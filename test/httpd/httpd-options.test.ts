// The binding options around the API: htpasswd users of SFTPGo 1.x, client addresses behind a
// trusted proxy, security headers, CORS, and HTTPS with client certificates reloaded on SIGHUP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { ADMIN, assertError, startApi, startService } from './harness.js';

const run = promisify(execFile);

test('htpasswd users (apr1 and bcrypt $2y$) get tokens and may use basic auth on the API', async (t) => {
  const apr1 = (await run('openssl', ['passwd', '-apr1', 'apr-secret'])).stdout.trim();
  const y = bcrypt.hashSync('bcrypt-secret', 4).replace(/^\$2[ab]\$/, '$2y$');
  const api = await startApi(t, {
    prepare: async (dir) => {
      await writeFile(join(dir, 'users.htpasswd'), `# admins\nold:${apr1}\nnew:${y}\nweird:{SHA}abc\n`);
      return { SFTPGO_HTTPD__AUTH_USER_FILE: 'users.htpasswd' };
    },
  });
  const token = await api.token({ username: 'old', password: 'apr-secret' });
  assert.equal((await api.request('GET', '/api/v2/users', { token })).status, 200);
  assert.equal(
    (await api.request('GET', '/api/v2/users', { basic: { username: 'new', password: 'bcrypt-secret' } }))
      .status,
    200,
  );
  assertError(
    await api.request('GET', '/api/v2/users', { basic: { username: 'new', password: 'wrong' } }),
    401,
  );
  assertError(
    await api.request('GET', '/api/v2/token', { basic: { username: 'weird', password: 'abc' } }),
    401,
  );
  // Admins of the data provider keep working, and their wrong passwords are not retried against the file.
  await api.token(ADMIN);
});

test('client address from a trusted proxy header decides the admin allow list', async (t) => {
  const api = await startApi(t, {
    env: {
      SFTPGO_HTTPD__BINDINGS__0__PROXY_ALLOWED: '127.0.0.1',
      SFTPGO_HTTPD__BINDINGS__0__CLIENT_IP_PROXY_HEADER: 'X-Forwarded-For',
      SFTPGO_HTTPD__BINDINGS__0__CLIENT_IP_HEADER_DEPTH: '1',
    },
  });
  const token = await api.token();
  const remote = { username: 'remote', password: 'remote-password' };
  await api.request('POST', '/api/v2/admins', {
    token,
    body: { ...remote, status: 1, permissions: ['*'], filters: { allow_list: ['10.1.2.0/24'] } },
  });
  const basic = `Basic ${Buffer.from(`${remote.username}:${remote.password}`).toString('base64')}`;
  const viaProxy = await fetch(`${api.baseUrl}/api/v2/token`, {
    headers: { authorization: basic, 'x-forwarded-for': '10.1.2.3, 192.168.0.9' },
  });
  assert.equal(viaProxy.status, 200, 'depth 1 skips the last proxy hop');
  const { access_token: remoteToken } = (await viaProxy.json()) as { access_token: string };
  const otherAddress = await fetch(`${api.baseUrl}/api/v2/version`, {
    headers: { authorization: `Bearer ${remoteToken}`, 'x-forwarded-for': '10.1.2.4, 192.168.0.9' },
  });
  assert.equal(otherAddress.status, 401, 'a token only works from the address it was issued to');
  const sameAddress = await fetch(`${api.baseUrl}/api/v2/version`, {
    headers: { authorization: `Bearer ${remoteToken}`, 'x-forwarded-for': '10.1.2.3, 192.168.0.9' },
  });
  assert.equal(sameAddress.status, 200);
  const direct = await fetch(`${api.baseUrl}/api/v2/token`, { headers: { authorization: basic } });
  assert.equal(direct.status, 401);
  const records = await api.records();
  assert.ok(
    records.some((r) => String(r['remote_addr']).startsWith('10.1.2.3:')),
    'the http log shows the client',
  );
});

test('security headers, allowed hosts and CORS', async (t) => {
  const { httpPort } = await startService(t, {
    env: {
      SFTPGO_HTTPD__BINDINGS__0__SECURITY__ENABLED: 'true',
      SFTPGO_HTTPD__BINDINGS__0__SECURITY__ALLOWED_HOSTS: '127.0.0.1',
      SFTPGO_HTTPD__BINDINGS__0__SECURITY__CONTENT_TYPE_NOSNIFF: 'true',
      SFTPGO_HTTPD__BINDINGS__0__SECURITY__REFERRER_POLICY: 'no-referrer',
      SFTPGO_HTTPD__BINDINGS__0__SECURITY__CONTENT_SECURITY_POLICY: "default-src 'self'",
      SFTPGO_HTTPD__CORS__ENABLED: 'true',
      SFTPGO_HTTPD__CORS__ALLOWED_ORIGINS: 'https://*.example.com',
      SFTPGO_HTTPD__CORS__ALLOWED_METHODS: 'GET,POST,PUT,DELETE',
      SFTPGO_HTTPD__CORS__ALLOWED_HEADERS: 'Authorization,Content-Type',
      SFTPGO_HTTPD__CORS__MAX_AGE: '600',
    },
  });
  const base = `http://127.0.0.1:${httpPort}`;
  const health = await fetch(`${base}/healthz`);
  assert.equal(health.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(health.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(health.headers.get('content-security-policy'), "default-src 'self'");
  assert.match(health.headers.get('server') ?? '', /^SFTPGo_/);
  assert.equal(health.headers.get('strict-transport-security'), null, 'no HSTS over plain HTTP');
  const badHost = await fetch(`http://localhost:${httpPort}/healthz`);
  assert.equal(badHost.status, 400);

  const preflight = await fetch(`${base}/api/v2/users`, {
    method: 'OPTIONS',
    headers: {
      origin: 'https://app.example.com',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'authorization',
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.equal(preflight.headers.get('access-control-allow-methods'), 'PUT');
  assert.equal(preflight.headers.get('access-control-max-age'), '600');
  const foreign = await fetch(`${base}/api/v2/version`, { headers: { origin: 'https://evil.test' } });
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  const simple = await fetch(`${base}/api/v2/version`, { headers: { origin: 'https://app.example.com' } });
  assert.equal(simple.status, 401);
  assert.equal(simple.headers.get('access-control-allow-origin'), 'https://app.example.com');
});

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
async function makeCertificates(dir: string, serverName: string): Promise<void> {
  const ssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  const ecKey = (name: string) => ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', name);
  await ecKey('ca.key');
  await ssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Test CA', '-days', '2', '-out', 'ca.crt');
  await writeFile(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const [name, cn, ext] of [
    [serverName, '127.0.0.1', ['-extfile', 'san.ext']],
    ['client', 'client', []],
  ] as const) {
    await ecKey(`${name}.key`);
    await ssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
    await ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      `${name}.crt`,
      ...ext,
    );
  }
}

interface TlsAnswer {
  readonly status: number;
  readonly fingerprint: string;
}

function get(port: number, options: { ca: string; cert?: string; key?: string }): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path: '/healthz', agent: false, ...options },
      (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, fingerprint }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('HTTPS with required client certificates; SIGHUP reload serves a renewed certificate', async (t) => {
  const service = await startService(t, {
    prepare: async (dir) => {
      await makeCertificates(dir, 'server');
      await copyFile(join(dir, 'server.crt'), join(dir, 'live.crt'));
      await copyFile(join(dir, 'server.key'), join(dir, 'live.key'));
      return {
        SFTPGO_HTTPD__BINDINGS__0__ENABLE_HTTPS: 'true',
        SFTPGO_HTTPD__BINDINGS__0__CLIENT_AUTH_TYPE: '1',
        SFTPGO_HTTPD__CERTIFICATE_FILE: 'live.crt',
        SFTPGO_HTTPD__CERTIFICATE_KEY_FILE: 'live.key',
        SFTPGO_HTTPD__CA_CERTIFICATES: 'ca.crt',
      };
    },
  });
  const { dir, httpPort } = service;
  const ca = await readFile(join(dir, 'ca.crt'), 'utf8');
  const client = {
    cert: await readFile(join(dir, 'client.crt'), 'utf8'),
    key: await readFile(join(dir, 'client.key'), 'utf8'),
  };
  await assert.rejects(get(httpPort, { ca }), 'no client certificate, no answer');
  const first = await get(httpPort, { ca, ...client });
  assert.equal(first.status, 200);

  await makeCertificates(dir, 'renewed');
  // A new CA, server and client certificate: the reload re-reads the CA list too.
  await copyFile(join(dir, 'renewed.crt'), join(dir, 'live.crt'));
  await copyFile(join(dir, 'renewed.key'), join(dir, 'live.key'));
  const httpd = service.servers.find((s) => s.name === 'httpd');
  assert.ok(httpd?.reload);
  await httpd.reload();
  const newCa = await readFile(join(dir, 'ca.crt'), 'utf8');
  const newClient = {
    cert: await readFile(join(dir, 'client.crt'), 'utf8'),
    key: await readFile(join(dir, 'client.key'), 'utf8'),
  };
  const second = await get(httpPort, { ca: newCa, ...newClient });
  assert.equal(second.status, 200);
  assert.notEqual(second.fingerprint, first.fingerprint, 'the renewed certificate is served');
});

test('a binding whose address is an absolute path listens on a Unix socket', async (t) => {
  const { dir } = await startService(t, {
    prepare: async (d) => ({
      SFTPGO_HTTPD__BINDINGS__0__ADDRESS: join(d, 'httpd.sock'),
      SFTPGO_HTTPD__BINDINGS__0__PORT: '0',
    }),
  });
  const body = await new Promise<string>((resolve, reject) => {
    const req = httpRequest({ socketPath: join(dir, 'httpd.sock'), path: '/healthz' }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(body, 'ok');
});
