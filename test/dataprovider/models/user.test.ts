import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseUser, userToJSON } from '../../../src/dataprovider/models/index.js';
import { dumpedUser } from './fixture-user.js';
import {
  EMPTY_FS_SETTINGS,
  assertInvalid,
  ctx,
  dsaKey,
  ed25519Key,
  minimalUser,
  rsaKey,
  storedSecret,
} from './helpers.js';

const fullCtx = { ...ctx, externalAuthEnabled: true, totpConfigNames: ['Default'] };

describe('parseUser round trip', () => {
  it('writes a complete SFTPGo dump entry back unchanged', () => {
    const input = dumpedUser();
    const user = parseUser(structuredClone(input), fullCtx);
    assert.deepEqual(userToJSON(user, { forDump: true }), input);
  });

  it('is stable: parsing its own output gives the same user', () => {
    const user = parseUser(dumpedUser(), fullCtx);
    assert.deepEqual(parseUser(userToJSON(user, { forDump: true }), fullCtx), user);
  });

  it('does not modify its input', () => {
    const input = minimalUser({ permissions: { '/': ['*'], '/a/': ['list', 'list'] } });
    const copy = structuredClone(input);
    parseUser(input, ctx);
    assert.deepEqual(input, copy);
  });
});

describe('parseUser defaults', () => {
  it('fills missing fields with the zero values SFTPGo decoding gives', () => {
    const user = parseUser({ username: 'bob', home_dir: '/home/bob', permissions: { '/': ['list'] } }, ctx);
    assert.equal(user.status, 0);
    assert.equal(user.id, 0);
    assert.equal(user.email, '');
    assert.equal(user.password, '');
    assert.equal(user.has_password, false);
    assert.deepEqual(user.public_keys, []);
    assert.equal(user.quota_size, 0);
    assert.deepEqual(user.virtual_folders, []);
    assert.deepEqual(user.groups, []);
    assert.equal(user.filesystem.provider, 0);
    assert.deepEqual(user.filesystem.s3config.access_secret, {
      status: '',
      payload: '',
      key: '',
      additional_data: '',
      mode: 0,
    });
    assert.deepEqual(user.filters.allowed_ip, []);
    assert.deepEqual(user.filters.hooks, {
      external_auth_disabled: false,
      pre_login_disabled: false,
      check_password_disabled: false,
    });
    assert.equal(user.filters.totp_config.enabled, false);
    assert.deepEqual(user.filters.totp_config.protocols, []);
  });

  it('treats null like a missing field', () => {
    const user = parseUser(
      minimalUser({ email: null, public_keys: null, filters: null, filesystem: null }),
      ctx,
    );
    assert.equal(user.email, '');
    assert.deepEqual(user.public_keys, []);
    assert.equal(user.filesystem.provider, 0);
  });

  it('writes only what SFTPGo writes for a minimal user', () => {
    const json = userToJSON(parseUser(minimalUser(), ctx), { forDump: true });
    assert.deepEqual(json, {
      id: 0,
      status: 1,
      username: 'alice',
      home_dir: '/srv/alice',
      uid: 0,
      gid: 0,
      max_sessions: 0,
      quota_size: 0,
      quota_files: 0,
      permissions: { '/': ['*'] },
      upload_data_transfer: 0,
      download_data_transfer: 0,
      total_data_transfer: 0,
      created_at: 0,
      updated_at: 0,
      filters: {
        hooks: { external_auth_disabled: false, pre_login_disabled: false, check_password_disabled: false },
        totp_config: {},
      },
      filesystem: {
        provider: 0,
        ...EMPTY_FS_SETTINGS,
      },
    });
  });

  it('sets has_password from the password and ignores the one sent', () => {
    assert.equal(parseUser(minimalUser({ password: 'secret' }), ctx).has_password, true);
    assert.equal(parseUser(minimalUser({ has_password: true }), ctx).has_password, false);
  });

  it('drops oidc_custom_fields, which are never stored', () => {
    const user = parseUser(minimalUser({ oidc_custom_fields: { a: 1 } }), ctx);
    assert.equal(user.oidc_custom_fields, undefined);
  });

  it('ignores unknown fields', () => {
    assert.equal(parseUser(minimalUser({ shoe_size: 44, filters: { color: 'red' } }), ctx).username, 'alice');
  });
});

