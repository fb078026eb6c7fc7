/**
 * The bounds every driver enforces before touching its database, so that all drivers accept and
 * refuse the same inputs.
 */
import { StoreInvalidArgumentError } from './errors.js';
import type { FolderMapping, GroupMapping } from './records.js';
import type { ListOptions, SortOrder } from './stores.js';

/** Largest page a list returns. */
export const MAX_LIST_LIMIT = 500;
/** Longest name of users, folders, groups, admins, roles, event actions and rules. */
export const MAX_NAME_LENGTH = 255;
/** Longest API key id. */
export const MAX_API_KEY_ID_LENGTH = 50;
/** Longest share id. */
export const MAX_SHARE_ID_LENGTH = 60;
/** Longest defender host address. */
export const MAX_IP_LENGTH = 50;
/** Longest virtual path of a folder mapping. */
export const MAX_VIRTUAL_PATH_LENGTH = 2048;
/** Most folder or group mappings of one user or group. */
export const MAX_MAPPINGS = 1000;
/** Largest stored document, in UTF-16 code units of its JSON text. */
export const MAX_DOCUMENT_LENGTH = 4 * 1024 * 1024;

/** A page request with its defaults filled in. */
export interface Page {
  readonly limit: number;
  readonly offset: number;
  readonly order: SortOrder;
}

/**
 * Checks a name (or key id, share id, address) against the common rules.
 * @throws {@link StoreInvalidArgumentError} naming `what` when it breaks one.
 */
export function checkName(what: string, name: unknown, maxLength: number = MAX_NAME_LENGTH): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new StoreInvalidArgumentError(`${what} must be a non-empty string`);
  }
  // Counted in UTF-16 units, so never more characters than a varchar(maxLength) can hold.
  if (name.length > maxLength) {
    throw new StoreInvalidArgumentError(
      `${what} is ${name.length} characters long, the maximum is ${maxLength}`,
    );
  }
  if (name.includes('\0')) {
    throw new StoreInvalidArgumentError(`${what} must not contain NUL characters`);
  }
  // MySQL's collations ignore trailing spaces when comparing: refusing them everywhere keeps
  // "a" and "a " from being distinct names on some drivers and the same name on others.
  if (name.trim() !== name) {
    throw new StoreInvalidArgumentError(
      `${what} ${JSON.stringify(name)} must not start or end with white space`,
    );
  }
  return name;
}

/**
 * Checks an integer argument (counter delta, timestamp, score).
 * @throws {@link StoreInvalidArgumentError} if it is not a safe integer, or is negative when `min` is 0.
 */
export function checkInteger(what: string, value: unknown, min?: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new StoreInvalidArgumentError(`${what} must be a safe integer, got ${String(value)}`);
  }
  if (min !== undefined && value < min) {
    throw new StoreInvalidArgumentError(`${what} must be at least ${min}, got ${value}`);
  }
  return value;
}

/**
 * Checks a page request and fills in the defaults.
 * @throws {@link StoreInvalidArgumentError} when out of bounds.
 */
export function checkPage(options: ListOptions): Page {
  const limit = checkInteger('list limit', options.limit, 1);
  if (limit > MAX_LIST_LIMIT) {
    throw new StoreInvalidArgumentError(`list limit ${limit} is above the maximum of ${MAX_LIST_LIMIT}`);
  }
  const offset = checkInteger('list offset', options.offset ?? 0, 0);
  const order = options.order ?? 'ASC';
  if (order !== 'ASC' && order !== 'DESC') {
    throw new StoreInvalidArgumentError(`list order must be "ASC" or "DESC", got ${JSON.stringify(order)}`);
  }
  return { limit, offset, order };
}

/**
 * Serialises a document for storage.
 * @throws {@link StoreInvalidArgumentError} if it cannot be serialised or is too large.
 */
export function encodeDocument(what: string, data: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (err) {
    throw new StoreInvalidArgumentError(`the document of ${what} cannot be serialised to JSON`, {
      cause: err,
    });
  }
  if (text === undefined) {
    throw new StoreInvalidArgumentError(`the document of ${what} cannot be serialised to JSON`);
  }
  if (text.length > MAX_DOCUMENT_LENGTH) {
    throw new StoreInvalidArgumentError(
      `the document of ${what} is ${text.length} characters long, the maximum is ${MAX_DOCUMENT_LENGTH}`,
    );
  }
  return text;
}

