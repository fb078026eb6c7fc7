import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { freePort, runCli, waitForLine } from '../helpers/cli.js';

/** The same httpd binding written in each supported format. */
const formats: Record<string, (port: number) => string> = {
  json: (port) => JSON.stringify({ httpd: { bindings: [{ address: '127.0.0.1', port }] } }),
  yaml: (port) => `httpd:\n  bindings:\n    - address: 127.0.0.1\n      port: ${port}\n`,
  toml: (port) => `[[httpd.bindings]]\naddress = "127.0.0.1"\nport = ${port}\n`,
  hcl: (port) =>
    `httpd {\n  bindings = [\n    {\n      address = "127.0.0.1"\n      port = ${port}\n    }\n  ]\n}\n`,
  env: (port) => `SFTPGO_HTTPD__BINDINGS__0__ADDRESS=127.0.0.1\nSFTPGO_HTTPD__BINDINGS__0__PORT=${port}\n`,
  properties: (port) => `httpd.bindings.0.address=127.0.0.1\nhttpd.bindings.0.port=${port}\n`,
};

for (const [extension, render] of Object.entries(formats)) {
  test(`serve finds sftpgo.${extension} in the config dir and listens where it says`, async (t) => {
    const dir = await tempDir(t);
    const port = await freePort();
    await writeFile(join(dir, `sftpgo.${extension}`), render(port));
    const run = runCli(t, ['serve', '-c', dir]);
    const line = await waitForLine(join(dir, 'sftpgo.log'), /listening on/);
    assert.match(line, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0, run.stderr());
  });
}