describe('parseUser JSON types', () => {
  it('refuses input that is not an object', () => {
    assertInvalid(() => parseUser('alice', ctx), '', /must be a JSON object/);
    assertInvalid(() => parseUser(null, ctx), '');
    assertInvalid(() => parseUser([], ctx), '');
  });

  it('names fields with the wrong JSON type', () => {
    assertInvalid(() => parseUser(minimalUser({ username: 5 }), ctx), 'username', /must be a string/);
    assertInvalid(
      () => parseUser(minimalUser({ quota_size: '10' }), ctx),
      'quota_size',
      /must be an integer/,
    );
    assertInvalid(() => parseUser(minimalUser({ quota_files: 1.5 }), ctx), 'quota_files', /integer/);
    assertInvalid(() => parseUser(minimalUser({ uid: 2 ** 60 }), ctx), 'uid', /too large/);
    assertInvalid(() => parseUser(minimalUser({ public_keys: 'key' }), ctx), 'public_keys', /array/);
    assertInvalid(() => parseUser(minimalUser({ public_keys: ['a', 3] }), ctx), 'public_keys[1]', /string/);
    assertInvalid(() => parseUser(minimalUser({ filters: [] }), ctx), 'filters', /object/);
    assertInvalid(
      () => parseUser(minimalUser({ filters: { is_anonymous: 'yes' } }), ctx),
      'filters.is_anonymous',
    );
    assertInvalid(() => parseUser(minimalUser({ permissions: { '/': '*' } }), ctx), 'permissions./', /array/);
    assertInvalid(() => parseUser(minimalUser({ permissions: { '/': [1] } }), ctx), 'permissions./[0]');
    assertInvalid(
      () => parseUser(minimalUser({ filesystem: { provider: '1' } }), ctx),
      'filesystem.provider',
    );
    assertInvalid(
      () => parseUser(minimalUser({ filesystem: { s3config: { access_secret: 'x' } } }), ctx),
      'filesystem.s3config.access_secret',
    );
    assertInvalid(
      () => parseUser(minimalUser({ filesystem: { s3config: { access_secret: { status: 'Rot13' } } } }), ctx),
      'filesystem.s3config.access_secret.status',
      /unknown secret status/,
    );
    assertInvalid(() => parseUser(minimalUser({ virtual_folders: [{}, 'x'] }), ctx), 'virtual_folders[1]');
    assertInvalid(() => parseUser(minimalUser({ groups: [{ name: 1 }] }), ctx), 'groups[0].name');
  });
});

describe('parseUser username', () => {
  it('is required', () => {
    assertInvalid(() => parseUser(minimalUser({ username: '' }), ctx), 'username', /required/);
  });

  it('follows the naming rules', () => {
    assert.equal(
      parseUser(minimalUser({ username: '  Ålice  ' }), { ...ctx, namingRules: 7 }).username,
      'ålice',
    );
    assert.equal(parseUser(minimalUser({ username: 'Alice' }), { ...ctx, namingRules: 1 }).username, 'Alice');
    assert.equal(
      parseUser(minimalUser({ username: 'a-b_c.d~e' }), { ...ctx, namingRules: 0 }).username,
      'a-b_c.d~e',
    );
    assertInvalid(
      () => parseUser(minimalUser({ username: 'ålice' }), { ...ctx, namingRules: 0 }),
      'username',
      /a-zA-Z0-9/,
    );
    // Without the trim rule, trailing space is kept and refused.
    assertInvalid(
      () => parseUser(minimalUser({ username: 'alice ' }), { ...ctx, namingRules: 1 }),
      'username',
      /space/,
    );
  });

  it('must be safe in paths and logs', () => {
    for (const bad of [
      'a/b',
      'a\\b',
      'a:b',
      'a*b',
      '..',
      'con',
      'LPT1.txt',
      'a\u200bb',
      'a\nb',
      'x'.repeat(256),
    ]) {
      assertInvalid(() => parseUser(minimalUser({ username: bad }), ctx), 'username');
    }
  });

  it('cannot be a reserved name', () => {
    assertInvalid(() => parseUser(minimalUser({ username: '__system__' }), ctx), 'username', /reserved/);
  });
});

describe('parseUser e-mail', () => {
  it('accepts valid addresses and refuses invalid ones', () => {
    assert.equal(
      parseUser(minimalUser({ email: 'a.b+c@mail.example.com' }), ctx).email,
      'a.b+c@mail.example.com',
    );
    assertInvalid(() => parseUser(minimalUser({ email: 'not-an-email' }), ctx), 'email', /not valid/);
    assertInvalid(
      () => parseUser(minimalUser({ filters: { additional_emails: ['ok@example.com', 'x@'] } }), ctx),
      'filters.additional_emails[1]',
    );
  });
});

