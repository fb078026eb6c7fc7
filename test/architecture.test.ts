import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from './helpers/paths.js';

/**
 * The layers of the architecture notes: what each folder of src/ may import. Arrows point down only,
 * and no protocol imports another. `version.ts` (the package version) may be imported by anyone.
 */
const allowed: Record<string, readonly string[]> = {
  cli: [
    'service',
    'sftpd',
    'ftpd',
    'webdavd',
    'httpd',
    'common',
    'vfs',
    'dataprovider',
    'kms',
    'config',
    'logger',
    'util',
  ],
  service: ['sftpd', 'ftpd', 'webdavd', 'httpd', 'common', 'dataprovider', 'config', 'logger', 'util'],
  sftpd: ['common', 'dataprovider', 'config', 'logger', 'util'],
  ftpd: ['common', 'dataprovider', 'config', 'logger', 'util'],
  webdavd: ['common', 'dataprovider', 'config', 'logger', 'util'],
  httpd: ['common', 'dataprovider', 'config', 'logger', 'util'],
  common: ['vfs', 'dataprovider', 'config', 'logger', 'util'],
  vfs: ['config', 'logger', 'util', 'kms'],
  dataprovider: ['config', 'logger', 'util', 'kms'],
  kms: ['util'],
  config: ['util'],
  logger: ['config'],
  util: [],
};

const srcDir = join(repoRoot, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function layerOf(file: string): string {
  return relative(srcDir, file).split('/')[0] ?? '';
}

test('every import in src/ follows the layer table', () => {
  const violations: string[] = [];
  for (const file of sources(srcDir)) {
    const layer = layerOf(file);
    if (!(layer in allowed)) continue; // src/index.ts and src/version.ts sit above the layers
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/from\s+'(\.[^']+)'/g)) {
      const target = resolve(dirname(file), match[1] ?? '');
      const targetLayer = layerOf(target);
      if (targetLayer === layer || targetLayer === 'version.js') continue;
      if (!allowed[layer]?.includes(targetLayer)) {
        violations.push(`${relative(repoRoot, file)} imports ${match[1]} (${layer} -> ${targetLayer})`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

test('the layer table knows every folder of src/', () => {
  const folders = readdirSync(srcDir).filter((name) => statSync(join(srcDir, name)).isDirectory());
  for (const folder of folders) assert.ok(folder in allowed, `src/${folder} has no row in the layer table`);
});
