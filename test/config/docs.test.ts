import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigErrorCode, ConfigWarningCode, configSchema, legacyKeys } from '../../src/config/index.js';
import type { SchemaNode } from '../../src/config/schema/nodes.js';
import { repoRoot } from '../helpers/paths.js';

// docs/configuration.md must not drift from the code: it names every legacy key, every
// resolved path key and every error and warning code.
const docs = readFile(join(repoRoot, 'docs', 'configuration.md'), 'utf8');

function pathKeys(node: SchemaNode, prefix: string, out: string[]): string[] {
  if (node.kind === 'object') {
    for (const [key, field] of Object.entries(node.fields))
      pathKeys(field, prefix ? `${prefix}.${key}` : key, out);
  } else if (node.kind === 'objectList') {
    pathKeys(node.item, `${prefix}[]`, out);
  } else if ((node.kind === 'string' || node.kind === 'stringList') && node.path === true) {
    out.push(prefix);
  }
  return out;
}

test('the docs list every legacy key', async () => {
  const text = await docs;
  for (const key of legacyKeys) assert.ok(text.includes(`\`${key}\``), `docs/configuration.md lacks ${key}`);
});

test('the docs list every key resolved against the config dir', async () => {
  const text = await docs;
  for (const key of pathKeys(configSchema, '', [])) {
    const [section, ...rest] = key.split('.');
    const line = text.split('\n').findIndex((l) => l.startsWith(`- \`${section}\`:`));
    assert.ok(line >= 0, `no paths line for section ${section}`);
    const block = text
      .split('\n')
      .slice(line, line + 4)
      .join(' ');
    assert.ok(block.includes(`\`${rest.join('.')}\``), `docs/configuration.md lacks path key ${key}`);
  }
});

test('the docs list every error and warning code', async () => {
  const text = await docs;
  for (const code of [...Object.values(ConfigErrorCode), ...Object.values(ConfigWarningCode)]) {
    assert.ok(text.includes(`\`${code}\``), `docs/configuration.md lacks ${code}`);
  }
});
