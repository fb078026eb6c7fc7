import { applyObject, checkNewItems } from './apply.js';
import type { NewItem } from './apply.js';
import { classifyEnvName } from './env.js';
import type { Assignment } from './env.js';
import { isIndex } from './key-path.js';
import { migrateLegacy } from './legacy.js';
import { describeOrigin } from './origin.js';
import type { SourceOrigin } from './origin.js';
import { lowercaseKeys, setIn } from './raw-tree.js';
import type { RawTree } from './raw-tree.js';
import { configSchema } from './schema.js';
import type { SftpGoConfig } from './schema.js';
import { ConfigWarningCode } from './warnings.js';
import type { ConfigWarning } from './warnings.js';

/**
 * Applies one tree-shaped source (JSON, YAML, TOML, HCL) over `config`: legacy keys are moved
 * first, then every value is checked and written.
 * @throws ConfigError on the first value the schema refuses
 */
export function applyTree(
  config: SftpGoConfig,
  tree: RawTree,
  origin: SourceOrigin,
  warnings: ConfigWarning[],
): void {
  const normalized = lowercaseKeys(tree) as RawTree;
  migrateLegacy(normalized, { origin, warnings, current: config });
  const newItems: NewItem[] = [];
  applyObject(configSchema, config as unknown as RawTree, normalized, [], { origin, warnings, newItems });
  checkNewItems(newItems);
}

/**
 * Applies flat assignments (environment, envfile, properties) over `config`, one at a time so
 * an error names the exact variable or line. Legacy keys are applied before current ones, so
 * that a current key set in the same source wins; list items go in index order.
 * @throws ConfigError on the first value the schema refuses
 */
export function applyAssignments(
  config: SftpGoConfig,
  assignments: readonly Assignment[],
  warnings: ConfigWarning[],
): void {
  const prepared = [...assignments].sort(comparePaths).map((assignment) => {
    const tree: RawTree = {};
    setIn(tree, assignment.path, assignment.value);
    const legacy = migrateLegacy(tree, { origin: assignment.origin, warnings, current: config });
    return { tree, origin: assignment.origin, legacy };
  });
  const ordered = [...prepared.filter((p) => p.legacy), ...prepared.filter((p) => !p.legacy)];
  const newItems: NewItem[] = [];
  for (const { tree, origin } of ordered) {
    applyObject(configSchema, config as unknown as RawTree, tree, [], { origin, warnings, newItems });
  }
  checkNewItems(newItems);
}

function comparePaths(a: Assignment, b: Assignment): number {
  const length = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < length; i++) {
    const x = a.path[i]!;
    const y = b.path[i]!;
    if (x === y) continue;
    if (isIndex(x) && isIndex(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return a.path.length - b.path.length;
}

/** A variable read from the environment or an envfile. */
export interface EnvEntry {
  readonly name: string;
  readonly value: string | undefined;
  readonly line?: number;
}

/**
 * Turns `SFTPGO_...` variables into assignments. Variables of other programs are skipped; known
 * non-configuration names (CLI flags, hook variables...) are skipped silently; other `SFTPGO_`
 * names, and in an envfile any other name, give a warning.
 */
export function envAssignments(
  entries: Iterable<EnvEntry>,
  file: string | undefined,
  warnings: ConfigWarning[],
): Assignment[] {
  const out: Assignment[] = [];
  for (const { name, value, line } of entries) {
    if (value === undefined) continue;
    const origin: SourceOrigin = { envVar: name, file, line };
    const kind = classifyEnvName(name);
    if (kind.kind === 'config') out.push({ path: kind.path, value, origin });
    else if (kind.kind === 'unknown' || (kind.kind === 'not-ours' && file !== undefined)) {
      warnings.push({
        code: ConfigWarningCode.UnknownEnv,
        key: name,
        source: file ?? name,
        message: `${describeOrigin(origin)} matches no configuration key (SFTPGO_SECTION__KEY) and is ignored`,
      });
    }
  }
  return out;
}

/** A properties entry: its key is a dotted path, list items are addressed by index. */
export function propertyAssignments(
  entries: Iterable<{ readonly key: string; readonly value: string; readonly line: number }>,
  file: string,
): Assignment[] {
  return [...entries].map(({ key, value, line }) => ({
    path: key.toLowerCase().split('.'),
    value,
    origin: { file, line },
  }));
}
