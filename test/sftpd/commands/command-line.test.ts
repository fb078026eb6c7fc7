import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandLineError, splitCommandLine } from '../../../src/sftpd/commands/index.js';

test('splits words like a POSIX shell, without expanding anything', () => {
  const cases: [string, string[]][] = [
    ['md5sum /a', ['md5sum', '/a']],
    ['  scp   -t  /x  ', ['scp', '-t', '/x']],
    ["git-upload-pack '/repo.git'", ['git-upload-pack', '/repo.git']],
    ["scp -t '/it'\\''s here'", ['scp', '-t', "/it's here"]],
    ['scp -f "/a \\"b\\" \\\\ $c"', ['scp', '-f', '/a "b" \\ $c']],
    ['scp -f /with\\ space', ['scp', '-f', '/with space']],
    ["sha1sum ''", ['sha1sum', '']],
    ['echo $HOME *; rm -rf /', ['echo', '$HOME', '*;', 'rm', '-rf', '/']],
    ["a 'b\nc'", ['a', 'b\nc']],
    ['a\tb\nc', ['a', 'b', 'c']],
  ];
  for (const [line, words] of cases) assert.deepEqual(splitCommandLine(line), words, line);
});

test('refuses what it cannot split', () => {
  for (const line of ['', '   ', "a 'b", 'a "b', 'a \\', 'x'.repeat(40_000)]) {
    assert.throws(() => splitCommandLine(line), CommandLineError, JSON.stringify(line.slice(0, 20)));
  }
});
