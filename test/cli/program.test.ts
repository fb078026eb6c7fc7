import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCliToEnd } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string };

test('--version prints the version', async () => {
  const { code, stdout } = await runCliToEnd(['--version']);
  assert.equal(code, 0);
  assert.equal(stdout.trim(), `SFTPGo ${pkg.version}`);
});

test('unknown flags and invalid flag values are usage errors (exit 2)', async () => {
  const unknown = await runCliToEnd(['serve', '--no-such-flag']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option/);
  const badLevel = await runCliToEnd(['serve', '--log-level', 'loud']);
  assert.equal(badLevel.code, 2);
  assert.match(badLevel.stderr, /debug, info, warn, error/);
  const badInt = await runCliToEnd(['serve', '--log-max-size', '12abc']);
  assert.equal(badInt.code, 2);
});

test('an invalid SFTPGO_* flag variable is a usage error naming the variable', async () => {
  const { code, stderr } = await runCliToEnd(['serve'], { SFTPGO_LOG_MAX_SIZE: 'ten' });
  assert.equal(code, 2);
  assert.match(stderr, /SFTPGO_LOG_MAX_SIZE/);
});

test('serve --help lists every flag with its env variable', async () => {
  const { code, stdout } = await runCliToEnd(['serve', '--help']);
  assert.equal(code, 0);
  for (const env of [
    'SFTPGO_CONFIG_DIR',
    'SFTPGO_CONFIG_FILE',
    'SFTPGO_LOG_FILE_PATH',
    'SFTPGO_LOG_MAX_SIZE',
    'SFTPGO_LOG_MAX_BACKUPS',
    'SFTPGO_LOG_MAX_AGE',
    'SFTPGO_LOG_COMPRESS',
    'SFTPGO_LOG_LEVEL',
    'SFTPGO_LOG_UTC_TIME',
    'SFTPGO_GRACE_TIME',
  ]) {
    assert.ok(stdout.includes(env), `${env} in help`);
  }
});

const exec = promisify(execFile);

function hasShell(name: string): boolean {
  return existsSync(`/usr/bin/${name}`) || existsSync(`/bin/${name}`);
}

test('gen completion bash completes subcommands and flags in a real bash', async (t) => {
  const dir = await tempDir(t);
  const { code, stdout } = await runCliToEnd(['gen', 'completion', 'bash']);
  assert.equal(code, 0);
  const script = join(dir, 'completion.bash');
  await writeFile(script, stdout);
  const complete = async (...words: string[]) => {
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const cmd = `source ${script}; COMP_WORDS=(sftpgo ${quoted}); COMP_CWORD=${words.length}; _sftpgo_completions; echo "\${COMPREPLY[@]}"`;
    return (await exec('bash', ['-c', cmd])).stdout.trim().split(' ');
  };
  assert.deepEqual(await complete('se'), ['serve']);
  assert.ok((await complete('serve', '--log-m')).includes('--log-max-size'));
  assert.deepEqual(await complete('gen', 'completion', 'f'), ['fish']);
});

test('gen completion zsh and fish produce valid scripts for every subcommand', async (t) => {
  const dir = await tempDir(t);
  for (const shell of ['zsh', 'fish']) {
    const { code, stdout } = await runCliToEnd(['gen', 'completion', shell]);
    assert.equal(code, 0);
    for (const word of ['serve', 'completion', 'config-dir'])
      assert.ok(stdout.includes(word), `${word} in ${shell}`);
    const file = join(dir, `completion.${shell}`);
    await writeFile(file, stdout);
    // The shells parse the script without running it (-n); .ci/run installs both.
    await t.test(
      `${shell} accepts the script`,
      { skip: !hasShell(shell) && `${shell} is not installed` },
      async () => {
        await exec(shell, ['-n', file]);
      },
    );
  }
  const bad = await runCliToEnd(['gen', 'completion', 'tcsh']);
  assert.equal(bad.code, 2);
});
