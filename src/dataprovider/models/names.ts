/**
 * Rules for user, admin and folder names (SFTPGo's `data_provider.naming_rules`) and for e-mail
 * addresses.
 */
import { ValidationError } from './validation-error.js';

/** Bits of `data_provider.naming_rules`. */
export const NAMING_RULES = {
  /** Any UTF-8 character is allowed; without it only `a-zA-Z0-9-_.~` are. */
  anyUtf8: 1,
  /** Names are lowercased before they are saved or compared. */
  lowercase: 2,
  /** Leading and trailing white space is trimmed before names are saved or compared. */
  trim: 4,
} as const;

/** Names SFTPGo keeps for itself (the executors of event actions). */
export const RESERVED_USERNAMES: readonly string[] = ['__self__', '__system__'];

const MAX_NAME_BYTES = 255;
const UNRESERVED_URI_NAME = /^[a-zA-Z0-9\-_.~]+$/;
// Control, format (zero-width, bidirectional) and line/paragraph separator characters: invisible or
// confusable in names, and a way to forge log lines.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const PATH_UNSAFE = /[/\\:*?"<>|]/;
const WINDOWS_DEVICE_NAMES = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...Array.from({ length: 9 }, (_, i) => `COM${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `LPT${i + 1}`),
]);

/** Applies the lowercase and trim naming rules (they take effect only when `rules` > 1, as in SFTPGo). */
export function applyNamingRules(name: string, rules: number): string {
  if (rules <= 1) return name;
  let result = name;
  if ((rules & NAMING_RULES.lowercase) !== 0) result = result.toLowerCase();
  if ((rules & NAMING_RULES.trim) !== 0) result = result.trim();
  return result;
}

/**
 * Why a name cannot be used, or `undefined` when it can. Names end up in file system paths, so besides
 * the naming rules a name must be safe on every platform.
 */
export function nameProblem(name: string, rules: number): string | undefined {
  if (name === '') return 'is required';
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return `must be at most ${MAX_NAME_BYTES} bytes`;
  if (INVISIBLE.test(name)) return 'must not contain control or invisible characters';
  if (PATH_UNSAFE.test(name)) return 'must not contain any of / \\ : * ? " < > |';
  if (name === '.' || name === '..') return 'must not be "." or ".."';
  const base = name.toUpperCase().split('.')[0] as string;
  if (WINDOWS_DEVICE_NAMES.has(base)) return `must not be the reserved device name ${base}`;
  if (name.endsWith(' ') || name.endsWith('.')) return 'must not end with a space or a dot';
  if ((rules & NAMING_RULES.anyUtf8) === 0 && !UNRESERVED_URI_NAME.test(name)) {
    return `${JSON.stringify(name)} is not valid, the following characters are allowed: a-zA-Z0-9-_.~`;
  }
  return undefined;
}

/** @throws {ValidationError} when the name is not usable (see {@link nameProblem}). */
export function checkName(name: string, rules: number, field: string): void {
  const problem = nameProblem(name, rules);
  if (problem !== undefined) throw new ValidationError(field, problem);
}

/** @throws {ValidationError} when the name is reserved by SFTPGo. */
export function checkNotReserved(name: string, field: string): void {
  if (RESERVED_USERNAMES.includes(name))
    throw new ValidationError(field, `${JSON.stringify(name)} is reserved`);
}

// Local part: atoms of the characters RFC 5322 allows unquoted (plus any non-ASCII), joined by single
// dots, or a quoted string. Domain: labels of letters, digits and hyphens (plus non-ASCII) that do not
// start or end with a hyphen, and a last label that does not start with a digit.
const LOCAL_ATOM = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u00A0-\\uFFFF]+";
const LOCAL_PART = `(?:${LOCAL_ATOM}(?:\\.${LOCAL_ATOM})*|"(?:[^"\\\\\\r\\n]|\\\\.)*")`;
const LABEL = '[A-Za-z0-9\\u00A0-\\uFFFF](?:[A-Za-z0-9\\-\\u00A0-\\uFFFF]*[A-Za-z0-9\\u00A0-\\uFFFF])?';
const TOP_LABEL = '[A-Za-z\\u00A0-\\uFFFF](?:[A-Za-z0-9\\-\\u00A0-\\uFFFF]*[A-Za-z0-9\\u00A0-\\uFFFF])?';
const EMAIL = new RegExp(`^${LOCAL_PART}@(?:${LABEL}\\.)+${TOP_LABEL}\\.?$`);

/** True when the text looks like an e-mail address (`name@example.com`). */
export function isEmailValid(email: string): boolean {
  return EMAIL.test(email);
}

/** @throws {ValidationError} when a non-empty address is not valid. */
export function checkEmail(email: string, field: string): void {
  if (email !== '' && !isEmailValid(email)) {
    throw new ValidationError(field, `e-mail address ${JSON.stringify(email)} is not valid`);
  }
}
