// Keyboard-interactive logins through the real ssh2 client: the hook as a shell program and as an
// HTTP URL (a tiny server on loopback) with SFTPGo's protocol, the password checked for the hook,
// time-outs, the built-in password and TOTP questions, and the two-step publickey+keyboard-interactive.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';
import type { Client as SshClientType, KeyboardInteractiveAuthMethod, PublicKeyAuthMethod } from 'ssh2';
import { generateKeyPair } from '../../src/sftpd/index.js';
import { hotp, totpStep, decodeBase32 } from '../../src/util/totp.js';
import { bin, script } from '../helpers/hooks.js';
import { marker, sftpSubsystem, startServer } from './harness.js';
import type { HarnessOptions, SshHarness } from './harness.js';

const { Client } = ssh2;
const run = promisify(execFile);

/** One round of questions as the client saw it. */
interface SeenRound {
  readonly instructions: string;
  readonly prompts: readonly { prompt: string; echo: boolean }[];
}

type Answer = (round: SeenRound, index: number) => string[];

interface LoginResult {
  readonly ok: boolean;
  readonly rounds: SeenRound[];
  readonly client: SshClientType;
}

/**
 * Logs in with keyboard-interactive (after the key when one is given); `answer` answers each round.
 * Resolves with whether the login succeeded and the rounds seen.
 */
function login(
  t: TestContext,
  port: number,
  answer: Answer,
  options: { username?: string; key?: string } = {},
): Promise<LoginResult> {
  const username = options.username ?? 'alice';
  const rounds: SeenRound[] = [];
  const client = new Client();
  t.after(() => client.end());
  const plan: (PublicKeyAuthMethod | KeyboardInteractiveAuthMethod)[] = [];
  if (options.key) plan.push({ type: 'publickey', username, key: options.key });
  plan.push({
    type: 'keyboard-interactive',
    username,
    prompt: (_name, instructions, _lang, prompts, finish) => {
      const round = {
        instructions,
        prompts: prompts.map((p) => ({ prompt: p.prompt, echo: p.echo ?? false })),
      };
      rounds.push(round);
      finish(answer(round, rounds.length - 1));
    },
  });
  return new Promise((resolve) => {
    client.once('ready', () => resolve({ ok: true, rounds, client }));
    client.once('error', () => resolve({ ok: false, rounds, client }));
    client.connect({
      host: '127.0.0.1',
      port,
      username,
      readyTimeout: 15_000,
      authHandler: (_methods, _partial, next) => next((plan.shift() ?? false) as never),
    });
  });
}

async function kiFailures(h: SshHarness, loginType = 'keyboard-interactive'): Promise<string[]> {
  return (await h.failures()).filter((r) => r.login_type === loginType).map((r) => String(r.error));
}

/** A server whose keyboard-interactive hook is `hook`. */
function withHook(t: TestContext, hook: string, options: HarnessOptions = {}): Promise<SshHarness> {
  return startServer(t, {
    ...options,
    sftpd: { password_authentication: false, keyboard_interactive_auth_hook: hook, ...options.sftpd },
  });
}

async function hookDir(t: TestContext): Promise<string> {
  return (await import('../helpers/tmp.js')).tempDir(t, 'sftpgo-ki-hook-');
}

test('program hook: two rounds of questions, then auth_result 1; it gets the documented variables', async (t) => {
  const dir = await hookDir(t);
  const hook = await script(
    dir,
    'ki.sh',
    `echo "$SFTPGO_AUTHD_USERNAME|$SFTPGO_AUTHD_IP|$SFTPGO_AUTHD_PASSWORD" > ${join(dir, 'env.txt')}
echo '{"questions":["Question1: ","Question2: "],"instruction":"Two questions","echos":[true,false]}'
read A1
read A2
echo '{"questions":["Question3: "],"instruction":"","echos":[true]}'
read A3
echo "$A1|$A2|$A3" > ${join(dir, 'answers.txt')}
if test "$A3" = "answer3"; then echo '{"auth_result":1}'; else echo '{"auth_result":-1}'; fi`,
  );
  const h = await withHook(t, hook);
  const user = await h.user({});
  const answers = [['answer1', 'answer2'], ['answer3']];
  const result = await login(t, h.port, (_round, i) => answers[i] ?? []);
  assert.equal(result.ok, true);
  assert.deepEqual(result.rounds, [
    {
      instructions: 'Two questions',
      prompts: [
        { prompt: 'Question1: ', echo: true },
        { prompt: 'Question2: ', echo: false },
      ],
    },
    { instructions: '', prompts: [{ prompt: 'Question3: ', echo: true }] },
  ]);
  assert.equal((await sftpSubsystem(result.client)).stdout, marker('alice'));
  assert.equal((await readFile(join(dir, 'answers.txt'), 'utf8')).trim(), 'answer1|answer2|answer3');
  const [username, ip, hash] = (await readFile(join(dir, 'env.txt'), 'utf8')).trim().split('|');
  assert.deepEqual([username, ip, hash], ['alice', '127.0.0.1', user.password]);
  assert.match(hash ?? '', /^\$argon2id\$/);
});

