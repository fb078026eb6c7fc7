import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../../../src/config/formats/json.js';

for (const [text, line, column] of [
  ['{"a": 1,}', 1, 9],
  ['{"a": 1}\n{"b": 2}', 2, 1],
  ['{\n "a": tru\n}', 2, 7],
  ['{\n "a": "x\n"}', 2, 9],
  ['{"a" 1}', 1, 6],
  ['[1, 2', 1, 6],
] as const) {
  test(`JSON syntax errors are located: ${JSON.stringify(text)}`, () => {
    assert.throws(() => parseJson(text, 'x.json'), { code: 'CONFIG_SYNTAX', line, column });
  });
}

test('a byte order mark is skipped', () => {
  assert.deepEqual(parseJson('\ufeff{"a": 1}', 'x.json'), { a: 1 });
});
