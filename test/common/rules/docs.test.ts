// docs/permissions.md documents the operation table; this keeps the two from drifting apart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PATH_OPERATIONS, TWO_PATH_OPERATIONS, rulesFor } from '../../../src/common/rules/index.js';
import { PERMISSIONS } from '../../../src/dataprovider/models/index.js';
import { repoRoot } from '../../helpers/paths.js';

const doc = readFileSync(`${repoRoot}/docs/permissions.md`, 'utf8');

function row(op: string): string {
  const line = doc.split('\n').find((l) => l.startsWith(`| \`${op}\` |`));
  assert.ok(line !== undefined, `docs/permissions.md has no table row for ${op}`);
  return line;
}

describe('docs/permissions.md', () => {
  for (const op of [...PATH_OPERATIONS, ...TWO_PATH_OPERATIONS]) {
    it(`documents ${op} with the permissions it checks`, () => {
      const text = row(op);
      for (const step of rulesFor(op)) {
        if (step.check === 'permission')
          assert.ok(text.includes(`\`${step.permission}\``), `${op}: ${step.permission}`);
      }
    });
  }

  it('lists every permission', () => {
    for (const perm of PERMISSIONS)
      assert.ok(doc.includes(`| \`${perm}\``) || doc.includes(`\`${perm}\`, `), perm);
  });
});