test('program hook: auth_result -1 refuses with a connection_failed record', async (t) => {
  const dir = await hookDir(t);
  const hook = await script(
    dir,
    'ki.sh',
    `echo '{"questions":["Code: "],"echos":[false]}'\nread A\necho '{"auth_result":-1}'`,
  );
  const h = await withHook(t, hook);
  await h.user({});
  const result = await login(t, h.port, () => ['nope']);
  assert.equal(result.ok, false);
  const errors = await kiFailures(h);
  assert.ok(
    errors.some((e) => /auth_result -1/.test(e)),
    errors.join(' | '),
  );
});

test('program hook: answers that break the protocol refuse the login', async (t) => {
  const dir = await hookDir(t);
  const cases = [
    { body: `echo 'not json'`, error: /not valid JSON/ },
    { body: `echo '{"questions":["A: ","B: "],"echos":[true]}'`, error: /one boolean per question/ },
    { body: `echo '{"questions":[],"echos":[]}'`, error: /no questions/ },
    { body: `echo '{"questions":["A: "],"echos":[true]}'\nread A`, error: /ended without an auth_result/ },
  ];
  for (const [i, c] of cases.entries()) {
    const h = await withHook(t, await script(dir, `ki${i}.sh`, c.body));
    await h.user({});
    assert.equal((await login(t, h.port, () => ['x'])).ok, false, `case ${i}`);
    const errors = await kiFailures(h);
    assert.ok(
      errors.some((e) => c.error.test(e)),
      `case ${i}: ${errors.join(' | ')}`,
    );
  }
});

test('program hook: check_password 1 makes the server check the password and send OK', async (t) => {
  const dir = await hookDir(t);
  const hook = await script(
    dir,
    'ki.sh',
    `echo '{"questions":["Password: "],"instruction":"","echos":[false],"check_password":1}'
read A1
echo "$A1" > ${join(dir, 'seen.txt')}
if test "$A1" != "OK"; then exit 1; fi
echo '{"questions":["Token: "],"echos":[false]}'
read A2
if test "$A2" = "token"; then echo '{"auth_result":1}'; else echo '{"auth_result":-1}'; fi`,
  );
  const h = await withHook(t, hook);
  await h.user({});
  const right = await login(t, h.port, (_r, i) => [i === 0 ? 'secret-password' : 'token']);
  assert.equal(right.ok, true);
  assert.equal((await readFile(join(dir, 'seen.txt'), 'utf8')).trim(), 'OK');
  const wrong = await login(t, h.port, () => ['wrong-password']);
  assert.equal(wrong.ok, false);
  assert.equal(wrong.rounds.length, 1, 'no question after a wrong password');
  const errors = await kiFailures(h);
  assert.ok(
    errors.some((e) => /wrong_password/.test(e)),
    errors.join(' | '),
  );
});

test('program hook: killed when the exchange runs out of time', async (t) => {
  const dir = await hookDir(t);
  const pidFile = join(dir, 'pid.txt');
  const hook = await script(dir, 'ki.sh', `echo $$ > ${pidFile}\nexec ${bin('sleep')} 30`);
  const h = await withHook(t, hook, { keyboardInteractiveTimeoutMs: 500 });
  await h.user({});
  const started = Date.now();
  const result = await login(t, h.port, () => []);
  assert.equal(result.ok, false);
  assert.ok(Date.now() - started < 10_000);
  const errors = await kiFailures(h);
  assert.ok(
    errors.some((e) => /no result within 500 ms/.test(e)),
    errors.join(' | '),
  );
  const pid = Number((await readFile(pidFile, 'utf8')).trim());
  await waitFor(() => !alive(pid));
});

test('program hook: the command section’s time limit applies to the program', async (t) => {
  const dir = await hookDir(t);
  const hook = await script(dir, 'ki.sh', `exec ${bin('sleep')} 30`);
  const h = await withHook(t, hook, { command: { timeout: 1 } });
  await h.user({});
  assert.equal((await login(t, h.port, () => [])).ok, false);
  const errors = await kiFailures(h);
  assert.ok(
    errors.some((e) => /killed after 1000 ms/.test(e)),
    errors.join(' | '),
  );
});

