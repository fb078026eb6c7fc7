import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUser, userToJSON } from '../../../src/dataprovider/models/index.js';
import { EC_CERT, RSA_1024_CERT } from './certs.js';
import { assertInvalid, ctx, userWithFilters } from './helpers.js';

const filtersOf = (filters: Record<string, unknown>, context = ctx) =>
  parseUser(userWithFilters(filters), context).filters;

describe('filters IP lists', () => {
  it('accept IPv4 and IPv6 networks and drop duplicates', () => {
    const filters = filtersOf({
      allowed_ip: ['192.0.2.0/24', '2001:db8::/32', '192.0.2.0/24'],
      denied_ip: ['::ffff:198.51.100.0/120'],
    });
    assert.deepEqual(filters.allowed_ip, ['192.0.2.0/24', '2001:db8::/32']);
    assert.deepEqual(filters.denied_ip, ['::ffff:198.51.100.0/120']);
  });

  it('refuse invalid networks, naming the entry', () => {
    assertInvalid(
      () => filtersOf({ allowed_ip: ['192.0.2.0/24', '10.0.0.0/8', '10.0.0.1'] }),
      'filters.allowed_ip[2]',
      /CIDR/,
    );
    assertInvalid(() => filtersOf({ denied_ip: ['2001:db8::/129'] }), 'filters.denied_ip[0]');
  });
});

describe('filters login methods and protocols', () => {
  it('accept known values', () => {
    const filters = filtersOf({
      denied_login_methods: ['password', 'publickey', 'password'],
      denied_protocols: ['SSH', 'DAV'],
      two_factor_protocols: ['FTP'],
    });
    assert.deepEqual(filters.denied_login_methods, ['password', 'publickey']);
    assert.deepEqual(filters.denied_protocols, ['SSH', 'DAV']);
  });

  it('refuse unknown values', () => {
    assertInvalid(
      () => filtersOf({ denied_login_methods: ['password', 'telepathy'] }),
      'filters.denied_login_methods[1]',
    );
    assertInvalid(
      () => filtersOf({ denied_protocols: ['SFTP'] }),
      'filters.denied_protocols[0]',
      /invalid value "SFTP"/,
    );
    assertInvalid(() => filtersOf({ two_factor_protocols: ['DAV'] }), 'filters.two_factor_protocols[0]');
  });

  it('refuse denying all of them', () => {
    const allMethods =
      'publickey password password-over-SSH keyboard-interactive publickey+password publickey+keyboard-interactive TLSCertificate TLSCertificate+password'.split(
        ' ',
      );
    assert.equal(filtersOf({ denied_login_methods: allMethods.slice(1) }).denied_login_methods.length, 7);
    assertInvalid(
      () => filtersOf({ denied_login_methods: allMethods }),
      'filters.denied_login_methods',
      /lock the user out/,
    );
    assertInvalid(
      () => filtersOf({ denied_protocols: ['SSH', 'FTP', 'DAV', 'HTTP'] }),
      'filters.denied_protocols',
      /lock the user out/,
    );
  });
});

describe('filters file patterns', () => {
  it('clean paths, lowercase and dedupe patterns', () => {
    const filters = filtersOf({
      file_patterns: [
        { path: '/Photos/', allowed_patterns: ['*.JPG', '*.jpg', 'a?b[0-9].png'], deny_policy: 1 },
      ],
    });
    assert.deepEqual(filters.file_patterns, [
      { path: '/Photos', allowed_patterns: ['*.jpg', 'a?b[0-9].png'], denied_patterns: [], deny_policy: 1 },
    ]);
  });

  it('refuse relative or duplicate paths and empty filters', () => {
    assertInvalid(
      () => filtersOf({ file_patterns: [{ path: 'docs', denied_patterns: ['*'] }] }),
      'filters.file_patterns[0].path',
    );
    assertInvalid(
      () => filtersOf({ file_patterns: [{ denied_patterns: ['*'] }] }),
      'filters.file_patterns[0].path',
    );
    assertInvalid(
      () =>
        filtersOf({
          file_patterns: [
            { path: '/a', denied_patterns: ['*.exe'] },
            { path: '/a/', allowed_patterns: ['*.txt'] },
          ],
        }),
      'filters.file_patterns[1].path',
      /duplicate/,
    );
    assertInvalid(() => filtersOf({ file_patterns: [{ path: '/a' }] }), 'filters.file_patterns[0]', /empty/);
  });

  it('refuse malformed patterns and unknown deny policies', () => {
    for (const bad of ['[', '[]', '[a-]', 'abc\\', '[^]', '[z-']) {
      assertInvalid(
        () => filtersOf({ file_patterns: [{ path: '/', denied_patterns: ['*.ok', bad] }] }),
        'filters.file_patterns[0].denied_patterns[1]',
        /invalid file pattern/,
      );
    }
    for (const good of [']a]', '[\\]]', '[a-z]*', '\\*', '[^0-9]?']) {
      assert.equal(
        filtersOf({ file_patterns: [{ path: '/', allowed_patterns: [good] }] }).file_patterns.length,
        1,
        good,
      );
    }
    assertInvalid(
      () => filtersOf({ file_patterns: [{ path: '/', denied_patterns: ['*'], deny_policy: 2 }] }),
      'filters.file_patterns[0].deny_policy',
    );
  });
});

