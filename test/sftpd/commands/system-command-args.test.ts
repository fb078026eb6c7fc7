import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandFailure } from '../../../src/sftpd/commands/command-context.js';
import { planSystemCommand } from '../../../src/sftpd/commands/system-command-args.js';

test('git commands run as git subcommands with hooks disabled, for one path', () => {
  const plan = planSystemCommand('git-receive-pack', ['/repo.git']);
  assert.equal(plan.program, 'git');
  assert.equal(plan.path, '/repo.git');
  assert.deepEqual(plan.args.slice(-1), ['receive-pack']);
  assert.ok(plan.args.includes('core.hooksPath=/dev/null'));
  for (const args of [[], ['/a', '/b'], ['--upload-pack=evil']]) {
    assert.throws(() => planSystemCommand('git-upload-pack', args), CommandFailure, args.join(' '));
  }
});

test('rsync server runs keep their options; the path is the last operand', () => {
  const plan = planSystemCommand('rsync', ['--server', '--sender', '-vlogDtpre.iLsfxCIvu', '.', '/dir/']);
  assert.deepEqual(plan, {
    program: 'rsync',
    args: ['--server', '--sender', '-vlogDtpre.iLsfxCIvu', '.'],
    path: '/dir/',
  });
  assert.equal(
    planSystemCommand('rsync', ['--server', '-e.LsfxC', '--delete', '--timeout=5', '.', 'x']).path,
    'x',
  );
});

test('rsync options that name paths, run commands or hide operands are refused', () => {
  for (const args of [
    ['-vlogDtpr', '.', '/d'],
    ['--server', '-vlogs', '.', '/d'],
    ['--server', '-T', '/tmp', '.', '/d'],
    ['--server', '--log-file=/etc/x', '.', '/d'],
    ['--server', '--temp-dir=/tmp', '.', '/d'],
    ['--server', '--files-from=-', '.', '/d'],
    ['--server', '--daemon', '.', '/d'],
    ['--server', '--sender', '--copy-unsafe-links', '.', '/d'],
    ['--server', '.', '/a', '/b'],
    ['--server', 'x', '/d'],
    ['--server', '.'],
  ]) {
    assert.throws(() => planSystemCommand('rsync', args), CommandFailure, args.join(' '));
  }
});