describe('parseUser home_dir', () => {
  it('is cleaned', () => {
    assert.equal(parseUser(minimalUser({ home_dir: '/srv//alice/../bob/' }), ctx).home_dir, '/srv/bob');
  });

  it('is derived from users_base_dir when empty', () => {
    const user = parseUser(minimalUser({ home_dir: '' }), { ...ctx, usersBaseDir: '/srv/users' });
    assert.equal(user.home_dir, '/srv/users/alice');
  });

  it('is derived from the temporary directory for cloud storage', () => {
    const fs = { provider: 2, gcsconfig: { bucket: 'b', automatic_credentials: 1 } };
    assert.equal(
      parseUser(minimalUser({ home_dir: '', filesystem: fs }), ctx).home_dir,
      join(tmpdir(), 'alice'),
    );
    assert.equal(
      parseUser(minimalUser({ home_dir: '', filesystem: fs }), { ...ctx, tempDir: '/var/tmp' }).home_dir,
      '/var/tmp/alice',
    );
  });

  it('is required for local storage without users_base_dir', () => {
    assertInvalid(() => parseUser(minimalUser({ home_dir: '' }), ctx), 'home_dir', /required/);
  });

  it('must be absolute', () => {
    assertInvalid(() => parseUser(minimalUser({ home_dir: 'srv/alice' }), ctx), 'home_dir', /absolute/);
  });
});

describe('parseUser limits', () => {
  it('accepts zero and positive values', () => {
    const user = parseUser(
      minimalUser({
        uid: 2147483647,
        gid: 0,
        max_sessions: 3,
        quota_size: 10,
        quota_files: 0,
        expiration_date: 1,
      }),
      ctx,
    );
    assert.equal(user.uid, 2147483647);
    assert.equal(user.max_sessions, 3);
  });

  it('refuses negative limits and out-of-range ids', () => {
    for (const key of [
      'max_sessions',
      'quota_size',
      'quota_files',
      'expiration_date',
      'total_data_transfer',
    ]) {
      assertInvalid(() => parseUser(minimalUser({ [key]: -1 }), ctx), key, /at least 0/);
    }
    assertInvalid(() => parseUser(minimalUser({ uid: -1 }), ctx), 'uid', /between 0 and 2147483647/);
    assertInvalid(() => parseUser(minimalUser({ gid: 2147483648 }), ctx), 'gid');
  });

  it('turns a negative bandwidth into unlimited, as SFTPGo does', () => {
    const user = parseUser(minimalUser({ upload_bandwidth: -5, download_bandwidth: -1 }), ctx);
    assert.equal(user.upload_bandwidth, 0);
    assert.equal(user.download_bandwidth, 0);
  });

  it('resets separate data transfer limits when a total is set', () => {
    const user = parseUser(
      minimalUser({ upload_data_transfer: 5, download_data_transfer: 6, total_data_transfer: 7 }),
      ctx,
    );
    assert.deepEqual(
      [user.upload_data_transfer, user.download_data_transfer, user.total_data_transfer],
      [0, 0, 7],
    );
    const separate = parseUser(minimalUser({ upload_data_transfer: 5, download_data_transfer: 6 }), ctx);
    assert.deepEqual([separate.upload_data_transfer, separate.download_data_transfer], [5, 6]);
  });

  it('accepts status 0 and 1 only', () => {
    assert.equal(parseUser(minimalUser({ status: 0 }), ctx).status, 0);
    assertInvalid(
      () => parseUser(minimalUser({ status: 2 }), ctx),
      'status',
      /invalid value 2, valid values: 0, 1/,
    );
  });
});

