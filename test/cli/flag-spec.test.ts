import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import type { FlagSpec } from '../../src/cli/flag-spec.js';
import { parseBool, parseInteger, toOption } from '../../src/cli/flag-spec.js';

const boolFlag: FlagSpec = {
  name: 'clean',
  env: 'X_CLEAN',
  kind: 'bool',
  defaultValue: false,
  description: 'd',
};
const intFlag: FlagSpec = {
  name: 'mode',
  env: 'X_MODE',
  kind: 'int',
  defaultValue: 1,
  range: [0, 2],
  description: 'd',
};

function parse(args: string[], env: Record<string, string> = {}) {
  const command = new Command('t').exitOverride().configureOutput({ writeErr: () => {} });
  command.addOption(toOption(boolFlag, env)).addOption(toOption(intFlag, env));
  command.parse(args, { from: 'user' });
  return command.opts<{ clean: boolean; mode: number }>();
}

test('a boolean flag is true alone, takes an explicit value, and reads its variable', () => {
  assert.deepEqual(parse([]), { clean: false, mode: 1 });
  assert.equal(parse(['--clean']).clean, true);
  assert.equal(parse(['--clean=false']).clean, false);
  assert.equal(parse(['--clean', '0']).clean, false);
  assert.equal(parse([], { X_CLEAN: 'T' }).clean, true);
  assert.equal(parse(['--clean=false'], { X_CLEAN: 'true' }).clean, false, 'the flag beats the variable');
  assert.throws(() => parse(['--clean=maybe']), /not a boolean/);
});

test('an int flag checks its range, from the command line and from its variable', () => {
  assert.equal(parse(['--mode', '2']).mode, 2);
  assert.equal(parse([], { X_MODE: '0' }).mode, 0);
  assert.throws(() => parse(['--mode', '3']), /allowed 0 to 2/);
  assert.throws(() => parse([], { X_MODE: '9' }), /X_MODE: 9 is out of range/);
  assert.throws(() => parse(['--mode', '1.5']), /not a whole number/);
});

test('parseBool and parseInteger accept what SFTPGo accepts and nothing else', () => {
  for (const yes of ['1', 't', 'TRUE', 'True']) assert.equal(parseBool(yes), true);
  for (const no of ['0', 'f', 'FALSE', 'false']) assert.equal(parseBool(no), false);
  assert.throws(() => parseBool('yes'));
  assert.equal(parseInteger(' 42 '), 42);
  assert.equal(parseInteger('-3'), -3);
  assert.throws(() => parseInteger(''));
  assert.throws(() => parseInteger('1e3'));
});
