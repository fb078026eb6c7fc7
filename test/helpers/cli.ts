import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestContext } from 'node:test';
import { cliPath } from './paths.js';

export interface CliRun {
  readonly child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves with the exit code (or the signal name) once the process ends. */
  readonly exited: Promise<number | string>;
}

/**
 * Env for child processes: the parent's, without any SFTPGO_ variable that could leak into a test, and
 * with the SFTP server's default binding (port 2022) off so parallel tests don't collide; a test that
 * wants it sets its own port.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('SFTPGO_')) env[k] = v;
  return { ...env, SFTPGO_SFTPD__BINDINGS__0__PORT: '0', ...extra };
}

/** Starts the built `sftpgo` command; the process is killed when the test ends if it still runs. */
export function runCli(t: TestContext, args: readonly string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, stderr: () => stderr, stdout: () => stdout, exited };
}

/** What a program run to its end printed, and its exit code. */
export interface ProgramResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command to its end and returns exit code, stdout and stderr. */
export function runCliToEnd(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ProgramResult> {
  return runToEnd(process.execPath, [cliPath, ...args], cleanEnv(env));
}

/** Runs any program to its end with exactly `env`. */
export function runToEnd(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export { freePort } from './free-port.js';

/** Waits until `file` contains a line matching `pattern`, failing after `timeoutMs`. */
export async function waitForLine(file: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const line = text.split('\n').find((l) => pattern.test(l));
    if (line !== undefined) return line;
    if (Date.now() > deadline)
      throw new Error(`no line matching ${pattern} in ${file} after ${timeoutMs} ms:\n${text}`);
    await sleep(50);
  }
}
