// The time-of-check/time-of-use window: another process swaps a checked directory for a symbolic link
// to outside the root while the backend opens files below it. Opening is guarded after the fact
// (O_NOFOLLOW on the last name, the descriptor's real path read back from /proc on Linux, truncation
// only after that check), so no open may return or modify a file outside the root. Calls made by path
// (stat, chmod, mkdir...) keep the window; see the comment of src/vfs/local-root.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FsError, FsOutsideRootError, LocalFs } from '../../src/vfs/index.js';
import { tempDir } from '../helpers/tmp.js';

const RUN_MS = 2000;

// Runs in a child process: moves a real directory and a link to outside in and out of `flip`.
const FLIPPER = `
const { renameSync } = require('node:fs');
const [flip, realDir, link] = process.argv.slice(1);
const swap = (from, to) => { try { renameSync(from, to); } catch {} };
for (;;) { swap(flip, realDir); swap(link, flip); swap(flip, link); swap(realDir, flip); }
`;

describe(
  'LocalFs against a directory swapped for a link while opening',
  { skip: process.platform !== 'linux' },
  () => {
    it('never opens, reads or modifies the file outside', async (t) => {
      const base = await tempDir(t, 'sftpgo-vfs-race-');
      const home = join(base, 'home');
      const outside = join(base, 'outside');
      mkdirSync(join(home, 'flip'), { recursive: true });
      mkdirSync(outside);
      writeFileSync(join(home, 'flip', 'secret.txt'), 'inside');
      writeFileSync(join(outside, 'secret.txt'), 'CANARY');
      const canaryBefore = statSync(join(outside, 'secret.txt'));
      symlinkSync(outside, join(home, 'flip-link'));
      const fs = await LocalFs.create({ root: home });

      const child = spawn(
        process.execPath,
        ['-e', FLIPPER, join(home, 'flip'), join(home, 'flip-real'), join(home, 'flip-link')],
        {
          stdio: 'ignore',
        },
      );
      t.after(() => child.kill('SIGKILL'));

      const counts = { readInside: 0, wroteInside: 0, refusedOutside: 0, otherErrors: 0 };
      const deadline = Date.now() + RUN_MS;
      while (Date.now() < deadline) {
        for (const write of [false, true]) {
          try {
            const handle = await fs.open(
              '/flip/secret.txt',
              write ? { write: true, truncate: true } : { read: true },
            );
            try {
              if (write) {
                await handle.write(Buffer.from('inside'), 0, 6, 0);
                counts.wroteInside += 1;
              } else {
                const buffer = Buffer.alloc(16);
                const n = await handle.read(buffer, 0, 16, 0);
                const text = buffer.subarray(0, n).toString();
                assert.notEqual(text, 'CANARY', 'read the file outside the root');
                counts.readInside += 1;
              }
            } finally {
              await handle.close();
            }
          } catch (err) {
            if (err instanceof assert.AssertionError) throw err;
            assert.ok(err instanceof FsError, `untyped error ${String(err)}`);
            if (err instanceof FsOutsideRootError) counts.refusedOutside += 1;
            else counts.otherErrors += 1;
          }
        }
      }
      child.kill('SIGKILL');
      t.diagnostic(JSON.stringify(counts));
      assert.ok(counts.readInside + counts.wroteInside > 0, 'the loop never reached the file inside');
      assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), 'CANARY');
      const canaryAfter = statSync(join(outside, 'secret.txt'));
      assert.equal(canaryAfter.mtimeMs, canaryBefore.mtimeMs);
      assert.equal(canaryAfter.size, canaryBefore.size);
    });
  },
);
