import type { Command, Option } from 'commander';

/** The shells `sftpgo gen completion` writes scripts for. */
export const completionShells = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof completionShells)[number];

interface CommandInfo {
  /** Words from the root to this command, e.g. ["gen", "completion"]. */
  readonly path: readonly string[];
  readonly description: string;
  readonly options: readonly Option[];
  readonly children: readonly string[];
  /** Fixed argument values, e.g. the shells of `gen completion`. */
  readonly argumentChoices: readonly string[];
}

function walk(command: Command, path: readonly string[] = []): CommandInfo[] {
  const args = command.registeredArguments.flatMap((a) => a.argChoices ?? []);
  const info: CommandInfo = {
    path,
    description: command.description(),
    options: command.options.filter((o) => !o.hidden),
    children: command.commands.map((c) => c.name()),
    argumentChoices: args,
  };
  return [info, ...command.commands.flatMap((c) => walk(c, [...path, c.name()]))];
}

function optionWords(info: CommandInfo): string[] {
  return info.options.flatMap((o) => [o.long, o.short].filter((w): w is string => Boolean(w)));
}

/** Single quotes for shell scripts: each ' becomes '\''. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function bashScript(root: string, infos: readonly CommandInfo[]): string {
  const cases = infos.map((info) => {
    const words = [...info.children, ...info.argumentChoices, ...optionWords(info), '--help'];
    return `    ${quote(info.path.join(' '))}) words=${quote(words.join(' '))} ;;`;
  });
  return `# bash completion for ${root}; load with: source <(${root} gen completion bash)
_${root}_completions() {
  local cur=\${COMP_WORDS[COMP_CWORD]} path="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    [[ $word == -* ]] && continue
    case "\${path:+$path }$word" in
${infos.map((i) => `      ${quote(i.path.join(' '))}) path=${quote(i.path.join(' '))} ;;`).join('\n')}
    esac
  done
  local words=""
  case "$path" in
${cases.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _${root}_completions ${root}
`;
}

function zshScript(root: string, infos: readonly CommandInfo[]): string {
  const fn = (info: CommandInfo) => `_${[root, ...info.path].join('_').replace(/-/g, '_')}`;
  const bodies = infos.map((info) => {
    const specs = info.options.map((o) => {
      const names = [o.short, o.long].filter(Boolean);
      const takesValue = o.required || o.optional;
      const head = names.length > 1 ? `(${names.join(' ')})'{${names.join(',')}}'` : names[0];
      return `    ${quote(`${head}[${o.description.replace(/[[\]']/g, '')}]${takesValue ? ':value:' : ''}`)}`;
    });
    const children = info.children.length
      ? [`    '1:command:(${[...info.children].join(' ')})'`, `    '*::arg:->args'`]
      : info.argumentChoices.length
        ? [`    '1:value:(${info.argumentChoices.join(' ')})'`]
        : [];
    const dispatch = info.children.length
      ? `\n  case $state in\n    args) case $words[1] in\n${info.children
          .map((c) => `      ${c}) ${fn({ ...info, path: [...info.path, c] })} ;;`)
          .join('\n')}\n    esac ;;\n  esac`
      : '';
    return `${fn(info)}() {\n  local state\n  _arguments -s \\\n${[...specs, ...children].join(' \\\n')}${dispatch}\n}`;
  });
  return `#compdef ${root}
# zsh completion for ${root}; put it in a directory of $fpath as _${root}, or: source <(${root} gen completion zsh)
${bodies.join('\n\n')}

if [ "$funcstack[1]" = "_${root}" ]; then
  _${root} "$@"
else
  compdef _${root} ${root}
fi
`;
}

function fishScript(root: string, infos: readonly CommandInfo[]): string {
  const lines = [`# fish completion for ${root}; load with: ${root} gen completion fish | source`];
  for (const info of infos) {
    const depth = info.path.length;
    const at = depth === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${info.path[depth - 1]}`;
    for (const child of info.children) {
      const childInfo = infos.find((i) => i.path.join(' ') === [...info.path, child].join(' '));
      lines.push(
        `complete -c ${root} -f -n ${quote(at)} -a ${child} -d ${quote(childInfo?.description ?? '')}`,
      );
    }
    for (const choice of info.argumentChoices)
      lines.push(`complete -c ${root} -f -n ${quote(at)} -a ${choice}`);
    for (const o of info.options) {
      const long = o.long ? ` -l ${o.long.replace(/^--/, '')}` : '';
      const short = o.short ? ` -s ${o.short.replace(/^-/, '')}` : '';
      const value = o.required ? ' -r' : '';
      lines.push(`complete -c ${root} -n ${quote(at)}${long}${short}${value} -d ${quote(o.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The completion script for `shell`, generated from the command tree so it never lags behind it. */
export function completionScript(program: Command, shell: CompletionShell): string {
  const infos = walk(program);
  const root = program.name();
  if (shell === 'bash') return bashScript(root, infos);
  if (shell === 'zsh') return zshScript(root, infos);
  return fishScript(root, infos);
}
