// A directory of 10,000 entries listed completely through the real server: OpenSSH `ls -1`, the ssh2
// client's readdir, and raw READDIR pages (each within the page size, no entry twice, none missing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PacketType as T, StatusCode as S } from '../../src/sftpd/protocol/index.js';
import { f, handleOf, namesOf, status } from './protocol/harness.js';
import { call, noOpenSsh, startSftp } from './sftp-e2e.js';

const COUNT = 10_000;

/** Entry names, some with spaces and non-ASCII letters. */
function names(): string[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const n = String(i).padStart(5, '0');
    return i % 10 === 0 ? `entry ${n} é.txt` : `entry-${n}.dat`;
  });
}

test('a 10,000-entry directory is listed completely', { timeout: 180_000 }, async (t) => {
  const e2e = await startSftp(t);
  const user = await e2e.user({});
  const dir = join(user.home_dir, 'many');
  await mkdir(dir, { recursive: true });
  const expected = names();
  for (let i = 0; i < expected.length; i += 500) {
    await Promise.all(expected.slice(i, i + 500).map((name) => writeFile(join(dir, name), '')));
  }
  const sorted = [...expected].sort();

  const sftp = await e2e.ssh2(t, 'alice');
  const listed = await call<{ filename: string; longname: string }[]>((cb) => sftp.readdir('/many', cb));
  assert.equal(listed.length, COUNT);
  assert.deepEqual(listed.map((e) => e.filename).sort(), sorted);
  assert.ok(listed.every((e) => e.longname.endsWith(` ${e.filename}`) && e.longname.startsWith('-rw')));

  const raw = await e2e.raw(t, 'alice');
  const h = handleOf(await raw.request(T.OPENDIR, f.str('/many')));
  const seen = new Set<string>();
  let pages = 0;
  for (;;) {
    const reply = await raw.request(T.READDIR, f.str(h));
    if (reply.type === T.STATUS) {
      assert.equal(status(reply).code, S.EOF);
      break;
    }
    const page = namesOf(reply);
    assert.ok(page.length > 0 && page.length <= 100, `page of ${page.length}`);
    for (const e of page) {
      assert.ok(!seen.has(e.filename), `${e.filename} listed twice`);
      seen.add(e.filename);
    }
    pages++;
  }
  assert.equal(seen.size, COUNT);
  assert.ok(pages >= COUNT / 100);
  assert.equal(status(await raw.request(T.CLOSE, f.str(h))).code, S.OK);

  if (noOpenSsh === false) {
    const result = await e2e.openssh('alice', ['ls -1 /many']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('sftp>'));
    assert.equal(lines.length, COUNT);
    assert.deepEqual(
      lines.map((l) => l.replace(/^\/many\//, '')),
      sorted,
    );
  }
});
