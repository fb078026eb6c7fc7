import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { ApiHarness } from './harness.js';
import { ADMIN, assertError, startApi } from './harness.js';
import { decodeBase32, hotp, totpStep } from '../../src/util/totp.js';

const userBody = (dir: string, username: string, extra: Record<string, unknown> = {}) => ({
  username,
  password: `${username}-password`,
  status: 1,
  home_dir: join(dir, 'homes', username),
  permissions: { '/': ['*'] },
  ...extra,
});

test('/token gives a JWT for an admin with basic auth; bad or missing credentials are 401', async (t) => {
  const api = await startApi(t);
  assertError(await api.request('GET', '/api/v2/token'), 401);
  const missing = await api.request('GET', '/api/v2/token');
  assert.match(missing.headers.get('www-authenticate') ?? '', /^Basic/);
  assertError(await api.request('GET', '/api/v2/token', { basic: { ...ADMIN, password: 'wrong' } }), 401);
  assertError(
    await api.request('GET', '/api/v2/token', { basic: { username: 'nobody', password: 'x' } }),
    401,
  );
  const res = await api.request('GET', '/api/v2/token', { basic: ADMIN });
  assert.equal(res.status, 200);
  const lifetime = Date.parse(res.json.expires_at) - Date.now();
  assert.ok(lifetime > 19 * 60_000 && lifetime <= 20 * 60_000, 'tokens last 20 minutes by default');
  const version = await api.request('GET', '/api/v2/version', { token: res.json.access_token });
  assert.equal(version.status, 200);
  assertError(await api.request('GET', '/api/v2/version'), 401);
  assertError(
    await api.request('GET', '/api/v2/version', { token: `${res.json.access_token as string}x` }),
    401,
  );
  const healthz = await api.request('GET', '/healthz');
  assert.equal(healthz.text, 'ok');
  const http = (await api.records()).filter((r) => r['sender'] === 'httpd' && r['uri'] !== undefined);
  assert.ok(
    http.some((r) => String(r['uri']).endsWith('/api/v2/version') && r['resp_status'] === 200),
    'one http record per request with SFTPGo fields',
  );
});

test('/logout invalidates the token', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  assert.equal((await api.request('GET', '/api/v2/logout', { token })).status, 200);
  assertError(await api.request('GET', '/api/v2/version', { token }), 401);
});

test('users: CRUD, pagination and ordering, field-named 400s, 404 and 409', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  await api.request('POST', '/api/v2/folders', {
    token,
    body: { name: 'shared', mapped_path: join(api.dir, 'shared') },
  });
  const created = await api.request('POST', '/api/v2/users', {
    token,
    body: userBody(api.dir, 'alice', {
      virtual_folders: [{ name: 'shared', virtual_path: '/shared', quota_size: -1, quota_files: -1 }],
      permissions: { '/': ['list', 'download'], '/shared': ['*'] },
    }),
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.headers.get('location'), '/api/v2/users/alice');
  assert.equal(created.json.username, 'alice');
  assert.equal(created.json.virtual_folders[0].name, 'shared');
  assert.ok(!created.json.password, 'the password hash is never returned');
  for (const name of ['bob', 'carol']) {
    assert.equal(
      (await api.request('POST', '/api/v2/users', { token, body: userBody(api.dir, name) })).status,
      201,
    );
  }
  const page = await api.request('GET', '/api/v2/users?limit=2&offset=1&order=DESC', { token });
  assert.deepEqual(
    page.json.map((u: { username: string }) => u.username),
    ['bob', 'alice'],
  );
  assertError(await api.request('GET', '/api/v2/users?limit=0', { token }), 400, 'limit');
  assertError(await api.request('GET', '/api/v2/users?order=UP', { token }), 400, 'order');
  assertError(
    await api.request('POST', '/api/v2/users', {
      token,
      body: { ...userBody(api.dir, 'dave'), home_dir: 'relative' },
    }),
    400,
    'home_dir',
  );
  assertError(
    await api.request('POST', '/api/v2/users', {
      token,
      body: { ...userBody(api.dir, 'dave'), permissions: { '/': ['fly'] } },
    }),
    400,
    'permissions',
  );
  assertError(await api.request('POST', '/api/v2/users', { token, raw: '{"username":' }), 400);
  assertError(await api.request('POST', '/api/v2/users', { token, body: userBody(api.dir, 'alice') }), 409);
  assert.equal((await api.request('GET', '/api/v2/users/alice', { token })).json.username, 'alice');
  assertError(await api.request('GET', '/api/v2/users/nobody', { token }), 404);
  const updated = await api.request('PUT', '/api/v2/users/bob?disconnect=1', {
    token,
    body: { ...userBody(api.dir, 'bob'), password: '', description: 'changed' },
  });
  assert.equal(updated.status, 200, updated.text);
  assert.equal(updated.json.message, 'User updated');
  assert.equal((await api.request('GET', '/api/v2/users/bob', { token })).json.description, 'changed');
  assertError(
    await api.request('PUT', '/api/v2/users/nobody', { token, body: userBody(api.dir, 'nobody') }),
    404,
  );
  assert.equal((await api.request('DELETE', '/api/v2/users/carol', { token })).status, 200);
  assertError(await api.request('DELETE', '/api/v2/users/carol', { token }), 404);
});