describe('parseUser permissions', () => {
  it('cleans directory keys and dedupes permissions', () => {
    const user = parseUser(
      minimalUser({
        permissions: { '/': ['list', 'download', 'list'], '/a/b/': ['upload'], '/c//d/./e': [] },
      }),
      ctx,
    );
    assert.deepEqual(user.permissions, { '/': ['list', 'download'], '/a/b': ['upload'], '/c/d/e': [] });
  });

  it('reduces a list holding * to ["*"]', () => {
    assert.deepEqual(
      parseUser(minimalUser({ permissions: { '/': ['list', '*', 'upload'] } }), ctx).permissions,
      {
        '/': ['*'],
      },
    );
  });

  it('accepts every documented permission', () => {
    // The list documented for SFTPGo 2.x, apart from "*".
    const all =
      'list download upload overwrite delete delete_files delete_dirs rename rename_files rename_dirs create_dirs create_symlinks chmod chown chtimes copy'.split(
        ' ',
      );
    assert.deepEqual(parseUser(minimalUser({ permissions: { '/': all } }), ctx).permissions['/'], all);
  });

  it('accepts the 0.9.x single list as the permissions of "/"', () => {
    assert.deepEqual(parseUser(minimalUser({ permissions: ['list', 'upload'] }), ctx).permissions, {
      '/': ['list', 'upload'],
    });
    assertInvalid(() => parseUser(minimalUser({ permissions: ['list', 7] }), ctx), 'permissions[1]');
  });

  it('requires permissions for "/"', () => {
    assertInvalid(() => parseUser(minimalUser({ permissions: {} }), ctx), 'permissions', /grant some/);
    assertInvalid(() => parseUser(minimalUser({ permissions: { '/a': ['*'] } }), ctx), 'permissions', /root/);
    assertInvalid(
      () => parseUser(minimalUser({ permissions: { '/': [] } }), ctx),
      'permissions./',
      /no permissions/,
    );
  });

  it('refuses unknown permissions, relative paths, aliases of "/" and duplicates', () => {
    assertInvalid(
      () => parseUser(minimalUser({ permissions: { '/': ['*'], '/dir': ['list', 'fly'] } }), ctx),
      'permissions./dir[1]',
      /invalid permission "fly"/,
    );
    assertInvalid(
      () => parseUser(minimalUser({ permissions: { '/': ['*'], dir: ['list'] } }), ctx),
      'permissions.dir',
      /relative/,
    );
    assertInvalid(
      () => parseUser(minimalUser({ permissions: { '/': ['*'], '/a/..': ['list'] } }), ctx),
      'permissions./a/..',
      /alias/,
    );
    assertInvalid(
      () => parseUser(minimalUser({ permissions: { '/': ['*'], '/a': ['list'], '/a/': ['upload'] } }), ctx),
      'permissions./a/',
      /duplicates/,
    );
  });
});

describe('parseUser groups', () => {
  it('accepts one primary group and other types', () => {
    const groups = [
      { name: 'G1', type: 1 },
      { name: 'g2', type: 2 },
      { name: 'g3', type: 3 },
    ];
    const user = parseUser(minimalUser({ groups }), { ...ctx, namingRules: 7 });
    assert.deepEqual(
      user.groups.map((g) => g.name),
      ['g1', 'g2', 'g3'],
    );
  });

  it('refuses unknown types, a second primary group and duplicates', () => {
    const withGroups = (...groups: [string, number][]) =>
      parseUser(minimalUser({ groups: groups.map(([name, type]) => ({ name, type })) }), ctx);
    assertInvalid(() => withGroups(['g', 4]), 'groups[0].type');
    assertInvalid(() => withGroups(['a', 1], ['b', 1]), 'groups[1].type', /one primary/);
    assertInvalid(() => withGroups(['a', 2], ['a', 3]), 'groups[1].name', /duplicated/);
  });
});

describe('parseUser public keys', () => {
  it('accepts ed25519 and large RSA keys, with or without options, dropping empties and duplicates', () => {
    const ed = ed25519Key();
    const rsa = rsaKey(2048);
    const withOptions = `from="192.0.2.0/24",command="echo hi there" ${ed}`;
    const user = parseUser(minimalUser({ public_keys: [ed, '', rsa, ed, withOptions] }), ctx);
    assert.deepEqual(user.public_keys, [ed, rsa, withOptions]);
  });

  it('refuses malformed, DSA and small RSA keys, naming the position', () => {
    const ed = ed25519Key();
    assertInvalid(
      () => parseUser(minimalUser({ public_keys: [ed, 'ssh-ed25519'] }), ctx),
      'public_keys[1]',
      /format/,
    );
    assertInvalid(
      () => parseUser(minimalUser({ public_keys: ['ssh-ed25519 !!!'] }), ctx),
      'public_keys[0]',
      /base64/,
    );
    const mislabelled = ed.replace('ssh-ed25519', 'ssh-rsa');
    assertInvalid(
      () => parseUser(minimalUser({ public_keys: [mislabelled] }), ctx),
      'public_keys[0]',
      /match its type/,
    );
    assertInvalid(() => parseUser(minimalUser({ public_keys: [dsaKey()] }), ctx), 'public_keys[0]', /DSA/);
    assertInvalid(
      () => parseUser(minimalUser({ public_keys: [rsaKey(1024)] }), ctx),
      'public_keys[0]',
      /2048 bits.*1024/,
    );
  });
});