describe('filters legacy file_extensions', () => {
  it('become case-insensitive patterns', () => {
    const filters = filtersOf({
      file_extensions: [
        { path: '/docs/', allowed_extensions: ['.PDF', '.txt'], denied_extensions: ['.exe'] },
      ],
    });
    assert.deepEqual(filters.file_patterns, [
      { path: '/docs', allowed_patterns: ['*.pdf', '*.txt'], denied_patterns: ['*.exe'], deny_policy: 0 },
    ]);
  });

  it('merge with file_patterns for the same directory', () => {
    const filters = filtersOf({
      file_patterns: [{ path: '/docs', allowed_patterns: ['*.md'], deny_policy: 1 }],
      file_extensions: [
        { path: '/docs', allowed_extensions: ['.md', '.txt'] },
        { path: '/bin', denied_extensions: ['.sh'] },
      ],
    });
    assert.deepEqual(filters.file_patterns, [
      { path: '/docs', allowed_patterns: ['*.md', '*.txt'], denied_patterns: [], deny_policy: 1 },
      { path: '/bin', allowed_patterns: [], denied_patterns: ['*.sh'], deny_policy: 0 },
    ]);
  });

  it('escape pattern characters so an extension only matches itself', () => {
    const filters = filtersOf({ file_extensions: [{ path: '/', denied_extensions: ['.a*b', '[x]'] }] });
    assert.deepEqual(filters.file_patterns[0]?.denied_patterns, ['*.a\\*b', '*\\[x\\]']);
  });

  it('are written back as file_patterns only', () => {
    const json = userToJSON(
      parseUser(userWithFilters({ file_extensions: [{ path: '/', denied_extensions: ['.exe'] }] }), ctx),
      {
        forDump: true,
      },
    ) as { filters: Record<string, unknown> };
    assert.deepEqual(json.filters.file_patterns, [{ path: '/', denied_patterns: ['*.exe'] }]);
    assert.equal(json.filters.file_extensions, undefined);
  });

  it('refuse relative paths and empty filters', () => {
    assertInvalid(
      () => filtersOf({ file_extensions: [{ path: 'x', denied_extensions: ['.a'] }] }),
      'filters.file_extensions[0].path',
    );
    assertInvalid(
      () => filtersOf({ file_extensions: [{ path: '/x' }] }),
      'filters.file_extensions[0]',
      /empty/,
    );
    assertInvalid(
      () => filtersOf({ file_extensions: [{ path: '/x', denied_extensions: '.a' }] }),
      'filters.file_extensions[0].denied_extensions',
    );
  });
});

describe('filters bandwidth and data transfer limits', () => {
  it('accept valid sources and make negative bandwidths unlimited', () => {
    const filters = filtersOf({
      bandwidth_limits: [
        { sources: ['10.0.0.0/8', '10.0.0.0/8'], upload_bandwidth: -3, download_bandwidth: 50 },
      ],
    });
    assert.deepEqual(filters.bandwidth_limits, [
      { sources: ['10.0.0.0/8'], upload_bandwidth: 0, download_bandwidth: 50 },
    ]);
  });

  it('need at least one valid source', () => {
    assertInvalid(
      () => filtersOf({ bandwidth_limits: [{ upload_bandwidth: 1 }] }),
      'filters.bandwidth_limits[0].sources',
      /at least one/,
    );
    assertInvalid(
      () =>
        filtersOf({ bandwidth_limits: [{ sources: ['10.0.0.0/8'] }, { sources: ['2001:db8::/32', 'x'] }] }),
      'filters.bandwidth_limits[1].sources[1]',
    );
  });

  it('accept 2.3-2.5 data transfer limits, a total replacing the separate values', () => {
    const filters = filtersOf({
      data_transfer_limits: [
        {
          sources: ['192.0.2.0/24'],
          upload_data_transfer: 5,
          download_data_transfer: 6,
          total_data_transfer: 10,
        },
      ],
    });
    assert.deepEqual(filters.data_transfer_limits, [
      {
        sources: ['192.0.2.0/24'],
        upload_data_transfer: 0,
        download_data_transfer: 0,
        total_data_transfer: 10,
      },
    ]);
    assertInvalid(
      () => filtersOf({ data_transfer_limits: [{ sources: [] }] }),
      'filters.data_transfer_limits[0].sources',
    );
    assertInvalid(
      () => filtersOf({ data_transfer_limits: [{ sources: ['192.0.2.0/24'], upload_data_transfer: -1 }] }),
      'filters.data_transfer_limits[0].upload_data_transfer',
    );
  });
});

