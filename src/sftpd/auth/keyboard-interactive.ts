/**
 * The keyboard-interactive conversation of one SSH login: the hook's questions, or the built-in
 * ones (password, then TOTP passcode), asked through the SSH transport.
 */
import type { KeyboardAuthContext } from 'ssh2';
import type { InteractiveChecks, InteractiveConversation } from '../../common/auth/login-flow.js';
import type { AskClient, InteractiveRound, KeyboardInteractiveHook } from './keyboard-interactive-hook.js';

/** What a conversation needs besides the user and the checks. */
export interface ConversationOptions {
  /** The transport's request: where questions are sent. */
  readonly ctx: KeyboardAuthContext;
  /** `sftpd.keyboard_interactive_auth_hook`, when configured. */
  readonly hook: KeyboardInteractiveHook | undefined;
  readonly ip: string;
  /** Whether a public key was accepted first (`publickey+keyboard-interactive`). */
  readonly afterKey: boolean;
  /** Aborted when the client leaves. */
  readonly signal: AbortSignal;
}

/**
 * The conversation: the hook leads it unless the user opted out of external hooks
 * (`filters.hooks.external_auth_disabled`); otherwise the built-in questions are asked.
 */
export function keyboardInteractiveConversation(o: ConversationOptions): InteractiveConversation {
  const ask: AskClient = (round) => askClient(o.ctx, round);
  return async (user, checks) => {
    if (o.hook?.enabled && !user.filters.hooks.external_auth_disabled) {
      await o.hook.authenticate({ user, ip: o.ip, ask, checks, signal: o.signal });
    } else {
      await builtinQuestions(ask, checks, o.afterKey);
    }
  };
}

/** Asks one round of questions; rejects when the client answers nothing (or starts another method). */
function askClient(ctx: KeyboardAuthContext, round: InteractiveRound): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const prompts = round.questions.map((q) => ({ prompt: q.prompt, echo: q.echo }));
    ctx.prompt(prompts, '', round.instruction, (answers: string[] | Error) => {
      if (Array.isArray(answers)) resolve(answers);
      else reject(answers instanceof Error ? answers : new Error('no answer from the client'));
    });
  });
}

/** Asks one hidden question and returns its single answer. */
async function askOne(ask: AskClient, prompt: string): Promise<string> {
  const answers = await ask({ instruction: '', questions: [{ prompt, echo: false }] });
  const [answer] = answers;
  if (answer === undefined || answers.length !== 1) {
    throw new Error(`${answers.length} answers to one question`);
  }
  return answer;
}

/**
 * The questions without a hook, as SFTPGo asks them: "Password: " (left out after a public key
 * when a passcode follows: the key and the passcode are the two factors), then
 * "Authentication code: " when the user has TOTP enabled for SSH.
 */
async function builtinQuestions(ask: AskClient, checks: InteractiveChecks, afterKey: boolean): Promise<void> {
  if (!afterKey || !checks.hasSecondFactor) await checks.password(await askOne(ask, 'Password: '));
  if (checks.hasSecondFactor) checks.passcode(await askOne(ask, 'Authentication code: '));
}
