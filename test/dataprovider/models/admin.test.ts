import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminToJSON, parseAdmin } from '../../../src/dataprovider/models/index.js';
import { assertInvalid, ctx, storedSecret } from './helpers.js';

const admin = (overrides: Record<string, unknown> = {}) => ({
  username: 'root',
  password: '$2a$10$hash',
  status: 1,
  permissions: ['*'],
  ...overrides,
});

describe('parseAdmin', () => {
  it('round-trips a dumped admin', () => {
    const dumped = {
      id: 1,
      status: 1,
      username: 'ops',
      password: '$argon2id$v=19$m=65536,t=1,p=2$c2FsdA$aGFzaA',
      email: 'ops@example.com',
      permissions: ['add_users', 'view_users'],
      filters: {
        allow_list: ['192.0.2.0/24'],
        allow_api_key_auth: true,
        require_two_factor: true,
        totp_config: { enabled: true, config_name: 'Default', secret: storedSecret('ops') },
        recovery_codes: [{ secret: storedSecret('ops', 'c1') }],
        preferences: { hide_user_page_sections: 3, default_users_expiration: 30 },
      },
      description: 'operations',
      additional_info: 'x',
      groups: [{ name: 'team', options: { add_to_users_as: 1 } }],
      created_at: 1,
      updated_at: 2,
      last_login: 3,
      role: 'eu',
    };
    assert.deepEqual(adminToJSON(parseAdmin(structuredClone(dumped), ctx), { forDump: true }), dumped);
  });

  it('fills SFTPGo defaults', () => {
    const parsed = parseAdmin(admin(), ctx);
    assert.deepEqual(parsed.filters.preferences, { hide_user_page_sections: 0, default_users_expiration: 0 });
    assert.deepEqual(adminToJSON(parsed, { forDump: false }), {
      id: 0,
      status: 1,
      username: 'root',
      permissions: ['*'],
      filters: { require_two_factor: false, totp_config: {}, preferences: {} },
      created_at: 0,
      updated_at: 0,
      last_login: 0,
    });
  });

  it('needs a valid, unreserved username and a password', () => {
    assertInvalid(() => parseAdmin(admin({ username: '' }), ctx), 'username');
    assertInvalid(() => parseAdmin(admin({ username: '__self__' }), ctx), 'username', /reserved/);
    assertInvalid(() => parseAdmin(admin({ password: '   ' }), ctx), 'password', /required/);
    assert.equal(parseAdmin(admin({ password: ' pw ' }), ctx).password, 'pw');
  });

  it('dedupes permissions and reduces a list with * to ["*"]', () => {
    assert.deepEqual(
      parseAdmin(admin({ permissions: ['view_users', 'view_users', 'view_conns'] }), ctx).permissions,
      ['view_users', 'view_conns'],
    );
    assert.deepEqual(parseAdmin(admin({ permissions: ['view_users', '*'] }), ctx).permissions, ['*']);
  });

  it('refuses no, unknown and, for role admins, super admin permissions', () => {
    assertInvalid(() => parseAdmin(admin({ permissions: [] }), ctx), 'permissions', /grant/);
    assertInvalid(() => parseAdmin(admin({ permissions: ['view_users', 'fly'] }), ctx), 'permissions[1]');
    assertInvalid(() => parseAdmin(admin({ role: 'eu' }), ctx), 'permissions', /role/);
    assert.equal(parseAdmin(admin({ role: 'eu', permissions: ['add_users'] }), ctx).role, 'eu');
  });

  it('checks status, e-mail and allow list', () => {
    assertInvalid(() => parseAdmin(admin({ status: 3 }), ctx), 'status');
    assertInvalid(() => parseAdmin(admin({ email: 'x' }), ctx), 'email');
    assertInvalid(
      () => parseAdmin(admin({ filters: { allow_list: ['10.0.0.0/8', 'bad'] } }), ctx),
      'filters.allow_list[1]',
    );
    assertInvalid(
      () => parseAdmin(admin({ filters: { preferences: { default_users_expiration: -1 } } }), ctx),
      'filters.preferences.default_users_expiration',
    );
  });

  it('checks TOTP settings and recovery codes', () => {
    const totp = { enabled: true, config_name: 'Default' };
    assertInvalid(
      () => parseAdmin(admin({ filters: { totp_config: totp } }), ctx),
      'filters.totp_config.secret',
    );
    assertInvalid(
      () => parseAdmin(admin({ filters: { totp_config: { ...totp, secret: { status: 'Redacted' } } } }), ctx),
      'filters.totp_config.secret',
      /redacted/,
    );
    assertInvalid(
      () => parseAdmin(admin({ filters: { recovery_codes: [{}] } }), ctx),
      'filters.recovery_codes[0].secret',
    );
  });

  it('checks group mappings', () => {
    const groups = [
      { name: 'a', options: { add_to_users_as: 1 } },
      { name: 'b', options: { add_to_users_as: 2 } },
    ];
    assert.equal(parseAdmin(admin({ groups }), ctx).groups.length, 2);
    assertInvalid(() => parseAdmin(admin({ groups: [{ name: '' }] }), ctx), 'groups[0].name');
    assertInvalid(
      () => parseAdmin(admin({ groups: [{ name: 'a', options: { add_to_users_as: 3 } }] }), ctx),
      'groups[0].options.add_to_users_as',
    );
    assertInvalid(
      () => parseAdmin(admin({ groups: [groups[0], { name: 'c', options: { add_to_users_as: 1 } }] }), ctx),
      'groups[1].options.add_to_users_as',
      /one primary/,
    );
  });

  it('leaves the password hash out of REST API output', () => {
    assert.equal(adminToJSON(parseAdmin(admin(), ctx), { forDump: false }).password, undefined);
    assert.equal(adminToJSON(parseAdmin(admin(), ctx), { forDump: true }).password, '$2a$10$hash');
  });
});
