import { InvalidArgumentError, Option } from 'commander';
import { errorMessage } from '../util/error-message.js';

/** One command-line flag with its `SFTPGO_*` environment equivalent, as SFTPGo documents them. */
export interface FlagSpec {
  /** Long name, without the leading dashes. */
  readonly name: string;
  readonly short?: string;
  /** Environment variable read when the flag is absent; none for the flags SFTPGo gives none. */
  readonly env?: string;
  readonly kind: 'string' | 'int' | 'bool';
  readonly defaultValue: string | number | boolean;
  readonly description: string;
  readonly choices?: readonly string[];
  /** Inclusive bounds of an `int` flag. */
  readonly range?: readonly [number, number];
}

const trueWords = new Set(['1', 't', 'true']);
const falseWords = new Set(['0', 'f', 'false']);

/** Parses a boolean the way SFTPGo's flags and env variables accept it (1/0, t/f, true/false). */
export function parseBool(raw: string): boolean {
  const word = raw.trim().toLowerCase();
  if (trueWords.has(word)) return true;
  if (falseWords.has(word)) return false;
  throw new InvalidArgumentError(`"${raw}" is not a boolean (use true/false or 1/0)`);
}

/** Parses a whole decimal number, refusing "12abc", "1.5" and the empty string. */
export function parseInteger(raw: string): number {
  if (!/^-?\d+$/.test(raw.trim())) throw new InvalidArgumentError(`"${raw}" is not a whole number`);
  return Number.parseInt(raw, 10);
}

function parserFor(spec: FlagSpec): (raw: string) => string | number | boolean {
  if (spec.kind === 'int') {
    const range = spec.range;
    if (!range) return parseInteger;
    return (raw) => {
      const value = parseInteger(raw);
      if (value < range[0] || value > range[1]) {
        throw new InvalidArgumentError(`${value} is out of range: allowed ${range[0]} to ${range[1]}`);
      }
      return value;
    };
  }
  // A boolean flag given without a value receives its preset, `true`, rather than text.
  if (spec.kind === 'bool')
    return (raw: string | boolean) => (typeof raw === 'boolean' ? raw : parseBool(raw));
  if (spec.choices) {
    const allowed = spec.choices;
    return (raw) => {
      if (!allowed.includes(raw)) throw new InvalidArgumentError(`allowed values: ${allowed.join(', ')}`);
      return raw;
    };
  }
  return (raw) => raw;
}

/** The value a flag takes when it is not on the command line: its env variable, else its default. */
function defaultFromEnv(spec: FlagSpec, env: Readonly<Record<string, string | undefined>>) {
  const raw = spec.env === undefined ? undefined : env[spec.env];
  if (raw === undefined) return spec.defaultValue;
  try {
    return parserFor(spec)(raw);
  } catch (err) {
    const reason = errorMessage(err);
    throw new InvalidArgumentError(`environment variable ${spec.env}: ${reason}`);
  }
}

/**
 * Builds the commander option for a flag. Boolean flags take an optional value, as SFTPGo's do
 * (`--log-compress`, `--log-compress=false`).
 * @throws InvalidArgumentError when the flag's env variable holds an invalid value.
 */
export function toOption(spec: FlagSpec, env: Readonly<Record<string, string | undefined>>): Option {
  const names = `${spec.short ? `-${spec.short}, ` : ''}--${spec.name}`;
  const valuePart = spec.kind === 'bool' ? ' [bool]' : spec.kind === 'int' ? ' <number>' : ' <string>';
  const envNote = spec.env === undefined ? '' : ` (env ${spec.env})`;
  const option = new Option(names + valuePart, spec.description + envNote);
  option.argParser(parserFor(spec));
  if (spec.kind === 'bool') option.preset(true);
  option.default(defaultFromEnv(spec, env), JSON.stringify(spec.defaultValue));
  return option;
}
