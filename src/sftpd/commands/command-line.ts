/**
 * Splits the command line of an SSH `exec` request into words the way a POSIX shell would (quotes and
 * backslashes), without expanding anything: no variables, globs, redirections or command chaining.
 */

/** The command line cannot be split (an unterminated quote, or nothing in it). */
export class CommandLineError extends Error {
  readonly code = 'ERR_COMMAND_LINE';
  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

/** Longest command line accepted. */
export const MAX_COMMAND_LINE = 32 * 1024;

/**
 * The words of `line`: runs of blanks separate words; `'...'` keeps everything literally; `"..."`
 * keeps everything but `\"`, `\\`, `` \` ``, `\$` and backslash-newline; a backslash outside quotes
 * escapes the next character (a backslash-newline disappears).
 * @throws {CommandLineError} for an unterminated quote, a trailing backslash, an empty or overlong line.
 */
export function splitCommandLine(line: string): string[] {
  if (line.length > MAX_COMMAND_LINE) throw new CommandLineError('the command line is too long');
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new CommandLineError('unterminated single quote');
      word += line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const d = line[j] ?? '';
        const next = line[j + 1] ?? '';
        if (d === '\\' && '"\\`$\n'.includes(next) && next !== '') {
          if (next !== '\n') word += next;
          j++;
        } else {
          word += d;
        }
      }
      if (j >= line.length) throw new CommandLineError('unterminated double quote');
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new CommandLineError('trailing backslash');
      const next = line[i + 1] ?? '';
      if (next !== '\n') word += next;
      else if (word === '') inWord = false;
      i++;
    } else {
      word += c;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new CommandLineError('empty command');
  return words;
}