test('folders and admins CRUD; admin permissions are enforced per endpoint', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  const folder = await api.request('POST', '/api/v2/folders', {
    token,
    body: { name: 'f1', mapped_path: join(api.dir, 'f1') },
  });
  assert.equal(folder.status, 201, folder.text);
  assertError(
    await api.request('POST', '/api/v2/folders', { token, body: { name: 'f2', mapped_path: 'rel' } }),
    400,
    'mapped_path',
  );
  assert.equal((await api.request('GET', '/api/v2/folders', { token })).json.length, 1);
  assert.equal(
    (
      await api.request('PUT', '/api/v2/folders/f1', {
        token,
        body: { name: 'f1', mapped_path: join(api.dir, 'f1b') },
      })
    ).status,
    200,
  );
  assertError(await api.request('GET', '/api/v2/folders/none', { token }), 404);
  assert.equal((await api.request('DELETE', '/api/v2/folders/f1', { token })).status, 200);

  const viewer = { username: 'viewer', password: 'viewer-password' };
  const added = await api.request('POST', '/api/v2/admins', {
    token,
    body: { ...viewer, status: 1, permissions: ['view_users'] },
  });
  assert.equal(added.status, 201, added.text);
  assertError(
    await api.request('POST', '/api/v2/admins', {
      token,
      body: { ...viewer, status: 1, permissions: ['fly'] },
    }),
    400,
    'permissions',
  );
  assertError(await api.request('GET', '/api/v2/admins/nobody', { token }), 404);
  const viewerToken = await api.token(viewer);
  assert.equal((await api.request('GET', '/api/v2/users', { token: viewerToken })).status, 200);
  assertError(
    await api.request('POST', '/api/v2/users', { token: viewerToken, body: userBody(api.dir, 'x') }),
    403,
  );
  assertError(await api.request('GET', '/api/v2/admins', { token: viewerToken }), 403);
  assertError(await api.request('GET', '/api/v2/connections', { token: viewerToken }), 403);
  assertError(await api.request('GET', '/api/v2/status', { token: viewerToken }), 403);
  assertError(await api.request('GET', '/api/v2/dumpdata?output-data=1', { token: viewerToken }), 403);
  assertError(await api.request('DELETE', '/api/v2/admins/root', { token }), 400, 'yourself');
  assert.equal(
    (
      await api.request('PUT', '/api/v2/admins/viewer', {
        token,
        body: { ...viewer, password: '', status: 1, permissions: ['view_users', 'view_conns'] },
      })
    ).status,
    200,
  );
  assert.equal((await api.request('GET', '/api/v2/connections', { token: viewerToken })).status, 200);
  assert.equal((await api.request('DELETE', '/api/v2/admins/viewer', { token })).status, 200);
  assertError(await api.request('GET', '/api/v2/users', { token: viewerToken }), 401);
});

