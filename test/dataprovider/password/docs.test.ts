import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  createPasswordHasher,
  defaultPasswordHashingOptions,
  isHashedPassword,
} from '../../../src/dataprovider/password/index.js';
import { repoRoot } from '../../helpers/paths.js';

test('every example hash in docs/passwords.md is a hash of "password"', async (t) => {
  const page = readFileSync(`${repoRoot}/docs/passwords.md`, 'utf8');
  const examples = [...page.matchAll(/`([^`\s]{30,})`/g)]
    .map((match) => match[1] ?? '')
    .filter((candidate) => isHashedPassword(candidate) && !candidate.includes('<'));
  assert.ok(examples.length >= 15, `only ${examples.length} examples found`);
  const hasher = createPasswordHasher(defaultPasswordHashingOptions);
  t.after(() => hasher.close());
  for (const example of examples) {
    assert.equal(await hasher.verify('password', example), true, example);
    assert.equal(await hasher.verify('passworD', example), false, example);
  }
});
