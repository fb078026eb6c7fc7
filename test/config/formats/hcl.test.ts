import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigErrorCode } from '../../../src/config/index.js';
import { parseHcl } from '../../../src/config/formats/hcl.js';

function syntaxLine(text: string): number | undefined {
  try {
    parseHcl(text, 'x.hcl');
  } catch (error) {
    assert.equal((error as { code: string }).code, ConfigErrorCode.Syntax);
    return (error as { line?: number }).line;
  }
  assert.fail('expected a syntax error');
}

test('blocks written once are objects, repeated blocks are lists', () => {
  assert.deepEqual(parseHcl('a { b = 1 }\nc { d = 1 }\nc { d = 2 }\n', 'x.hcl'), {
    a: { b: 1 },
    c: [{ d: 1 }, { d: 2 }],
  });
});

test('labelled blocks nest under their labels', () => {
  assert.deepEqual(parseHcl('data_provider "password_hashing" "bcrypt_options" { cost = 12 }', 'x.hcl'), {
    data_provider: { password_hashing: { bcrypt_options: { cost: 12 } } },
  });
  assert.deepEqual(parseHcl('a "x" { v = 1 }\na "y" { v = 2 }', 'x.hcl'), {
    a: { x: { v: 1 }, y: { v: 2 } },
  });
});

test('values: strings, numbers, booleans, lists, objects', () => {
  assert.deepEqual(
    parseHcl(
      [
        's = "a \\"quoted\\" \\u00e9 ${var.x} \\n"',
        'i = -42',
        'f = 1.5e2',
        'h = 0x1F',
        'o = 0755',
        't = true',
        'l = [1, "two", [3], { k = "v" },]',
        'obj = { a = 1, b = "x" }',
        '"quoted key" = 1',
        'dotted.key-name = 2',
      ].join('\n'),
      'x.hcl',
    ),
    {
      s: 'a "quoted" é ${var.x} \n',
      i: -42,
      f: 150,
      h: 31,
      o: 493,
      t: true,
      l: [1, 'two', [3], { k: 'v' }],
      obj: { a: 1, b: 'x' },
      'quoted key': 1,
      'dotted.key-name': 2,
    },
  );
});

test('comments of the three kinds are skipped', () => {
  assert.deepEqual(
    parseHcl('# one\n// two\n/* three\nlines */ a = 1 # trailing\nb = 2 // trailing', 'x.hcl'),
    {
      a: 1,
      b: 2,
    },
  );
});

test('heredocs keep their lines; <<- removes the common indentation', () => {
  assert.deepEqual(
    parseHcl('a = <<EOF\nline 1\n  line 2\nEOF\nb = <<-EOT\n    x\n      y\n    EOT\n', 'x.hcl'),
    {
      a: 'line 1\n  line 2\n',
      b: 'x\n  y\n',
    },
  );
});

test('a repeated scalar keeps the last value', () => {
  assert.deepEqual(parseHcl('a = 1\na = 2', 'x.hcl'), { a: 2 });
});

test('syntax errors give the line', () => {
  assert.equal(syntaxLine('a {\n b = 1\n'), 3);
  assert.equal(syntaxLine('a = [1, 2\nb = 3'), 2);
  assert.equal(syntaxLine('a = "no end\n'), 1);
  assert.equal(syntaxLine('a = 1\nb = 09'), 2);
  assert.equal(syntaxLine('a = 1\nb c = 2'), 2);
  assert.equal(syntaxLine('a = 1\n\nb = <<EOF\nnever closed\n'), 3);
  assert.equal(syntaxLine('/* open'), 1);
  assert.equal(syntaxLine('a = 1\n@'), 2);
});