test('admin allow list and TOTP: no token from a network outside the list, nor without a fresh one-time password', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  const limited = { username: 'limited', password: 'limited-password' };
  await api.request('POST', '/api/v2/admins', {
    token,
    body: { ...limited, status: 1, permissions: ['*'], filters: { allow_list: ['10.0.0.0/8'] } },
  });
  assertError(await api.request('GET', '/api/v2/token', { basic: limited }), 401);
  const otp = { username: 'otp', password: 'otp-password' };
  const added = await api.request('POST', '/api/v2/admins', {
    token,
    body: {
      ...otp,
      status: 1,
      permissions: ['*'],
      filters: {
        totp_config: {
          enabled: true,
          config_name: 'Default',
          secret: { status: 'Plain', payload: 'JBSWY3DPEHPK3PXP' },
        },
      },
    },
  });
  assert.equal(added.status, 201, added.text);
  const key = decodeBase32('JBSWY3DPEHPK3PXP') as Buffer;
  const step = totpStep(Date.now());
  const tokenWith = (passcode?: string) =>
    api.request('GET', '/api/v2/token', {
      basic: otp,
      ...(passcode === undefined ? {} : { headers: { 'X-SFTPGO-OTP': passcode } }),
    });
  assertError(await tokenWith(), 401, 'invalid credentials');
  assertError(await tokenWith(hotp(key, step + 10, 'sha1')), 401, 'invalid credentials');
  const passcode = hotp(key, step, 'sha1');
  const issued = await tokenWith(passcode);
  assert.equal(issued.status, 200, issued.text);
  assert.equal((await api.request('GET', '/api/v2/users', { token: issued.json.access_token })).status, 200);
  assertError(await tokenWith(passcode), 401, 'invalid credentials');
});

test('profile, password change and API keys with impersonation', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  const profile = await api.request('GET', '/api/v2/admin/profile', { token });
  assert.equal(profile.json.allow_api_key_auth, true);
  assert.equal(
    (
      await api.request('PUT', '/api/v2/admin/profile', {
        token,
        body: { email: 'root@example.com', allow_api_key_auth: true },
      })
    ).status,
    200,
  );
  assert.equal((await api.request('GET', '/api/v2/admin/profile', { token })).json.email, 'root@example.com');

  const key = await api.request('POST', '/api/v2/apikeys', { token, body: { name: 'script', scope: 1 } });
  assert.equal(key.status, 201, key.text);
  const secret = key.json.key as string;
  const keyId = secret.split('.')[0] ?? '';
  assert.match(key.headers.get('location') ?? '', new RegExp(`/api/v2/apikeys/${keyId}$`));
  assert.equal((await api.request('GET', '/api/v2/users', { apiKey: `${secret}.root` })).status, 200);
  assertError(await api.request('GET', '/api/v2/users', { apiKey: secret }), 401);
  assertError(await api.request('GET', '/api/v2/users', { apiKey: 'garbage' }), 400);
  assertError(await api.request('GET', '/api/v2/users', { apiKey: `${keyId}.wrong.root` }), 401);
  assertError(
    await api.request('GET', '/api/v2/apikeys', { apiKey: `${secret}.root` }),
    403,
    'API key authentication is not allowed',
  );
  assertError(await api.request('GET', '/api/v2/admin/profile', { apiKey: `${secret}.root` }), 403);
  const listed = await api.request('GET', '/api/v2/apikeys', { token });
  assert.equal(listed.json[0].id, keyId);
  assert.ok(!listed.json[0].key, 'the key hash is never returned');
  assert.equal(
    (await api.request('PUT', `/api/v2/apikeys/${keyId}`, { token, body: { name: 'renamed', scope: 1 } }))
      .status,
    200,
  );
  assertError(await api.request('GET', '/api/v2/apikeys/none', { token }), 404);
  assertError(
    await api.request('POST', '/api/v2/apikeys', { token, body: { name: 'x', scope: 7 } }),
    400,
    'scope',
  );
  assert.equal((await api.request('DELETE', `/api/v2/apikeys/${keyId}`, { token })).status, 200);
  assertError(await api.request('GET', '/api/v2/users', { apiKey: `${secret}.root` }), 400);

  assertError(
    await api.request('PUT', '/api/v2/admin/changepwd', {
      token,
      body: { current_password: 'bad', new_password: 'new-password' },
    }),
    400,
  );
  assertError(
    await api.request('PUT', '/api/v2/admin/changepwd', { token, body: { current_password: 'x' } }),
    400,
    'new_password',
  );
  const changed = await api.request('PUT', '/api/v2/admin/changepwd', {
    token,
    body: { current_password: ADMIN.password, new_password: 'new-password' },
  });
  assert.equal(changed.status, 200, changed.text);
  assertError(await api.request('GET', '/api/v2/token', { basic: ADMIN }), 401);
  await api.token({ username: ADMIN.username, password: 'new-password' });
});

