import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiKeyToJSON, parseAPIKey } from '../../../src/dataprovider/models/index.js';
import { assertInvalid, ctx } from './helpers.js';

describe('parseAPIKey', () => {
  it('round-trips a dumped key', () => {
    const dumped = {
      id: 'cjd2s8rpq6hc73aeg7og',
      name: 'deploy key',
      key: '$2a$10$hash',
      scope: 2,
      created_at: 1,
      updated_at: 2,
      last_use_at: 3,
      expires_at: 4,
      description: 'CI',
      user: 'alice',
    };
    assert.deepEqual(apiKeyToJSON(parseAPIKey(structuredClone(dumped), ctx), { forDump: true }), dumped);
  });

  it('needs a safe name and a known scope', () => {
    assertInvalid(() => parseAPIKey({ scope: 1 }), 'name', /required/);
    assertInvalid(() => parseAPIKey({ name: 'a\u0000b', scope: 1 }), 'name');
    assertInvalid(() => parseAPIKey({ name: 'k', scope: 3 }), 'scope', /invalid value 3, valid values: 1, 2/);
    assert.equal(parseAPIKey({ name: 'clé', scope: 1 }, { ...ctx, namingRules: 0 }).name, 'clé');
  });

  it('keeps only the owner that matches the scope', () => {
    assertInvalid(() => parseAPIKey({ name: 'k', scope: 1, user: 'u', admin: 'a' }), 'user', /not both/);
    assert.deepEqual(
      [
        parseAPIKey({ name: 'k', scope: 1, user: 'u' }).user,
        parseAPIKey({ name: 'k', scope: 2, admin: 'a' }).admin,
      ],
      ['', ''],
    );
  });

  it('leaves the key hash out of REST API output', () => {
    assert.equal(
      apiKeyToJSON(parseAPIKey({ name: 'k', scope: 1, key: 'h' }), { forDump: false }).key,
      undefined,
    );
  });
});
