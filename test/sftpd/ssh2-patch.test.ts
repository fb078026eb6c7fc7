// ssh2 is patched at install (patches/ssh2+*.patch, applied by `patch-package` in `postinstall`) to
// recycle the buffers of outgoing packets and to draw padding from a pooled random block. Without the
// patch the server still works, only slower: this test is what tells that an install skipped it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const ssh2Dir = dirname(require.resolve('ssh2/package.json'));

test('the installed ssh2 recycles its packet buffers (patch applied)', async () => {
  const crypto = require(join(ssh2Dir, 'lib/protocol/crypto.js')) as { releasePacket?: unknown };
  assert.equal(typeof crypto.releasePacket, 'function', 'crypto.js exports releasePacket');
  const server = await readFile(join(ssh2Dir, 'lib/server.js'), 'utf8');
  assert.match(
    server,
    /socket\.write\(data, \(\) => releasePacket\(data\)\)/,
    'the server gives packets back',
  );
});

test('the installed ssh2 draws packet padding from a pooled random block (patch applied)', async () => {
  const source = await readFile(join(ssh2Dir, 'lib/protocol/crypto.js'), 'utf8');
  assert.doesNotMatch(source, /randomFillSync\(packet,/, 'no per-packet randomFillSync is left');
  assert.match(source, /fillPadding\(packet, 5 \+ payloadLen, padLen\)/);
});