/** Waits until no quota scan of this kind is listed as running. */
async function waitScans(api: ApiHarness, token: string, kind: 'users' | 'folders'): Promise<void> {
  for (let i = 0; i < 250; i++) {
    const running = await api.request('GET', `/api/v2/quotas/${kind}/scans`, { token });
    assert.ok(Array.isArray(running.json));
    if (running.json.length === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`${kind} quota scans still running`);
}

test('quotas: usage updates (add/reset), scans, 404 and validation', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  const home = join(api.dir, 'homes', 'alice');
  await mkdir(home, { recursive: true });
  await writeFile(join(home, 'a.bin'), Buffer.alloc(1000));
  await writeFile(join(home, 'b.bin'), Buffer.alloc(24));
  await api.request('POST', '/api/v2/users', {
    token,
    body: userBody(api.dir, 'alice', { quota_size: 1_000_000 }),
  });
  const put = (mode: string, body: object) =>
    api.request('PUT', `/api/v2/quotas/users/alice/usage?mode=${mode}`, { token, body });
  assert.equal((await put('reset', { used_quota_size: 100, used_quota_files: 2 })).status, 200);
  assert.equal((await put('add', { used_quota_size: 50, used_quota_files: 1 })).status, 200);
  let user = (await api.request('GET', '/api/v2/users/alice', { token })).json;
  assert.deepEqual([user.used_quota_size, user.used_quota_files], [150, 3]);
  assertError(await put('sum', { used_quota_size: 1 }), 400, 'mode');
  assertError(await put('add', { used_quota_size: 'many' }), 400, 'used_quota_size');
  assertError(await api.request('PUT', '/api/v2/quotas/users/nobody/usage', { token, body: {} }), 404);
  assert.equal(
    (
      await api.request('PUT', '/api/v2/quotas/users/alice/transfer-usage', {
        token,
        body: { used_upload_data_transfer: 10 },
      })
    ).status,
    200,
  );
  const scan = await api.request('POST', '/api/v2/quotas/users/alice/scan', { token });
  assert.equal(scan.status, 202, scan.text);
  assert.ok(Array.isArray((await api.request('GET', '/api/v2/quotas/users/scans', { token })).json));
  await waitScans(api, token, 'users');
  user = (await api.request('GET', '/api/v2/users/alice', { token })).json;
  assert.deepEqual([user.used_quota_size, user.used_quota_files], [1024, 2]);
  assertError(await api.request('POST', '/api/v2/quotas/users/nobody/scan', { token }), 404);

  await mkdir(join(api.dir, 'f1'), { recursive: true });
  await writeFile(join(api.dir, 'f1', 'x'), 'xyz');
  await api.request('POST', '/api/v2/folders', {
    token,
    body: { name: 'f1', mapped_path: join(api.dir, 'f1') },
  });
  assert.equal((await api.request('POST', '/api/v2/quotas/folders/f1/scan', { token })).status, 202);
  await waitScans(api, token, 'folders');
  assert.equal((await api.request('GET', '/api/v2/folders/f1', { token })).json.used_quota_files, 1);
  assert.equal(
    (
      await api.request('PUT', '/api/v2/quotas/folders/f1/usage?mode=add', {
        token,
        body: { used_quota_files: 1 },
      })
    ).status,
    200,
  );
  assertError(await api.request('PUT', '/api/v2/quotas/folders/none/usage', { token, body: {} }), 404);
});

