import type { CommanderError } from 'commander';
import { Command } from 'commander';
import { version } from '../version.js';
import { exitCodes } from './exit-codes.js';
import { genCommand } from './gen-command.js';
import { providerCommands } from './provider-commands.js';
import { serveCommand } from './serve-command.js';
import { startSubsysCommand } from './startsubsys-command.js';

/** Help and version output end with 0; any other parse error (unknown flag, bad value) is a usage error. */
function exitOnParseError(err: CommanderError): never {
  const shown = err.code === 'commander.helpDisplayed' || err.code === 'commander.version';
  process.exit(shown ? exitCodes.ok : exitCodes.usage);
}

function applyToTree(command: Command, apply: (c: Command) => void): void {
  apply(command);
  for (const child of command.commands) applyToTree(child, apply);
}

/**
 * The `sftpgo` command tree. `env` supplies the `SFTPGO_*` defaults of the flags.
 * @throws InvalidArgumentError when an env variable holds an invalid flag value.
 */
export function buildProgram(env: Readonly<Record<string, string | undefined>>): Command {
  const program: Command = new Command('sftpgo')
    .description('Full-featured and highly configurable file transfer server: SFTP, SCP, FTP/S, WebDAV, HTTP')
    .version(`SFTPGo ${version}`, '-v, --version', 'print the version');
  program.addCommand(serveCommand(env));
  for (const command of providerCommands(env)) program.addCommand(command);
  program.addCommand(startSubsysCommand(env));
  program.addCommand(genCommand(() => program));
  applyToTree(program, (c) => c.showHelpAfterError().exitOverride(exitOnParseError));
  return program;
}
