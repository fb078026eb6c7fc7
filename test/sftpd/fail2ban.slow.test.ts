// 100 wrong passwords from a real ssh2 client: the server keeps running, writes one
// `connection_failed` record per attempt, and the fail2ban filter shipped in docs/fail2ban matches
// each of those lines (and nothing else). fail2ban itself is not needed: its failregex and
// datepattern are turned into JavaScript regular expressions the way fail2ban expands them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { repoRoot } from '../helpers/paths.js';
import { closed, connect, marker, sftpSubsystem, startServer } from './harness.js';

const { Client } = ssh2;

/** A `key = value` of the filter file (single line values). */
function option(conf: string, key: string): string {
  const match = new RegExp(`^${key}\\s*=\\s*(.*)$`, 'm').exec(conf);
  assert.ok(match?.[1] !== undefined, `${key} in the filter`);
  return match[1];
}

/** The failregex as fail2ban expands it: `<HOST>` an address, `<protocol>` the jail's argument. */
function failRegex(conf: string, protocol: string): RegExp {
  const source = option(conf, 'failregex')
    .replace('<HOST>', '(?<host>[0-9A-Fa-f.:]+)')
    .replace('<protocol>', protocol);
  return new RegExp(source);
}

function dateRegex(conf: string): RegExp {
  const source = option(conf, 'datepattern')
    .replaceAll('%%Y', '\\d{4}')
    .replaceAll(/%%[mdHMS]/g, '\\d{2}')
    .replaceAll('%%f', '\\d{1,6}');
  return new RegExp(source);
}

test('100 wrong passwords: 100 connection_failed records, all matched by the fail2ban filter', async (t) => {
  const h = await startServer(t, { sftpd: { max_auth_tries: -1 } });
  await h.user({});
  const client = new Client();
  t.after(() => client.end());
  let tries = 0;
  const done = new Promise<Error | undefined>((resolve) => {
    client.once('ready', () => resolve(undefined));
    client.once('error', resolve);
  });
  client.connect({
    host: '127.0.0.1',
    port: h.port,
    username: 'alice',
    authHandler: (_methods, _partial, next) => {
      tries += 1;
      if (tries > 100) return next(false as never);
      next({ type: 'password', username: 'alice', password: `wrong-${tries}` });
    },
  });
  const err = await done;
  assert.ok(err instanceof Error);
  await closed(client).catch(() => undefined);
  const failures = (await h.failures()).filter((r) => r.login_type === 'password');
  assert.equal(failures.length, 100);
  // Still serving.
  const ok = await connect(t, h.port, { username: 'alice', password: 'secret-password' });
  assert.equal((await sftpSubsystem(ok)).stdout, marker('alice'));

  const conf = await readFile(join(repoRoot, 'docs/fail2ban/filter.d/sftpgo.conf'), 'utf8');
  const lines = (await h.text()).split('\n').filter((l) => l !== '');
  const ssh = failRegex(conf, 'SSH');
  const any = failRegex(conf, option(conf, 'protocol'));
  const matched = lines.filter((l) => ssh.test(l));
  const expected = lines.filter((l) => l.includes('"sender":"connection_failed"'));
  assert.deepEqual(matched, expected);
  assert.equal(matched.filter((l) => l.includes('"login_type":"password"')).length, 100);
  assert.equal(lines.filter((l) => any.test(l)).length, expected.length);
  assert.equal(lines.filter((l) => failRegex(conf, 'FTP').test(l)).length, 0);
  for (const line of matched) {
    assert.equal(ssh.exec(line)?.groups?.host, '127.0.0.1');
    assert.ok(dateRegex(conf).test(line), line);
  }
});
