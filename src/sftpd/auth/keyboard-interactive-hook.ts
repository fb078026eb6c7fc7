/**
 * `sftpd.keyboard_interactive_auth_hook`: a program or URL that leads a keyboard-interactive login,
 * with SFTPGo's protocol. Each step it answers a JSON object: questions to ask the client
 * (`questions`, `echos`, `instruction`), optionally `check_password` (1: the single answer must be
 * the user's password, 2: the user's TOTP passcode; the hook then receives `OK`), or the outcome
 * `auth_result` (1 accepts, any other non-zero value refuses).
 * - A program gets `SFTPGO_AUTHD_USERNAME`, `SFTPGO_AUTHD_IP` and `SFTPGO_AUTHD_PASSWORD` (the
 *   stored hash), writes one JSON object per line and reads the answers on its standard input, one
 *   per line.
 * - A URL gets one POST per step: `request_id`, `step`, `username`, `ip`, `password` and, after the
 *   first, the previous `questions` and the client's `answers`; it must answer 200 with the JSON.
 * The whole exchange has a time limit (60 s by default); the program is also bound by the `command`
 * section's limit, and killed when the exchange ends, fails or the client leaves.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { InteractiveChecks } from '../../common/auth/login-flow.js';
import type { HttpClient } from '../../common/hooks/http-client.js';
import { describeHook, hookFailureMessage, isHttpHook } from '../../common/hooks/hook-target.js';
import type { HookCommandConfig } from '../../common/hooks/program-hook.js';
import { spawnHookProgram } from '../../common/hooks/program-hook.js';
import type { User } from '../../dataprovider/index.js';

/** One question to the client. */
export interface InteractiveQuestion {
  readonly prompt: string;
  readonly echo: boolean;
}

/** One round of questions. */
export interface InteractiveRound {
  readonly instruction: string;
  readonly questions: readonly InteractiveQuestion[];
}

/** Asks the client one round of questions; resolves with its answers, rejects when it gives none. */
export type AskClient = (round: InteractiveRound) => Promise<string[]>;

/** The hook refused the login, failed or broke the protocol; the message is for the server's logs. */
export class KeyboardInteractiveHookError extends Error {
  readonly code = 'ERR_KEYBOARD_INTERACTIVE_HOOK';

  constructor(message: string, options?: { cause?: unknown }) {
    super(`keyboard_interactive_auth_hook: ${message}`, options);
    this.name = 'KeyboardInteractiveHookError';
  }
}

/** What a {@link KeyboardInteractiveHook} is built from. */
export interface KeyboardInteractiveHookOptions {
  /** Absolute program path or `http(s)` URL; empty for none. */
  readonly hook: string;
  readonly commands: HookCommandConfig;
  readonly http: HttpClient;
  /** Time limit of a whole exchange; default 60 s. */
  readonly timeoutMs?: number;
}

/** One login's exchange: who logs in, how to reach the client and check its answers. */
export interface InteractiveExchange {
  readonly user: User;
  readonly ip: string;
  readonly ask: AskClient;
  readonly checks: InteractiveChecks;
  /** Aborted when the client leaves. */
  readonly signal?: AbortSignal;
}