test('dumpdata and loaddata: to the response or a file, restore from a file or the body', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  await api.request('POST', '/api/v2/users', { token, body: userBody(api.dir, 'alice') });
  const dump = await api.request('GET', '/api/v2/dumpdata?output-data=1&indent=1', { token });
  assert.equal(dump.status, 200);
  assert.ok(dump.text.includes('\n  "users"'), 'indented');
  assert.equal(dump.json.users[0].username, 'alice');
  assert.ok(dump.json.users[0].password.startsWith('$2a$'), 'dumps keep password hashes');
  const scoped = await api.request('GET', '/api/v2/dumpdata?output-data=1&scopes=users', { token });
  assert.equal(scoped.json.admins, undefined);
  assertError(await api.request('GET', '/api/v2/dumpdata', { token }), 400, 'output-file');
  assertError(
    await api.request('GET', '/api/v2/dumpdata?output-file=../escape.json', { token }),
    400,
    'output-file',
  );
  const saved = await api.request('GET', '/api/v2/dumpdata?output-file=backup.json', { token });
  assert.equal(saved.json.message, 'Data saved');
  const file = JSON.parse(await readFile(join(api.dir, 'backups', 'backup.json'), 'utf8')) as {
    users: unknown[];
  };
  assert.equal(file.users.length, 1);

  assert.equal((await api.request('DELETE', '/api/v2/users/alice', { token })).status, 200);
  const restored = await api.request('GET', '/api/v2/loaddata?input-file=backup.json&mode=0', { token });
  assert.equal(restored.status, 200, restored.text);
  assert.equal((await api.request('GET', '/api/v2/users/alice', { token })).status, 200);
  assertError(await api.request('GET', '/api/v2/loaddata', { token }), 400, 'input-file');
  assertError(await api.request('GET', '/api/v2/loaddata?input-file=missing.json', { token }), 400);

  assert.equal((await api.request('DELETE', '/api/v2/users/alice', { token })).status, 200);
  const posted = await api.request('POST', '/api/v2/loaddata?mode=1', { token, body: dump.json });
  assert.equal(posted.status, 200, posted.text);
  assert.equal((await api.request('GET', '/api/v2/users/alice', { token })).status, 200);
  assertError(
    await api.request('POST', '/api/v2/loaddata', {
      token,
      body: { users: [{ username: 'bad', home_dir: 'rel' }] },
    }),
    400,
    'home_dir',
  );
});

test('connections and status', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  assert.deepEqual((await api.request('GET', '/api/v2/connections', { token })).json, []);
  assertError(await api.request('DELETE', '/api/v2/connections/none', { token }), 404);
  const status = await api.request('GET', '/api/v2/status', { token });
  assert.equal(status.json.data_provider.driver, 'memory');
  assert.equal(status.json.data_provider.is_active, true);
});