describe('filters TLS', () => {
  it('accept known username fields and usable certificates', () => {
    const filters = filtersOf({ tls_username: 'CommonName', tls_certs: [EC_CERT, ''] });
    assert.equal(filters.tls_username, 'CommonName');
    assert.deepEqual(filters.tls_certs, [EC_CERT]);
    assert.equal(filtersOf({ tls_username: 'None' }).tls_username, 'None');
  });

  it('refuse unknown username fields, non-certificates and small RSA keys', () => {
    assertInvalid(() => filtersOf({ tls_username: 'Email' }), 'filters.tls_username');
    assertInvalid(() => filtersOf({ tls_certs: ['not a cert'] }), 'filters.tls_certs[0]', /PEM/);
    assertInvalid(
      () => filtersOf({ tls_certs: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'] }),
      'filters.tls_certs[0]',
      /cannot be parsed/,
    );
    assertInvalid(
      () => filtersOf({ tls_certs: [EC_CERT, RSA_1024_CERT] }),
      'filters.tls_certs[1]',
      /2048 bits/,
    );
  });
});

describe('filters options', () => {
  it('accept known web client options and refuse others', () => {
    assert.deepEqual(filtersOf({ web_client: ['write-disabled'] }).web_client, ['write-disabled']);
    assertInvalid(() => filtersOf({ web_client: ['write-disabled', 'fly'] }), 'filters.web_client[1]');
  });

  it('accept FTP security 0 and 1 only', () => {
    assert.equal(filtersOf({ ftp_security: 1 }).ftp_security, 1);
    assertInvalid(() => filtersOf({ ftp_security: 2 }), 'filters.ftp_security');
  });

  it('keep the default shares expiration within the maximum', () => {
    assert.equal(
      filtersOf({ default_shares_expiration: 5, max_shares_expiration: 10 }).default_shares_expiration,
      5,
    );
    assert.equal(filtersOf({ default_shares_expiration: 50 }).default_shares_expiration, 50);
    assertInvalid(
      () => filtersOf({ default_shares_expiration: 11, max_shares_expiration: 10 }),
      'filters.default_shares_expiration',
      /cannot exceed/,
    );
  });

  it('refuse negative sizes, times and strengths', () => {
    for (const key of [
      'max_upload_file_size',
      'password_expiration',
      'password_strength',
      'external_auth_cache_time',
    ]) {
      assertInvalid(() => filtersOf({ [key]: -1 }), `filters.${key}`);
    }
  });

  it('clean the start directory, "/" meaning none', () => {
    assert.equal(filtersOf({ start_directory: 'docs//2024/' }).start_directory, '/docs/2024');
    assert.equal(filtersOf({ start_directory: '/a/..' }).start_directory, '');
  });

  it('keep the external auth cache time only with external auth', () => {
    assert.equal(filtersOf({ external_auth_cache_time: 60 }).external_auth_cache_time, 0);
    const withAuth = { ...ctx, externalAuthEnabled: true };
    assert.equal(filtersOf({ external_auth_cache_time: 60 }, withAuth).external_auth_cache_time, 60);
    const disabled = { external_auth_cache_time: 60, hooks: { external_auth_disabled: true } };
    assert.equal(filtersOf(disabled, withAuth).external_auth_cache_time, 0);
  });
});

describe('filters access time', () => {
  it('accept periods within a day', () => {
    const periods = [
      { day_of_week: 0, from: '00:00', to: '23:59' },
      { day_of_week: 6, from: '09:30', to: '09:31' },
    ];
    assert.deepEqual(filtersOf({ access_time: periods }).access_time, periods);
  });

  it('refuse bad days, times and empty periods', () => {
    assertInvalid(
      () => filtersOf({ access_time: [{ day_of_week: 7, from: '08:00', to: '09:00' }] }),
      'filters.access_time[0].day_of_week',
    );
    assertInvalid(
      () => filtersOf({ access_time: [{ day_of_week: 1, from: '8:00', to: '09:00' }] }),
      'filters.access_time[0].from',
    );
    assertInvalid(
      () => filtersOf({ access_time: [{ day_of_week: 1, from: '08:00', to: '24:00' }] }),
      'filters.access_time[0].to',
    );
    assertInvalid(
      () => filtersOf({ access_time: [{ day_of_week: 1, from: '10:00', to: '10:00' }] }),
      'filters.access_time[0].to',
      /after/,
    );
  });
});

describe('filters combinations', () => {
  it('refuse requiring what is disabled', () => {
    assertInvalid(
      () => filtersOf({ require_password_change: true, web_client: ['password-change-disabled'] }),
      'filters.require_password_change',
    );
    assertInvalid(
      () => filtersOf({ two_factor_protocols: ['SSH'], web_client: ['mfa-disabled'] }),
      'filters.two_factor_protocols',
    );
    const totp = {
      enabled: true,
      config_name: 'Default',
      secret: { status: 'Plain', payload: 'x' },
      protocols: ['SSH'],
    };
    assertInvalid(() => filtersOf({ totp_config: totp, web_client: ['mfa-disabled'] }), 'filters.web_client');
    assert.equal(filtersOf({ require_password_change: true }).require_password_change, true);
  });
});
