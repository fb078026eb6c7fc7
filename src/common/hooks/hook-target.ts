import { isAbsolute } from 'node:path';
import { redactUrl } from './http-client.js';
import { errorMessage } from '../../util/error-message.js';

/** Whether the hook is called over HTTP rather than run as a program (SFTPGo's test: the `http` prefix). */
export function isHttpHook(hook: string): boolean {
  return hook.startsWith('http');
}

/**
 * How the hook is named in logs: a program by its path, a URL without credentials, query or fragment
 * (a webhook's query often carries a token).
 */
export function describeHook(hook: string): string {
  if (!isHttpHook(hook)) return hook;
  try {
    const url = new URL(hook);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}

/**
 * Why a configured hook can never run, or undefined when it may: an HTTP hook must be a valid URL, any
 * other hook an absolute program path. An empty hook is "not configured", not a problem.
 */
export function hookTargetProblem(hook: string): string | undefined {
  if (hook === '') return undefined;
  if (isHttpHook(hook)) return URL.canParse(hook) ? undefined : 'is not a valid URL';
  return isAbsolute(hook) ? undefined : 'must be an absolute path or an HTTP URL';
}

/**
 * The message of a hook failure fit for logs and error messages: the HTTP client names the URL it
 * called (password already hidden), but the hook's query string may hold a token, so that URL is
 * replaced by {@link describeHook}'s form.
 */
export function hookFailureMessage(err: unknown, hook: string, calledUrl: string = hook): string {
  const message = errorMessage(err);
  if (!isHttpHook(hook)) return message;
  return message.split(redactUrl(calledUrl)).join(describeHook(hook));
}
