import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { isAbsolute } from 'node:path';

/** The hook names the `command` configuration section can target, as SFTPGo defines them. */
export const hookNames = [
  'fs_actions',
  'provider_actions',
  'startup',
  'post_connect',
  'post_disconnect',
  'data_retention',
  'check_password',
  'pre_login',
  'post_login',
  'external_auth',
  'keyboard_interactive',
] as const;
export type HookName = (typeof hookNames)[number];

/** The `command` configuration section: time limit, environment and arguments for hook programs. */
export interface HookCommandConfig {
  readonly timeout: number;
  readonly env: readonly string[];
  readonly commands: readonly {
    readonly path: string;
    readonly timeout: number;
    readonly env: readonly string[];
    readonly args: readonly string[];
    readonly hook: string;
  }[];
}

export interface ProgramHookRequest {
  /** Absolute path of the program. */
  readonly program: string;
  readonly hook: HookName;
  /** The documented `SFTPGO_*` variables for this hook; nothing of the server's own environment is passed. */
  readonly env: Readonly<Record<string, string>>;
  /** Written to the program's standard input, then closed (keyboard-interactive hooks keep it open instead). */
  readonly stdin?: string;
  readonly signal?: AbortSignal;
  /** Standard output kept at most; a program that writes more is killed and the run fails. Default 1 MiB. */
  readonly maxOutputBytes?: number;
  /** Hooks whose output means nothing (actions) discard it instead, whatever its size. Default true. */
  readonly captureOutput?: boolean;
}

export interface ProgramHookResult {
  readonly stdout: string;
  readonly durationMs: number;
}

/** A hook program that could not run, ran too long, wrote too much or exited non-zero. */
export class HookError extends Error {
  readonly code:
    'ERR_HOOK_INVALID' | 'ERR_HOOK_SPAWN' | 'ERR_HOOK_TIMEOUT' | 'ERR_HOOK_OUTPUT' | 'ERR_HOOK_EXIT';
  constructor(code: HookError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HookError';
    this.code = code;
  }
}

const defaultMaxOutput = 1024 * 1024;

/** What the `command` section says for one program and hook: its time limit, extra environment and arguments. */
export function commandSettings(config: HookCommandConfig, program: string, hook: HookName) {
  const specific = config.commands.find((c) => c.path === program && (c.hook === '' || c.hook === hook));
  return {
    timeoutMs: (specific && specific.timeout > 0 ? specific.timeout : config.timeout) * 1000,
    env: [...config.env, ...(specific?.env ?? [])],
    args: [...(specific?.args ?? [])],
  };
}

function envFromPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** A hook program started by {@link spawnHookProgram}. */
export interface HookProcess {
  readonly child: ChildProcess;
  /** The program's time limit from the `command` section. */
  readonly timeoutMs: number;
  /** Kills the program and everything it started (its process group). Never throws. */
  readonly kill: () => void;
}

/**
 * Starts a hook program as SFTPGo does: the server's environment is not inherited (only the hook's
 * documented variables plus those set in the `command` section) and the `command` section's
 * arguments are passed. It runs in its own process group, so that {@link HookProcess.kill} also
 * ends what it started: a shell script's children would otherwise keep running, and keep its
 * output open. The caller enforces {@link HookProcess.timeoutMs}.
 * @throws HookError (ERR_HOOK_INVALID) when the program is not an absolute path.
 */
export function spawnHookProgram(
  config: HookCommandConfig,
  request: Pick<ProgramHookRequest, 'program' | 'hook' | 'env' | 'signal'> & {
    readonly stdout: 'pipe' | 'ignore';
  },
): HookProcess {
  if (!isAbsolute(request.program)) {
    throw new HookError('ERR_HOOK_INVALID', `hook program "${request.program}" must be an absolute path`);
  }
  const settings = commandSettings(config, request.program, request.hook);
  const child = spawn(request.program, settings.args, {
    env: { ...envFromPairs(settings.env), ...request.env },
    stdio: ['pipe', request.stdout, 'ignore'],
    signal: request.signal,
    killSignal: 'SIGKILL',
    detached: true,
  });
  // A program that exits without reading its input must not crash the server with EPIPE.
  child.stdin?.on('error', () => {});
  const kill = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  };
  return { child, timeoutMs: settings.timeoutMs, kill };
}

/**
 * Runs a hook program ({@link spawnHookProgram}) to its end: it is killed with SIGKILL at its time
 * limit, and its standard output is bounded.
 * @throws HookError with code ERR_HOOK_INVALID (not an absolute path), ERR_HOOK_SPAWN, ERR_HOOK_TIMEOUT,
 *   ERR_HOOK_OUTPUT (output over the bound) or ERR_HOOK_EXIT (non-zero exit; `cause` holds the code).
 */
export function runProgramHook(
  config: HookCommandConfig,
  request: ProgramHookRequest,
): Promise<ProgramHookResult> {
  const maxOutput = request.maxOutputBytes ?? defaultMaxOutput;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const {
      child,
      timeoutMs,
      kill: killGroup,
    } = spawnHookProgram(config, {
      ...request,
      stdout: request.captureOutput === false ? 'ignore' : 'pipe',
    });
    const chunks: Buffer[] = [];
    let outputBytes = 0;
    let failure: HookError | undefined;
    const fail = (err: HookError) => {
      failure ??= err;
      killGroup();
    };
    const timer = setTimeout(
      () => fail(new HookError('ERR_HOOK_TIMEOUT', `hook ${request.program} killed after ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      outputBytes += chunk.length;
      if (outputBytes > maxOutput) {
        fail(new HookError('ERR_HOOK_OUTPUT', `hook ${request.program} wrote more than ${maxOutput} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    child.stdin?.end(request.stdin ?? '');
    child.on('error', (err) => {
      fail(
        new HookError('ERR_HOOK_SPAWN', `cannot run hook ${request.program}: ${err.message}`, { cause: err }),
      );
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      // A program that exits by itself may leave children behind in its group; they go with it.
      killGroup();
      const durationMs = performance.now() - started;
      if (failure) {
        reject(failure);
        return;
      }
      if (exitCode !== 0) {
        reject(
          new HookError('ERR_HOOK_EXIT', `hook ${request.program} exited with code ${exitCode}`, {
            cause: exitCode,
          }),
        );
        return;
      }
      resolve({ stdout: Buffer.concat(chunks).toString('utf8'), durationMs });
    });
  });
}
