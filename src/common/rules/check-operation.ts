/**
 * Runs the operation table of `operation-permissions.ts` for a request.
 *
 * What the table cannot know is left to the `Connection`, which must check it around these calls:
 * whether the entries exist and their types, filesystem-level facts (a directory mapped as a virtual
 * folder's root, the same file reached twice, backend capabilities, `symlink_mode`), quotas (see
 * `quota.ts`) and, for directory renames, the walk of the tree (see `rename-walk.ts`).
 */
import type { Permission } from '../../dataprovider/models/index.js';
import type { Decision, Denied, DenialError, DenialReason } from './decision.js';
import { ALLOWED } from './decision.js';
import type {
  Operation,
  OperationRequest,
  PathRole,
  PatternOnDeny,
  RuleStep,
  StepCondition,
  TwoPathRole,
} from './operation-permissions.js';
import { isPathRequest, rulesFor } from './operation-permissions.js';
import type { PatternsHolder } from './patterns.js';
import { isFileAllowed } from './patterns.js';
import type { PermissionsHolder } from './permissions.js';
import { hasPerm } from './permissions.js';
import type { StorageHolder } from './same-storage.js';
import { sameStorage } from './same-storage.js';
import type { VirtualDirsHolder } from './virtual-folders.js';
import { hasVirtualFoldersInside, isVirtualDir, isVirtualFolderRoot, sameMount } from './virtual-folders.js';
import { parentDir, pathsOverlap } from './virtual-path.js';

/** Everything the operation checks read from a user (a full `User` fits). */
export type RulesUser = PermissionsHolder & PatternsHolder & StorageHolder & VirtualDirsHolder;

function pathOf(request: OperationRequest, role: PathRole | TwoPathRole): string {
  if (isPathRequest(request)) return role === 'parent' ? parentDir(request.path) : request.path;
  switch (role) {
    case 'sourceParent':
      return parentDir(request.source);
    case 'target':
      return request.target;
    case 'targetParent':
      return parentDir(request.target);
    default:
      return request.source;
  }
}

function applies(request: OperationRequest, when: StepCondition | undefined): boolean {
  if (when === undefined) return true;
  const flags: StepCondition = isPathRequest(request) ? {} : request;
  if (when.targetExists !== undefined && (flags.targetExists ?? false) !== when.targetExists) return false;
  return when.serverSideCopy === undefined || (flags.serverSideCopy ?? false) === when.serverSideCopy;
}

function deny(error: DenialError, reason: DenialReason, path: string, message: string): Denied {
  return { allowed: false, error, reason, path, message };
}

function checkPattern(user: RulesUser, path: string, onDeny: PatternOnDeny, op: Operation): Decision {
  const { allowed, policy } = isFileAllowed(user, path);
  if (allowed) return ALLOWED;
  const hidden = policy === 1;
  if (onDeny === 'hidden-only' && !hidden) return ALLOWED;
  const error = onDeny === 'permission-denied' || !hidden ? 'permission-denied' : 'not-found';
  const how = hidden ? 'hidden' : 'denied';
  return deny(error, 'file-pattern', path, `${op}: ${JSON.stringify(path)} is ${how} by the file patterns`);
}

/** Runs one step; `undefined` means "go on", a decision ends the checks. */
function runStep(
  user: RulesUser,
  request: OperationRequest,
  step: RuleStep<PathRole> | RuleStep<TwoPathRole>,
): Decision | undefined {
  if ('when' in step && !applies(request, step.when)) return undefined;
  const op = request.op;
  const two = isPathRequest(request) ? undefined : request;
  switch (step.check) {
    case 'permission': {
      const at = pathOf(request, step.at);
      if (hasPerm(user, step.permission, at)) return undefined;
      return {
        ...deny(
          'permission-denied',
          'missing-permission',
          at,
          `${op}: permission ${JSON.stringify(step.permission)} is not granted on ${JSON.stringify(at)}`,
        ),
        missing: step.permission,
      };
    }
    case 'pattern': {
      const at = pathOf(request, step.at);
      if (step.exceptRoot === true && at === '/') return undefined;
      const decision = checkPattern(user, at, step.onDeny, op);
      return decision.allowed ? undefined : decision;
    }
    case 'not-root': {
      const at = pathOf(request, step.at);
      if (at !== '/') return undefined;
      return deny('permission-denied', 'root', at, `${op}: not allowed on the root directory`);
    }
    case 'not-mount-point': {
      const at = pathOf(request, step.at);
      if (!isVirtualFolderRoot(user, at)) return undefined;
      return deny('permission-denied', 'mount-point', at, `${op}: ${JSON.stringify(at)} is a virtual folder`);
    }
    case 'no-mounts-inside': {
      const at = pathOf(request, step.at);
      if (!hasVirtualFoldersInside(user, at)) return undefined;
      return deny(
        'unsupported',
        'mounts-inside',
        at,
        `${op}: ${JSON.stringify(at)} has virtual folders inside`,
      );
    }
    case 'virtual-dir-allowed':
      return isVirtualDir(user, pathOf(request, step.at)) ? ALLOWED : undefined;
    case 'not-same-path':
      if (two === undefined || two.source !== two.target) return undefined;
      return deny(
        'unsupported',
        'same-path',
        two.source,
        `${op}: the source and the target are the same path`,
      );
    case 'not-nested':
      if (two === undefined || !pathsOverlap(two.source, two.target)) return undefined;
      return deny(
        'unsupported',
        'nested',
        two.target,
        `${op}: ${JSON.stringify(two.source)} and ${JSON.stringify(two.target)} overlap`,
      );
    case 'same-storage':
      if (two === undefined || sameStorage(user, two.source, two.target)) return undefined;
      return deny(
        'permission-denied',
        'cross-storage',
        two.target,
        `${op}: ${JSON.stringify(two.source)} and ${JSON.stringify(two.target)} are on different storages`,
      );
    case 'same-mount':
      if (two === undefined || sameMount(user, two.source, two.target)) return undefined;
      return deny(
        'unsupported',
        'cross-mount',
        two.target,
        `${op}: ${JSON.stringify(two.source)} and ${JSON.stringify(two.target)} are in different virtual folders`,
      );
  }
}

/**
 * Checks whether `user` may perform a file operation, running the operation's checks in SFTPGo's order
 * and stopping at the first failure. Paths must be clean virtual paths. Never throws.
 */
export function checkOperation(user: RulesUser, request: OperationRequest): Decision {
  return runSteps(user, request, rulesFor(request.op));
}

/** Runs the given steps for a request, stopping at the first failure (or at a step that allows). */
export function runSteps(
  user: RulesUser,
  request: OperationRequest,
  steps: readonly (RuleStep<PathRole> | RuleStep<TwoPathRole>)[],
): Decision {
  for (const step of steps) {
    const decision = runStep(user, request, step);
    if (decision !== undefined) return decision;
  }
  return ALLOWED;
}

/** One permission an operation needs, and where. */
export interface RequiredPermission {
  readonly permission: Permission;
  /** The virtual path whose permissions are read. */
  readonly path: string;
}

/**
 * The permissions a request needs and the paths where each is read, in checking order (for logs and
 * tests; {@link checkOperation} is what decides). Steps that do not apply to the request's flags are
 * left out.
 */
export function requiredPermissions(request: OperationRequest): RequiredPermission[] {
  const result: RequiredPermission[] = [];
  for (const step of rulesFor(request.op)) {
    if (step.check !== 'permission' || !applies(request, step.when)) continue;
    result.push({ permission: step.permission, path: pathOf(request, step.at) });
  }
  return result;
}