test('program hook: killed when the client leaves in the middle of the exchange', async (t) => {
  const dir = await hookDir(t);
  const pidFile = join(dir, 'pid.txt');
  const hook = await script(
    dir,
    'ki.sh',
    `echo $$ > ${pidFile}\necho '{"questions":["Code: "],"echos":[false]}'\nread A\necho '{"auth_result":1}'`,
  );
  const h = await withHook(t, hook);
  await h.user({});
  const client = new Client();
  t.after(() => client.end());
  await new Promise<void>((resolve) => {
    client.on('error', () => undefined);
    client.on('close', () => resolve());
    client.connect({
      host: '127.0.0.1',
      port: h.port,
      username: 'alice',
      tryKeyboard: true,
      // The question arrives: the client leaves instead of answering.
      authHandler: ['keyboard-interactive'],
    });
    client.on('keyboard-interactive', () => client.end());
  });
  const pid = Number((await readFile(pidFile, 'utf8')).trim());
  await waitFor(() => !alive(pid));
  const errors = await waitForFailure(h);
  assert.ok(
    errors.some((e) => /the client left/.test(e)),
    errors.join(' | '),
  );
});

async function waitForFailure(h: SshHarness): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const errors = await kiFailures(h);
    if (errors.length > 0) return errors;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return [];
}

test('HTTP hook: one POST per step with the same request id, the previous questions and the answers', async (t) => {
  const bodies: Record<string, unknown>[] = [];
  const steps = [
    { questions: ['Password: '], instruction: 'Hello', echos: [false], check_password: 1 },
    { questions: ['Question2: '], instruction: '', echos: [true] },
  ];
  const url = await hookServer(t, (body) => {
    bodies.push(body);
    const step = Number(body.step);
    if (step <= steps.length) return { status: 200, json: steps[step - 1] };
    const answers = body.answers as string[];
    return { status: 200, json: { auth_result: answers[0] === 'answer2' ? 1 : -1 } };
  });
  const h = await withHook(t, `${url}/keyint?token=abc`);
  const user = await h.user({});
  const result = await login(t, h.port, (_r, i) => [i === 0 ? 'secret-password' : 'answer2']);
  assert.equal(result.ok, true);
  assert.equal(result.rounds[0]?.instructions, 'Hello');
  const ids = new Set(bodies.map((b) => b.request_id));
  assert.equal(ids.size, 1);
  assert.deepEqual(
    bodies.map((b) => [b.step, b.username, b.ip, b.password, b.questions, b.answers]),
    [
      [1, 'alice', '127.0.0.1', user.password, undefined, undefined],
      [2, 'alice', '127.0.0.1', user.password, ['Password: '], ['OK']],
      [3, 'alice', '127.0.0.1', user.password, ['Question2: '], ['answer2']],
    ],
  );
});

test('HTTP hook: a status other than 200 refuses the login', async (t) => {
  const url = await hookServer(t, () => ({ status: 500, json: {} }));
  const h = await withHook(t, url);
  await h.user({});
  assert.equal((await login(t, h.port, () => [])).ok, false);
  const errors = await kiFailures(h);
  assert.ok(
    errors.some((e) => /HTTP status 500/.test(e)),
    errors.join(' | '),
  );
});

test('publickey then keyboard-interactive through the hook', async (t) => {
  const dir = await hookDir(t);
  const hook = await script(
    dir,
    'ki.sh',
    `echo '{"questions":["OTP: "],"echos":[false]}'\nread A\nif test "$A" = "123"; then echo '{"auth_result":1}'; else echo '{"auth_result":-1}'; fi`,
  );
  const h = await withHook(t, hook);
  const key = await generateKeyPair('ed25519');
  await h.user({
    public_keys: [key.publicKey],
    filters: {
      denied_login_methods: ['publickey', 'password', 'keyboard-interactive', 'publickey+password'],
    },
  });
  const wrong = await login(t, h.port, () => ['999'], { key: key.privateKey });
  assert.equal(wrong.ok, false);
  assert.ok((await kiFailures(h, 'publickey+keyboard-interactive')).some((e) => /auth_result -1/.test(e)));
  const right = await login(t, h.port, () => ['123'], { key: key.privateKey });
  assert.equal(right.ok, true);
  assert.equal((await sftpSubsystem(right.client)).stdout, marker('alice'));
  // Keyboard-interactive alone is denied to this user.
  assert.equal((await login(t, h.port, () => ['123'])).ok, false);
});

test('a user with external hooks disabled gets the built-in password question', async (t) => {
  const dir = await hookDir(t);
  const hook = await script(dir, 'ki.sh', `echo '{"auth_result":1}'`);
  const h = await withHook(t, hook);
  await h.user({ filters: { hooks: { external_auth_disabled: true } } });
  const result = await login(t, h.port, () => ['secret-password']);
  assert.equal(result.ok, true);
  assert.deepEqual(
    result.rounds.map((r) => r.prompts[0]?.prompt),
    ['Password: '],
  );
});

test('a hook that can never run turns keyboard-interactive off', async (t) => {
  const h = await withHook(t, 'relative/ki.sh');
  await h.user({});
  assert.equal((await login(t, h.port, () => ['secret-password'])).ok, false);
  assert.match(await h.text(), /keyboard-interactive authentication disabled/);
});

