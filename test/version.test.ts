import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { version, serverIdent } from '../src/version.js';
import { repoRoot } from './helpers/paths.js';

test('version comes from package.json', () => {
  const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string };
  assert.equal(version, pkg.version);
  assert.equal(serverIdent, `SFTPGo_${pkg.version}`);
});
