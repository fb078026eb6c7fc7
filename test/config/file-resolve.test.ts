import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConfigErrorCode, loadConfig, searchExtensions } from '../../src/config/index.js';
import { tempDir } from '../helpers/tmp.js';
import { configError, writeConfig } from './helpers.js';

// One file per format, each setting a different idle_timeout so the one read can be told apart.
const bodies: Record<string, (n: number) => string> = {
  json: (n) => `{"common": {"idle_timeout": ${n}}}`,
  yaml: (n) => `common:\n  idle_timeout: ${n}\n`,
  yml: (n) => `common:\n  idle_timeout: ${n}\n`,
  toml: (n) => `[common]\nidle_timeout = ${n}\n`,
  hcl: (n) => `common {\n  idle_timeout = ${n}\n}\n`,
  env: (n) => `SFTPGO_COMMON__IDLE_TIMEOUT=${n}\n`,
  properties: (n) => `common.idle_timeout=${n}\n`,
};

test('a name without extension is searched as .json, .yaml, .yml, .toml, .hcl, .env, .properties', async (t) => {
  assert.deepEqual(searchExtensions, ['json', 'yaml', 'yml', 'toml', 'hcl', 'env', 'properties']);
  const dir = await tempDir(t);
  for (const [index, extension] of searchExtensions.entries()) {
    await writeConfig(dir, `sftpgo.${extension}`, bodies[extension]!(index + 1));
  }
  // Remove the files one by one from the front: each time the next extension is the one read.
  const { rm } = await import('node:fs/promises');
  for (const [index, extension] of searchExtensions.entries()) {
    const loaded = await loadConfig({ configDir: dir, env: {} });
    assert.equal(loaded.configFilePath, join(dir, `sftpgo.${extension}`));
    assert.equal(loaded.config.common.idle_timeout, index + 1);
    await rm(join(dir, `sftpgo.${extension}`));
  }
  const none = await loadConfig({ configDir: dir, env: {} });
  assert.equal(none.configFilePath, undefined);
  assert.equal(none.config.common.idle_timeout, 15);
});

test('a custom name without extension is searched in the config dir', async (t) => {
  const dir = await tempDir(t);
  await writeConfig(dir, 'custom.toml', bodies.toml!(9));
  await writeConfig(dir, 'sftpgo.json', bodies.json!(1));
  const loaded = await loadConfig({ configDir: dir, configFile: 'custom', env: {} });
  assert.equal(loaded.configFilePath, join(dir, 'custom.toml'));
  assert.equal(loaded.config.common.idle_timeout, 9);
  const missing = await loadConfig({ configDir: dir, configFile: 'absent', env: {} });
  assert.equal(missing.configFilePath, undefined, 'a name that matches no file means defaults');
});

test('a file with an extension is a path relative to the config dir', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'conf'));
  await writeConfig(join(dir, 'conf'), 'main.yml', bodies.yml!(4));
  const loaded = await loadConfig({ configDir: dir, configFile: 'conf/main.yml', env: {} });
  assert.equal(loaded.configFilePath, join(dir, 'conf', 'main.yml'));
  assert.equal(loaded.config.common.idle_timeout, 4);
});

test('a file with an extension may be an absolute path anywhere', async (t) => {
  const dir = await tempDir(t);
  const elsewhere = await tempDir(t);
  const file = await writeConfig(elsewhere, 'settings.hcl', bodies.hcl!(6));
  const loaded = await loadConfig({ configDir: dir, configFile: file, env: {} });
  assert.equal(loaded.configFilePath, file);
  assert.equal(loaded.config.common.idle_timeout, 6);
  assert.equal(loaded.configDir, dir, 'relative paths still resolve against the config dir');
});

test('a relative config dir is made absolute', async (t) => {
  const dir = await tempDir(t);
  await writeConfig(dir, 'sftpgo.json', bodies.json!(3));
  const loaded = await loadConfig({ configDir: relative(process.cwd(), dir), env: {} });
  assert.equal(loaded.configDir, dir);
  assert.equal(loaded.config.common.idle_timeout, 3);
});

test('a named file that does not exist is an error', async (t) => {
  const dir = await tempDir(t);
  const error = await configError(loadConfig({ configDir: dir, configFile: 'missing.json', env: {} }));
  assert.equal(error.code, ConfigErrorCode.FileNotFound);
  assert.equal(error.file, join(dir, 'missing.json'));
  assert.match(error.message, /missing\.json does not exist/);
});

test('an unsupported extension is an error', async (t) => {
  const dir = await tempDir(t);
  await writeConfig(dir, 'sftpgo.xml', '<config/>');
  const error = await configError(loadConfig({ configDir: dir, configFile: 'sftpgo.xml', env: {} }));
  assert.equal(error.code, ConfigErrorCode.UnsupportedFormat);
  assert.equal(error.value, 'xml');
  assert.match(error.allowed ?? '', /json/);
});

test('a directory named like a config file is an error', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'dir.json'));
  const error = await configError(loadConfig({ configDir: dir, configFile: 'dir.json', env: {} }));
  assert.equal(error.code, ConfigErrorCode.FileRead);
});

test('the other extensions of a format are read as that format', async (t) => {
  const dir = await tempDir(t);
  await writeConfig(dir, 'a.props', 'common.idle_timeout=11\n');
  await writeConfig(dir, 'b.dotenv', 'SFTPGO_COMMON__IDLE_TIMEOUT=12\n');
  assert.equal(
    (await loadConfig({ configDir: dir, configFile: 'a.props', env: {} })).config.common.idle_timeout,
    11,
  );
  assert.equal(
    (await loadConfig({ configDir: dir, configFile: 'b.dotenv', env: {} })).config.common.idle_timeout,
    12,
  );
});
