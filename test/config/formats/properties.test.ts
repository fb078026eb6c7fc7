import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProperties } from '../../../src/config/formats/properties.js';

test('separators, comments, continuations and escapes', () => {
  const entries = parseProperties(
    [
      '# comment',
      '! comment',
      'a=1',
      'b : two words',
      'c three',
      'd=first \\',
      '   second',
      'e\\=key=value\\:x',
      'f=\\u00e9\\t\\\\',
      'g',
      '   h = indented',
    ].join('\n'),
    'x.properties',
  );
  assert.deepEqual(
    entries.map((e) => [e.key, e.value, e.line]),
    [
      ['a', '1', 3],
      ['b', 'two words', 4],
      ['c', 'three', 5],
      ['d', 'first second', 6],
      ['e=key', 'value:x', 8],
      ['f', 'é\t\\', 9],
      ['g', '', 10],
      ['h', 'indented', 11],
    ],
  );
});

test('a bad unicode escape is a syntax error at its position', () => {
  assert.throws(() => parseProperties('a=1\n  b=\\u12', 'x.properties'), {
    code: 'CONFIG_SYNTAX',
    line: 2,
    column: 5,
  });
});