test('the served OpenAPI document is valid OpenAPI 3, with a Swagger UI page', async (t) => {
  const api = await startApi(t);
  const doc = (await api.request('GET', '/openapi', { unchecked: true })).json;
  await SwaggerParser.validate(structuredClone(doc));
  assert.equal(doc.openapi, '3.0.3');
  for (const path of [
    '/users',
    '/users/{username}',
    '/folders',
    '/admins',
    '/apikeys',
    '/connections',
    '/dumpdata',
    '/loaddata',
    '/token',
  ]) {
    assert.ok(doc.paths[path], `${path} documented`);
  }
  const ui = await api.request('GET', '/openapi/swagger-ui', { unchecked: true });
  assert.match(ui.text, /swagger-ui-bundle\.js/);
  // The page's assets are served here, not fetched from elsewhere.
  assert.doesNotMatch(ui.text, /https?:\/\//);
  for (const asset of ['swagger-ui.css', 'swagger-ui-bundle.js', 'init.js']) {
    const res = await api.request('GET', `/openapi/swagger-ui/${asset}`, { unchecked: true });
    assert.equal(res.status, 200, asset);
  }
  const init = await api.request('GET', '/openapi/swagger-ui/init.js', { unchecked: true });
  assert.match(init.text, /SwaggerUIBundle\(\{ url: "\/openapi\/openapi\.json"/);
  assertError(await api.request('GET', '/api/v2/nothing', { unchecked: true }), 404);
});

test('enable_rest_api false leaves only the health check', async (t) => {
  const off = await startApiOff(t);
  assert.equal((await fetch(`${off}/healthz`)).status, 200);
  assert.equal((await fetch(`${off}/api/v2/token`)).status, 404);
});

async function startApiOff(t: Parameters<typeof startApi>[0]): Promise<string> {
  const { loadConfig } = await import('../../src/config/index.js');
  const { openRuntime, closeRuntime } = await import('../../src/service/runtime.js');
  const { buildServers } = await import('../../src/service/build-servers.js');
  const { fileLogger } = await import('../helpers/hooks.js');
  const { tempDir } = await import('../helpers/tmp.js');
  const { freePort } = await import('../sftpd/harness.js');
  const dir = await tempDir(t);
  const port = await freePort();
  const loaded = await loadConfig({
    configDir: dir,
    env: {
      SFTPGO_HTTPD__BINDINGS__0__PORT: String(port),
      SFTPGO_HTTPD__BINDINGS__0__ADDRESS: '127.0.0.1',
      SFTPGO_HTTPD__BINDINGS__0__ENABLE_REST_API: 'false',
      SFTPGO_DATA_PROVIDER__DRIVER: 'memory',
      SFTPGO_SFTPD__BINDINGS__0__PORT: '0',
    },
  });
  const runtime = await openRuntime(loaded, fileLogger(t, dir).logger);
  t.after(() => closeRuntime(runtime));
  const servers = buildServers(runtime);
  for (const s of servers) await s.start();
  t.after(async () => {
    for (const s of servers) await s.stop({ graceMs: 0 });
  });
  return `http://127.0.0.1:${port}`;
}

test('an admin with a role only sees and manages the users of its role', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  const loaded = await api.request('POST', '/api/v2/loaddata', {
    token,
    body: { roles: [{ name: 'sales' }] },
  });
  assert.equal(loaded.status, 200, loaded.text);
  const manager = { username: 'manager', password: 'manager-password' };
  const added = await api.request('POST', '/api/v2/admins', {
    token,
    body: {
      ...manager,
      status: 1,
      role: 'sales',
      permissions: ['add_users', 'edit_users', 'del_users', 'view_users'],
    },
  });
  assert.equal(added.status, 201, added.text);
  await api.request('POST', '/api/v2/users', { token, body: userBody(api.dir, 'outsider') });
  const managerToken = await api.token(manager);
  const mine = await api.request('POST', '/api/v2/users', {
    token: managerToken,
    body: userBody(api.dir, 'seller'),
  });
  assert.equal(mine.status, 201, mine.text);
  assert.equal(mine.json.role, 'sales', 'the role is forced');
  const listed = await api.request('GET', '/api/v2/users', { token: managerToken });
  assert.deepEqual(
    listed.json.map((u: { username: string }) => u.username),
    ['seller'],
  );
  assertError(await api.request('GET', '/api/v2/users/outsider', { token: managerToken }), 404);
  assertError(await api.request('DELETE', '/api/v2/users/outsider', { token: managerToken }), 404);
  assertError(
    await api.request('PUT', '/api/v2/users/outsider', {
      token: managerToken,
      body: userBody(api.dir, 'outsider'),
    }),
    404,
  );
});

test('an admin that must change its password can only reach its own account until it does', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  const fresh = { username: 'fresh', password: 'fresh-password' };
  await api.request('POST', '/api/v2/admins', {
    token,
    body: { ...fresh, status: 1, permissions: ['*'], filters: { require_password_change: true } },
  });
  const freshToken = await api.token(fresh);
  assertError(
    await api.request('GET', '/api/v2/users', { token: freshToken }),
    403,
    'Password change required',
  );
  assert.equal((await api.request('GET', '/api/v2/version', { token: freshToken })).status, 200);
  assert.equal((await api.request('GET', '/api/v2/admin/profile', { token: freshToken })).status, 200);
  const changed = await api.request('PUT', '/api/v2/admin/changepwd', {
    token: freshToken,
    body: { current_password: fresh.password, new_password: 'brand-new-password' },
  });
  assert.equal(changed.status, 200, changed.text);
  assert.equal((await api.request('GET', '/api/v2/users', { token: freshToken })).status, 200);
});