/** A hook step's answer. */
interface HookResponse {
  readonly round: InteractiveRound;
  readonly checkPassword: number;
  readonly authResult: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** Output bound of a program: its lines are short JSON objects. */
const MAX_PROGRAM_OUTPUT = 1024 * 1024;

function integer(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  if (!Number.isInteger(value)) throw new KeyboardInteractiveHookError(`"${field}" must be an integer`);
  return value as number;
}

/** @throws {KeyboardInteractiveHookError} for an answer that is not a valid step. */
function parseResponse(text: string): HookResponse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new KeyboardInteractiveHookError(`the answer is not valid JSON (${text.length} bytes)`, {
      cause: err,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new KeyboardInteractiveHookError('the answer must be a JSON object');
  }
  const o = json as Record<string, unknown>;
  const authResult = integer(o.auth_result, 'auth_result');
  const checkPassword = integer(o.check_password, 'check_password');
  if (authResult !== 0) return { round: { instruction: '', questions: [] }, checkPassword, authResult };
  const questions = o.questions ?? [];
  const echos = o.echos ?? [];
  if (!Array.isArray(questions) || questions.length === 0 || !questions.every((q) => typeof q === 'string')) {
    throw new KeyboardInteractiveHookError('the answer has no questions');
  }
  if (
    !Array.isArray(echos) ||
    echos.length !== questions.length ||
    !echos.every((e) => typeof e === 'boolean')
  ) {
    throw new KeyboardInteractiveHookError('"echos" must hold one boolean per question');
  }
  const instruction = typeof o.instruction === 'string' ? o.instruction : '';
  return {
    round: {
      instruction,
      questions: questions.map((prompt: string, i) => ({ prompt, echo: echos[i] as boolean })),
    },
    checkPassword,
    authResult,
  };
}

/** `promise`, or the abort reason as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The lines a program writes, bounded in total. */
async function* outputLines(stdout: Readable, onTooMuch: () => void): AsyncGenerator<string> {
  let pending = '';
  let total = 0;
  for await (const chunk of stdout) {
    const text = String(chunk);
    total += text.length;
    if (total > MAX_PROGRAM_OUTPUT) {
      onTooMuch();
      return;
    }
    pending += text;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      yield pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  if (pending.trim() !== '') yield pending;
}

/** The keyboard-interactive hook of the SSH server. */
export class KeyboardInteractiveHook {
  readonly #options: KeyboardInteractiveHookOptions;

  constructor(options: KeyboardInteractiveHookOptions) {
    this.#options = options;
  }

  /** Whether a hook is configured. */
  get enabled(): boolean {
    return this.#options.hook !== '';
  }

  /**
   * Runs the exchange to its end.
   * @throws {KeyboardInteractiveHookError} when the hook refuses (`auth_result` other than 1),
   *   fails, breaks the protocol or runs out of time; the check's own error when an answer checked
   *   for the hook (`check_password`) is wrong; the client's error when it gives no answer.
   */
  async authenticate(exchange: InteractiveExchange): Promise<void> {
    const limit = this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(limit);
    const signal = exchange.signal ? AbortSignal.any([timeout, exchange.signal]) : timeout;
    let result: number;
    try {
      result = isHttpHook(this.#options.hook)
        ? await this.#overHttp(exchange, signal)
        : await this.#withProgram(exchange, signal);
    } catch (err) {
      if (timeout.aborted)
        throw new KeyboardInteractiveHookError(`no result within ${limit} ms`, { cause: err });
      if (signal.aborted) throw new KeyboardInteractiveHookError('the client left', { cause: err });
      throw err;
    }
    if (result !== 1)
      throw new KeyboardInteractiveHookError(`authentication refused (auth_result ${result})`);
  }

  /** Asks the client a step's questions and checks what the hook asked to check. */
  async #answers(
    response: HookResponse,
    exchange: InteractiveExchange,
    signal: AbortSignal,
  ): Promise<string[]> {
    const answers = await abortable(exchange.ask(response.round), signal);
    if (answers.length !== response.round.questions.length) {
      throw new KeyboardInteractiveHookError(
        `${answers.length} answers to ${response.round.questions.length} questions`,
      );
    }
    const [only] = answers;
    if (only === undefined || answers.length !== 1 || response.checkPassword <= 0) return answers;
    if (response.checkPassword === 2) exchange.checks.passcode(only);
    else await exchange.checks.password(only);
    return ['OK'];
  }

  async #overHttp(exchange: InteractiveExchange, signal: AbortSignal): Promise<number> {
    const { hook, http } = this.#options;
    const first = {
      request_id: randomBytes(10).toString('hex'),
      username: exchange.user.username,
      ip: exchange.ip,
      password: exchange.user.password,
    };
    let request: Record<string, unknown> = { ...first, step: 1 };
    for (let step = 2; ; step++) {
      let answer;
      try {
        answer = await http.call({
          method: 'POST',
          url: hook,
          body: JSON.stringify(request),
          headers: { 'Content-Type': 'application/json' },
          retry: false,
          signal,
        });
      } catch (err) {
        throw new KeyboardInteractiveHookError(hookFailureMessage(err, hook), { cause: err });
      }
      if (answer.status !== 200) {
        throw new KeyboardInteractiveHookError(
          `${describeHook(hook)} answered HTTP status ${answer.status}, expected 200`,
        );
      }
      const response = parseResponse(answer.body);
      if (response.authResult !== 0) return response.authResult;
      const answers = await this.#answers(response, exchange, signal);
      request = { ...first, step, answers, questions: response.round.questions.map((q) => q.prompt) };
    }
  }

  async #withProgram(exchange: InteractiveExchange, signal: AbortSignal): Promise<number> {
    const { hook, commands } = this.#options;
    const program = spawnHookProgram(commands, {
      program: hook,
      hook: 'keyboard_interactive',
      env: {
        SFTPGO_AUTHD_USERNAME: exchange.user.username,
        SFTPGO_AUTHD_IP: exchange.ip,
        SFTPGO_AUTHD_PASSWORD: exchange.user.password,
      },
      stdout: 'pipe',
    });
    const { child, kill } = program;
    let failure: Error | undefined;
    child.once('error', (err) => {
      failure ??= new KeyboardInteractiveHookError(`cannot run ${hook}: ${err.message}`, { cause: err });
    });
    const ownLimit = AbortSignal.timeout(program.timeoutMs);
    const stop = AbortSignal.any([signal, ownLimit]);
    stop.addEventListener('abort', kill, { once: true });
    try {
      const lines = outputLines(child.stdout as Readable, () => {
        failure ??= new KeyboardInteractiveHookError(`${hook} wrote more than ${MAX_PROGRAM_OUTPUT} bytes`);
        kill();
      });
      for await (const line of lines) {
        if (line.trim() === '') continue;
        const response = parseResponse(line);
        if (response.authResult !== 0) return response.authResult;
        const answers = await this.#answers(response, exchange, stop);
        child.stdin?.write(answers.map((a) => `${a}\n`).join(''));
      }
      throw failure ?? new KeyboardInteractiveHookError(`${hook} ended without an auth_result`);
    } catch (err) {
      // The exchange's own limit or the client leaving is reported by the caller.
      if (ownLimit.aborted && !signal.aborted) {
        throw new KeyboardInteractiveHookError(`${hook} killed after ${program.timeoutMs} ms`, {
          cause: err,
        });
      }
      throw err;
    } finally {
      stop.removeEventListener('abort', kill);
      child.stdin?.destroy();
      kill();
    }
  }
}