test(
  'OpenSSH answers the hook’s questions through SSH_ASKPASS',
  { skip: !existsSync('/usr/bin/ssh') && 'ssh not installed' },
  async (t) => {
    const dir = await hookDir(t);
    const hook = await script(
      dir,
      'ki.sh',
      `echo '{"questions":["Password: "],"echos":[false],"check_password":1}'
read A
echo '{"questions":["Favourite colour: "],"instruction":"One more","echos":[true]}'
read B
if test "$B" = "blue"; then echo '{"auth_result":1}'; else echo '{"auth_result":-1}'; fi`,
    );
    const h = await withHook(t, hook);
    await h.user({});
    // ssh runs the askpass program once per question, with the prompt as its argument.
    const askpass = await script(
      dir,
      'askpass.sh',
      'case "$1" in *Password*) echo secret-password ;; *colour*) echo blue ;; *) echo unexpected ;; esac',
    );
    const args = [
      '-F',
      '/dev/null',
      '-o',
      'PreferredAuthentications=keyboard-interactive',
      '-o',
      'StrictHostKeyChecking=no',
    ];
    args.push('-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-p', String(h.port));
    args.push('-s', 'alice@127.0.0.1', 'sftp');
    const { stdout } = await run('/usr/bin/ssh', args, {
      timeout: 20_000,
      env: { ...process.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force' },
    });
    assert.equal(stdout, marker('alice'));
  },
);

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function totpUser(extra: Record<string, unknown> = {}) {
  return {
    filters: {
      totp_config: {
        enabled: true,
        config_name: 'Default',
        secret: { status: 'Plain', payload: TOTP_SECRET },
        protocols: ['SSH'],
      },
      ...extra,
    },
  };
}

function currentCode(): string {
  return hotp(decodeBase32(TOTP_SECRET) as Buffer, totpStep(Date.now()), 'sha1');
}

test('built-in: password then TOTP passcode; a wrong or reused passcode is refused', async (t) => {
  const h = await startServer(t, { sftpd: { password_authentication: false } });
  await h.user(totpUser());
  const code = currentCode();
  const wrongCode = code === '000000' ? '111111' : '000000';
  const wrong = await login(t, h.port, (_r, i) => [i === 0 ? 'secret-password' : wrongCode]);
  assert.equal(wrong.ok, false);
  const ok = await login(t, h.port, (_r, i) => [i === 0 ? 'secret-password' : code]);
  assert.equal(ok.ok, true);
  assert.deepEqual(
    ok.rounds.map((r) => r.prompts),
    [[{ prompt: 'Password: ', echo: false }], [{ prompt: 'Authentication code: ', echo: false }]],
  );
  const replay = await login(t, h.port, (_r, i) => [i === 0 ? 'secret-password' : code]);
  assert.equal(replay.ok, false);
  const errors = await kiFailures(h);
  assert.ok(
    errors.some((e) => /invalid passcode/.test(e)),
    errors.join(' | '),
  );
  assert.ok(
    errors.some((e) => /already used/.test(e)),
    errors.join(' | '),
  );
});

test('built-in after a public key: only the TOTP passcode is asked', async (t) => {
  const h = await startServer(t, { sftpd: { password_authentication: false } });
  const key = await generateKeyPair('ed25519');
  await h.user({
    public_keys: [key.publicKey],
    ...totpUser({
      denied_login_methods: ['publickey', 'password', 'keyboard-interactive', 'publickey+password'],
    }),
  });
  const result = await login(t, h.port, () => [currentCode()], { key: key.privateKey });
  assert.equal(result.ok, true);
  assert.deepEqual(
    result.rounds.map((r) => r.prompts[0]?.prompt),
    ['Authentication code: '],
  );
});

test('hook check_password 2 checks the TOTP passcode', async (t) => {
  const dir = await hookDir(t);
  const hook = await script(
    dir,
    'ki.sh',
    `echo '{"questions":["Passcode: "],"echos":[false],"check_password":2}'\nread A\nif test "$A" = "OK"; then echo '{"auth_result":1}'; else exit 1; fi`,
  );
  const h = await withHook(t, hook);
  await h.user(totpUser());
  assert.equal((await login(t, h.port, () => ['000000' === currentCode() ? '111111' : '000000'])).ok, false);
  assert.equal((await login(t, h.port, () => [currentCode()])).ok, true);
});

/** A loopback HTTP server answering each JSON POST with `respond`; returns its base URL. */
async function hookServer(
  t: TestContext,
  respond: (body: Record<string, unknown>) => { status: number; json: unknown },
): Promise<string> {
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const answer = respond(JSON.parse(text) as Record<string, unknown>);
      res.statusCode = answer.status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) assert.fail('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
