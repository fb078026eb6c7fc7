/**
 * The per-entry checks of a directory rename. After `checkOperation` allowed a `renameDir`, the whole tree
 * may still have to be checked: a user allowed to rename directories may lack the right to rename the
 * files inside, and deeper directories may have permissions of their own. SFTPGo then walks the source
 * tree and checks every entry (the directory itself included) against the path it will have under the
 * target.
 */
import type { Permission } from '../../dataprovider/models/index.js';
import type { RulesUser } from './check-operation.js';
import { runSteps } from './check-operation.js';
import type { Decision } from './decision.js';
import { renameEntryChecks } from './operation-permissions.js';
import type { PermissionsHolder } from './permissions.js';
import { hasPerm, hasPermissionsInside } from './permissions.js';
import { parentDir } from './virtual-path.js';

/** What a renamed entry is: a directory, a file (or symbolic link, or anything else), or not known. */
export type RenameEntryKind = 'file' | 'dir' | 'unknown';

/** One entry of a renamed tree and the path it will have. */
export interface RenameEntry {
  readonly source: string;
  readonly target: string;
  readonly kind: RenameEntryKind;
}

const RENAME_PERMISSION: Readonly<Record<RenameEntryKind, Permission>> = {
  file: 'rename_files',
  dir: 'rename_dirs',
  // Without knowing the kind, only the permission covering both kinds will do.
  unknown: 'rename',
};

/**
 * True when renaming the directory `source` to `target` requires walking the source tree and checking
 * each entry with {@link checkRenameEntry}: when permissions other than `*` are set at or below either
 * directory, or when the directories holding them do not grant the full `rename` permission (files and
 * directories alike).
 */
export function renameDirNeedsWalk(user: PermissionsHolder, source: string, target: string): boolean {
  if (hasPermissionsInside(user, source) || hasPermissionsInside(user, target)) return true;
  return !(hasPerm(user, 'rename', parentDir(source)) && hasPerm(user, 'rename', parentDir(target)));
}

/**
 * Checks one entry of a renamed tree as SFTPGo does: same storage, neither path "/" nor a mount point,
 * both names allowed by the file patterns, and the rename permission for its kind (`rename_files`,
 * `rename_dirs`, or `rename` when unknown) on the directories holding the entry and its new path.
 * Never throws.
 */
export function checkRenameEntry(user: RulesUser, entry: RenameEntry): Decision {
  const op = entry.kind === 'dir' ? 'renameDir' : 'renameFile';
  const request = { op, source: entry.source, target: entry.target } as const;
  return runSteps(user, request, renameEntryChecks(RENAME_PERMISSION[entry.kind]));
}
