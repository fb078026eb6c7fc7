import { Argument, Command } from 'commander';
import type { CompletionShell } from './completion.js';
import { completionScript, completionShells } from './completion.js';

/** The `gen` subcommand: files generated from the command itself. */
export function genCommand(root: () => Command): Command {
  const completion = new Command('completion')
    .description('Write the shell completion script for bash, zsh or fish to standard output')
    .summary('generate a shell completion script')
    .addArgument(new Argument('<shell>', 'target shell').choices(completionShells))
    .action((shell: CompletionShell) => {
      process.stdout.write(completionScript(root(), shell));
    });
  return new Command('gen')
    .description('Generate files for the command: shell completion scripts')
    .summary('generate shell completion scripts')
    .addCommand(completion);
}
