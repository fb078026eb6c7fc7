import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HookCommandConfig } from '../../../src/common/hooks/program-hook.js';
import { commandSettings, HookError, runProgramHook } from '../../../src/common/hooks/program-hook.js';
import { tempDir } from '../../helpers/tmp.js';

const noCommands: HookCommandConfig = { timeout: 30, env: [], commands: [] };

async function script(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

test('a hook program sees only its documented variables and the command section env', async (t) => {
  const dir = await tempDir(t);
  const program = await script(dir, 'env.sh', '/usr/bin/env | /usr/bin/sort');
  const config: HookCommandConfig = {
    timeout: 30,
    env: ['GLOBAL_VAR=g'],
    commands: [{ path: program, timeout: 0, env: ['ONLY_HERE=x=y'], args: [], hook: 'startup' }],
  };
  process.env.SFTPGO_TEST_SECRET = 'must-not-leak';
  t.after(() => delete process.env.SFTPGO_TEST_SECRET);
  const result = await runProgramHook(config, { program, hook: 'startup', env: { SFTPGO_ACTION: 'upload' } });
  const vars = result.stdout
    .split('\n')
    .filter(
      (l) => /^[A-Z_]+=/.test(l) && !l.startsWith('PWD=') && !l.startsWith('SHLVL=') && !l.startsWith('_='),
    );
  assert.deepEqual(vars, ['GLOBAL_VAR=g', 'ONLY_HERE=x=y', 'SFTPGO_ACTION=upload']);
});

test('per-command settings apply only to the named hook', () => {
  const config: HookCommandConfig = {
    timeout: 10,
    env: ['A=1'],
    commands: [{ path: '/bin/x', timeout: 3, env: ['B=2'], args: ['--flag'], hook: 'pre_login' }],
  };
  assert.deepEqual(commandSettings(config, '/bin/x', 'pre_login'), {
    timeoutMs: 3000,
    env: ['A=1', 'B=2'],
    args: ['--flag'],
  });
  assert.deepEqual(commandSettings(config, '/bin/x', 'startup'), {
    timeoutMs: 10000,
    env: ['A=1'],
    args: [],
  });
});

test('arguments and standard input reach the program', async (t) => {
  const dir = await tempDir(t);
  const program = await script(dir, 'args.sh', 'echo "$1 $2"; /bin/cat');
  const config: HookCommandConfig = {
    ...noCommands,
    commands: [{ path: program, timeout: 0, env: [], args: ['a b', 'c'], hook: '' }],
  };
  const result = await runProgramHook(config, { program, hook: 'startup', env: {}, stdin: 'from stdin' });
  assert.equal(result.stdout, 'a b c\nfrom stdin');
});

test('non-zero exit, time-out, excess output and relative paths are typed failures', async (t) => {
  const dir = await tempDir(t);
  const failing = await script(dir, 'fail.sh', 'exit 3');
  await assert.rejects(
    runProgramHook(noCommands, { program: failing, hook: 'startup', env: {} }),
    (err: unknown) => {
      assert.ok(err instanceof HookError);
      assert.equal(err.code, 'ERR_HOOK_EXIT');
      assert.equal(err.cause, 3);
      return true;
    },
  );

  const slow = await script(dir, 'slow.sh', 'exec /bin/sleep 30');
  const started = Date.now();
  await assert.rejects(
    runProgramHook({ timeout: 1, env: [], commands: [] }, { program: slow, hook: 'startup', env: {} }),
    { code: 'ERR_HOOK_TIMEOUT' },
  );
  assert.ok(Date.now() - started < 5000, 'killed at its time limit');

  const chatty = await script(dir, 'chatty.sh', 'while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done');
  await assert.rejects(
    runProgramHook(noCommands, { program: chatty, hook: 'startup', env: {}, maxOutputBytes: 4096 }),
    { code: 'ERR_HOOK_OUTPUT' },
  );

  await assert.rejects(runProgramHook(noCommands, { program: 'relative.sh', hook: 'startup', env: {} }), {
    code: 'ERR_HOOK_INVALID',
  });
  await assert.rejects(
    runProgramHook(noCommands, { program: join(dir, 'missing'), hook: 'startup', env: {} }),
    {
      code: 'ERR_HOOK_SPAWN',
    },
  );
});

test('a time-out also kills what the program started, and discarded output has no bound', async (t) => {
  const dir = await tempDir(t);
  const marker = join(dir, 'grandchild-survived');
  const program = await script(dir, 'spawner.sh', `(/bin/sleep 2; /usr/bin/touch ${marker}) & /bin/sleep 30`);
  const started = Date.now();
  await assert.rejects(
    runProgramHook({ timeout: 1, env: [], commands: [] }, { program, hook: 'startup', env: {} }),
    {
      code: 'ERR_HOOK_TIMEOUT',
    },
  );
  assert.ok(Date.now() - started < 1800, `given up at the limit, took ${Date.now() - started} ms`);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(existsSync(marker), false, 'the background child was killed with its group');

  const chatty = await script(dir, 'big.sh', '/usr/bin/head -c 3000000 /dev/zero');
  const result = await runProgramHook(noCommands, {
    program: chatty,
    hook: 'startup',
    env: {},
    maxOutputBytes: 1024,
    captureOutput: false,
  });
  assert.equal(result.stdout, '');
});
