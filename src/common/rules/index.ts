/**
 * Pure rule evaluation over the user model, used by `Connection` for every file operation: permissions,
 * file pattern filters, virtual folder resolution, listings, quotas. No I/O.
 */
export type { PathMatchResult } from './path-match.js';
export { goToLower, pathMatch } from './path-match.js';
export {
  baseName,
  dirsForPath,
  isInsideOrEqual,
  isStrictlyInside,
  joinPath,
  parentDir,
  pathsOverlap,
} from './virtual-path.js';
export type { PermissionsHolder } from './permissions.js';
export {
  grants,
  hasAnyPerm,
  hasPerm,
  hasPermissionsInside,
  hasPerms,
  missingPerm,
  permissionsForPath,
} from './permissions.js';
export type { FileAllowance, PatternsHolder } from './patterns.js';
export {
  isDirHidden,
  isFileAllowed,
  isHiddenInListing,
  isNameAllowed,
  patternsFilterForDir,
} from './patterns.js';
export type { MountsHolder, ResolvedMount, VirtualDirsHolder } from './virtual-folders.js';
export {
  hasVirtualFoldersInside,
  isMappedPath,
  isMountUsable,
  isVirtualDir,
  isVirtualFolderRoot,
  resolveVirtualFolder,
  sameMount,
  virtualDirsInDir,
} from './virtual-folders.js';
export type { StorageHolder } from './same-storage.js';
export { sameResource, sameStorage } from './same-storage.js';
export type { ListingHolder, ListingPlan } from './listing.js';
export { planListing } from './listing.js';
export type { Allowed, Decision, Denied, DenialError, DenialReason } from './decision.js';
export { ALLOWED } from './decision.js';
export type {
  Operation,
  OperationRequest,
  PathOperation,
  PathRequest,
  PathRole,
  PatternOnDeny,
  RuleStep,
  StepCondition,
  TwoPathOperation,
  TwoPathRequest,
  TwoPathRole,
} from './operation-permissions.js';
export {
  PATH_OPERATIONS,
  PATH_OPERATION_RULES,
  TWO_PATH_OPERATIONS,
  TWO_PATH_OPERATION_RULES,
  isPathRequest,
  renameEntryChecks,
  rulesFor,
} from './operation-permissions.js';
export type { RequiredPermission, RulesUser } from './check-operation.js';
export { checkOperation, requiredPermissions, runSteps } from './check-operation.js';
export type { RenameEntry, RenameEntryKind } from './rename-walk.js';
export { checkRenameEntry, renameDirNeedsWalk } from './rename-walk.js';
export type {
  AvailableSpaceRequest,
  MovedEntry,
  QuotaCheck,
  QuotaHolder,
  QuotaLimits,
  QuotaTarget,
  QuotaUsage,
  RenameQuotaRequest,
  UploadMode,
  UploadQuotaDecision,
  UploadQuotaRequest,
} from './quota.js';
export {
  availableUploadSpace,
  checkQuota,
  checkQuotaForUpload,
  checkRenameQuota,
  hasQuotaRestrictions,
  isIncludedInUserQuota,
  isWithinWriteLimit,
  quotaDeltaAfterUpload,
  quotaTargetForPath,
  renameNeedsQuotaCheck,
} from './quota.js';
export type { TransferLimitsHolder, TransferQuota, TransferredBytes } from './transfer-quota.js';
export {
  hasDownloadSpace,
  hasTransferQuotaRestrictions,
  hasUploadSpace,
  isDownloadWithinTransferQuota,
  isUploadWithinTransferQuota,
  transferAllowance,
  transferQuota,
} from './transfer-quota.js';
