import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvFile } from '../../../src/config/formats/envfile.js';

function values(text: string, env: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(parseEnvFile(text, 'x.env', env).map((e) => [e.name, e.value]));
}

test('bare, single-quoted and double-quoted values', () => {
  assert.deepEqual(
    values(
      [
        'A=plain value # comment',
        "B='$literal \\n # kept'",
        'C="line\\nbreak \\"q\\" \\$HOME"',
        'export D = spaced   ',
        'E=',
        'F=a#b',
      ].join('\n'),
    ),
    { A: 'plain value', B: '$literal \\n # kept', C: 'line\nbreak "q" $HOME', D: 'spaced', E: '', F: 'a#b' },
  );
});

test('$NAME and ${NAME} expand to earlier entries, then to the environment', () => {
  assert.deepEqual(values('A=one\nB=${A}-$A-${HOME}-$MISSING\nC="$A"', { HOME: '/root' }), {
    A: 'one',
    B: 'one-one-/root-',
    C: 'one',
  });
});

test('lines are numbered, comments and blank lines skipped, CRLF accepted', () => {
  assert.deepEqual(
    parseEnvFile('# c\r\n\r\nA=1\r\n  B=2\r\n', 'x.env', {}).map((e) => [e.name, e.value, e.line]),
    [
      ['A', '1', 3],
      ['B', '2', 4],
    ],
  );
});

test('text after a closing quote is an error', () => {
  assert.throws(() => parseEnvFile('A="x" y', 'x.env', {}), { code: 'CONFIG_SYNTAX', line: 1, column: 6 });
});
