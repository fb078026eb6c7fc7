import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/index.js';
import { repoRoot } from '../helpers/paths.js';

/** The folder with the config files written in every format. */
export const fixturesDir = join(repoRoot, 'test', 'fixtures', 'config');

/** Writes `text` to `dir/name` and returns the file's path. */
export async function writeConfig(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** Awaits `promise`, asserts it rejects with a ConfigError and returns the error. */
export async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected loadConfig to reject');
}
