// Shared by the REST tests of the connection guards: a service whose SSH server reads PROXY
// protocol headers from loopback and whose httpd trusts X-Forwarded-For from loopback, so each test
// plays any client address over SSH and HTTP; and a user alice to log in as.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { v1 } from '../common/proxy-protocol/headers.js';
import type { ApiHarness, ServiceOptions } from './harness.js';
import { startApi } from './harness.js';

export const ALICE_PASSWORD = 'alice-password';

/** Settings of a service where loopback is a trusted proxy for SSH and HTTP. */
export const BEHIND_PROXY_ENV: Readonly<Record<string, string>> = {
  SFTPGO_COMMON__PROXY_PROTOCOL: '1',
  SFTPGO_COMMON__PROXY_ALLOWED: '127.0.0.1',
  SFTPGO_SFTPD__BINDINGS__0__APPLY_PROXY_CONFIG: 'true',
  SFTPGO_HTTPD__BINDINGS__0__PROXY_ALLOWED: '127.0.0.1',
  SFTPGO_HTTPD__BINDINGS__0__CLIENT_IP_PROXY_HEADER: 'X-Forwarded-For',
};

/** The defender on, without login delays (each wrong password would wait 1 s). */
export const DEFENDER_ENV: Readonly<Record<string, string>> = {
  SFTPGO_COMMON__DEFENDER__ENABLED: 'true',
  SFTPGO_COMMON__DEFENDER__LOGIN_DELAY__PASSWORD_FAILED: '0',
};

/** The PROXY header an SSH client sends to play `ip`. */
export const sshFrom = (ip: string): Buffer => v1(`PROXY TCP4 ${ip} 127.0.0.1 50000 22`);

/** Request headers to play `ip` over HTTP. */
export const httpFrom = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

/** The REST id of a defender host: its address as hexadecimal text. */
export const hostId = (ip: string): string => Buffer.from(ip).toString('hex');

/** {@link startApi} with SSH, the proxy settings above, `env`, and a user alice; returns a super admin token too. */
export async function startGuardedApi(
  t: TestContext,
  env: Readonly<Record<string, string>>,
  options: ServiceOptions = {},
): Promise<ApiHarness & { readonly adminToken: string }> {
  const api = await startApi(t, { ...options, sftp: true, env: { ...BEHIND_PROXY_ENV, ...env } });
  const adminToken = await api.token();
  const added = await api.request('POST', '/api/v2/users', {
    token: adminToken,
    body: {
      username: 'alice',
      password: ALICE_PASSWORD,
      status: 1,
      home_dir: api.dir,
      permissions: { '/': ['*'] },
    },
  });
  assert.equal(added.status, 201, added.text);
  return { ...api, adminToken };
}