describe('parseUser redacted secrets', () => {
  it('refuses to save a redacted secret', () => {
    const fs = {
      provider: 1,
      s3config: { bucket: 'b', region: 'r', access_key: 'k', access_secret: { status: 'Redacted' } },
    };
    assertInvalid(
      () => parseUser(minimalUser({ filesystem: fs }), ctx),
      'filesystem.s3config.access_secret',
      /redacted/,
    );
    const totp = {
      enabled: true,
      config_name: 'Default',
      secret: { status: 'Redacted' },
      protocols: ['SSH'],
    };
    assertInvalid(
      () => parseUser(minimalUser({ filters: { totp_config: totp } }), ctx),
      'filters.totp_config.secret',
    );
  });
});

describe('parseUser anonymous users', () => {
  it('get read-only permissions and only password logins over FTP and WebDAV', () => {
    const user = parseUser(
      minimalUser({ permissions: { '/': ['*'], '/up': ['upload'] }, filters: { is_anonymous: true } }),
      ctx,
    );
    assert.deepEqual(user.permissions, { '/': ['list', 'download'], '/up': ['list', 'download'] });
    assert.deepEqual(user.filters.denied_protocols, ['SSH', 'HTTP']);
    assert.equal(user.filters.denied_login_methods.includes('password'), false);
    assert.equal(user.filters.denied_login_methods.length, 7);
  });
});

describe('parseUser TOTP', () => {
  const totp = (overrides: Record<string, unknown>): Record<string, unknown> =>
    minimalUser({
      filters: {
        totp_config: {
          enabled: true,
          config_name: 'Default',
          secret: storedSecret('alice'),
          protocols: ['SSH'],
          ...overrides,
        },
      },
    });

  it('accepts an enabled configuration and clears a disabled one', () => {
    assert.equal(parseUser(totp({}), fullCtx).filters.totp_config.enabled, true);
    const disabled = parseUser(totp({ enabled: false }), fullCtx).filters.totp_config;
    assert.deepEqual([disabled.config_name, disabled.secret.status, disabled.protocols], ['', '', []]);
  });

  it('needs a known configuration, a secret and valid protocols', () => {
    assertInvalid(() => parseUser(totp({ config_name: '' }), fullCtx), 'filters.totp_config.config_name');
    assertInvalid(
      () => parseUser(totp({ config_name: 'Other' }), fullCtx),
      'filters.totp_config.config_name',
      /not found/,
    );
    assert.equal(parseUser(totp({ config_name: 'Other' }), ctx).filters.totp_config.config_name, 'Other');
    assertInvalid(() => parseUser(totp({ secret: {} }), fullCtx), 'filters.totp_config.secret', /required/);
    assertInvalid(
      () => parseUser(totp({ protocols: [] }), fullCtx),
      'filters.totp_config.protocols',
      /at least one/,
    );
    assertInvalid(() => parseUser(totp({ protocols: ['DAV'] }), fullCtx), 'filters.totp_config.protocols[0]');
  });

  it('needs a secret in every recovery code', () => {
    const user = minimalUser({
      filters: { recovery_codes: [{ secret: storedSecret('alice') }, { used: true }] },
    });
    assertInvalid(() => parseUser(user, ctx), 'filters.recovery_codes[1].secret', /empty/);
  });
});

describe('userToJSON for the REST API', () => {
  interface SecretsView {
    password?: string;
    has_password?: boolean;
    filesystem: { s3config: { access_secret: unknown } };
    filters: { totp_config: { secret: unknown }; recovery_codes: { secret: unknown }[] };
  }
  const apiJSON = (redactSecrets: boolean) =>
    userToJSON(parseUser(dumpedUser(), fullCtx), { forDump: false, redactSecrets }) as unknown as SecretsView;

  it('leaves out the password hash but says one is set', () => {
    const json = apiJSON(false);
    assert.equal(json.password, undefined);
    assert.equal(json.has_password, true);
  });

  it('hides the keys of secrets, keeping status and ciphertext', () => {
    const json = apiJSON(false);
    assert.deepEqual(json.filesystem.s3config.access_secret, {
      status: 'AES-256-GCM',
      payload: 'encrypted',
      mode: 1,
    });
    assert.deepEqual(json.filters.totp_config.secret, {
      status: 'AES-256-GCM',
      payload: 'ciphertext',
      mode: 1,
    });
  });

  it('can redact secrets entirely', () => {
    const json = apiJSON(true);
    assert.deepEqual(json.filesystem.s3config.access_secret, { status: 'Redacted' });
    assert.deepEqual(json.filters.recovery_codes[0]?.secret, { status: 'Redacted' });
  });
});