/**
 * Checks folder mappings: bounds, and each folder at most once.
 * @throws {@link StoreInvalidArgumentError} naming the offending mapping.
 */
export function checkFolderMappings(
  owner: string,
  mappings: readonly FolderMapping[],
): readonly FolderMapping[] {
  checkMappingCount(owner, mappings);
  const seen = new Set<string>();
  for (const m of mappings) {
    const folder = checkName(`folder name in the mappings of ${owner}`, m.folder);
    if (seen.has(folder)) {
      throw new StoreInvalidArgumentError(`folder "${folder}" is mapped more than once for ${owner}`);
    }
    seen.add(folder);
    if (typeof m.virtualPath !== 'string' || m.virtualPath.length === 0) {
      throw new StoreInvalidArgumentError(
        `virtual path of folder "${folder}" for ${owner} must be a non-empty string`,
      );
    }
    if (m.virtualPath.length > MAX_VIRTUAL_PATH_LENGTH || m.virtualPath.includes('\0')) {
      throw new StoreInvalidArgumentError(
        `virtual path of folder "${folder}" for ${owner} must be at most ${MAX_VIRTUAL_PATH_LENGTH} characters, without NUL`,
      );
    }
    checkInteger(`quota size of folder "${folder}" for ${owner}`, m.quotaSize);
    checkInteger(`quota files of folder "${folder}" for ${owner}`, m.quotaFiles);
  }
  return mappings;
}

/**
 * Checks group memberships: each group at most once, integer type.
 * @throws {@link StoreInvalidArgumentError} naming the offending mapping.
 */
export function checkGroupMappings(
  owner: string,
  mappings: readonly GroupMapping[],
): readonly GroupMapping[] {
  checkMappingCount(owner, mappings);
  const seen = new Set<string>();
  for (const m of mappings) {
    const group = checkName(`group name in the mappings of ${owner}`, m.group);
    if (seen.has(group)) {
      throw new StoreInvalidArgumentError(`group "${group}" is mapped more than once for ${owner}`);
    }
    seen.add(group);
    checkInteger(`type of group "${group}" for ${owner}`, m.type);
  }
  return mappings;
}

function checkMappingCount(owner: string, mappings: readonly unknown[]): void {
  if (!Array.isArray(mappings)) {
    throw new StoreInvalidArgumentError(`the mappings of ${owner} must be an array`);
  }
  if (mappings.length > MAX_MAPPINGS) {
    throw new StoreInvalidArgumentError(
      `${owner} has ${mappings.length} mappings, the maximum is ${MAX_MAPPINGS}`,
    );
  }
}

/** Checked API key attributes. */
export interface CheckedApiKeyAttributes {
  readonly label: string;
  readonly expiresAt: number;
  readonly user: string | undefined;
  readonly admin: string | undefined;
}

/**
 * Checks the attributes of an API key.
 * @throws {@link StoreInvalidArgumentError} when a value is out of bounds or both owners are set.
 */
export function checkApiKeyAttributes(
  keyId: string,
  attributes: {
    readonly label: string;
    readonly expiresAt: number;
    readonly user?: string;
    readonly admin?: string;
  },
): CheckedApiKeyAttributes {
  const what = `API key "${keyId}"`;
  const label = attributes.label;
  if (
    typeof label !== 'string' ||
    label.length === 0 ||
    label.length > MAX_NAME_LENGTH ||
    label.includes('\0')
  ) {
    throw new StoreInvalidArgumentError(
      `the label of ${what} must be 1 to ${MAX_NAME_LENGTH} characters, without NUL`,
    );
  }
  const expiresAt = checkInteger(`expiration of ${what}`, attributes.expiresAt, 0);
  const user = attributes.user === undefined ? undefined : checkName(`user of ${what}`, attributes.user);
  const admin = attributes.admin === undefined ? undefined : checkName(`admin of ${what}`, attributes.admin);
  if (user !== undefined && admin !== undefined) {
    throw new StoreInvalidArgumentError(`${what} cannot belong to both user "${user}" and admin "${admin}"`);
  }
  return { label, expiresAt, user, admin };
}

/**
 * Checks a defender host address.
 * @throws {@link StoreInvalidArgumentError} when out of bounds.
 */
export function checkIp(ip: unknown): string {
  return checkName('defender host address', ip, MAX_IP_LENGTH);
}
