/**
 * Errors thrown by the data provider's public services. Callers (REST API, protocol logins, CLI)
 * branch on these classes or their `code`; model problems keep coming as the models'
 * `ValidationError` (with the JSON path of the offending field), and database failures as the
 * store's `StoreError`.
 */
import type { ProviderObjectType } from './events.js';

/** Stable codes of the provider errors. */
export const ProviderErrorCode = {
  notFound: 'ERR_PROVIDER_NOT_FOUND',
  conflict: 'ERR_PROVIDER_CONFLICT',
  invalidCredentials: 'ERR_INVALID_CREDENTIALS',
  quotaTrackingDisabled: 'ERR_QUOTA_TRACKING_DISABLED',
  invalidDump: 'ERR_INVALID_DUMP',
  closed: 'ERR_PROVIDER_CLOSED',
} as const;

/** One of the {@link ProviderErrorCode} values. */
export type ProviderErrorCodeValue = (typeof ProviderErrorCode)[keyof typeof ProviderErrorCode];

/** Base class of the provider errors. */
export class ProviderError extends Error {
  readonly code: ProviderErrorCodeValue;

  constructor(code: ProviderErrorCodeValue, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** The named object does not exist (a 404 for the REST API). */
export class ObjectNotFoundError extends ProviderError {
  readonly objectType: ProviderObjectType;
  readonly objectName: string;

  constructor(objectType: ProviderObjectType, objectName: string, options?: { cause?: unknown }) {
    super(
      ProviderErrorCode.notFound,
      `${describeObject(objectType)} ${JSON.stringify(objectName)} does not exist`,
      options,
    );
    this.objectType = objectType;
    this.objectName = objectName;
  }
}

/**
 * The change would break a uniqueness or reference rule: the name is taken, or the object is still
 * in use (a group with members).
 */
export class ObjectConflictError extends ProviderError {
  readonly objectType: ProviderObjectType;
  readonly objectName: string;

  constructor(
    objectType: ProviderObjectType,
    objectName: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      ProviderErrorCode.conflict,
      `${describeObject(objectType)} ${JSON.stringify(objectName)}: ${problem}`,
      options,
    );
    this.objectType = objectType;
    this.objectName = objectName;
  }
}

/** Why a password check failed. Kept for logs: never tell the client which one it was. */
export type InvalidCredentialsReason =
  'not_found' | 'no_password' | 'empty_password' | 'wrong_password' | 'unsupported_hash' | 'expired';

/**
 * A password check failed. The message is always "invalid credentials", whatever the reason, so
 * it can be shown to clients; `reason` says what happened, for the server's logs only.
 */
export class InvalidCredentialsError extends ProviderError {
  readonly reason: InvalidCredentialsReason;
  /** The account name as given. */
  readonly username: string;

  constructor(username: string, reason: InvalidCredentialsReason, options?: { cause?: unknown }) {
    super(ProviderErrorCode.invalidCredentials, 'invalid credentials', options);
    this.username = username;
    this.reason = reason;
  }
}

/** A quota update was asked for while `data_provider.track_quota` is 0 (SFTPGo refuses those too). */
export class QuotaTrackingDisabledError extends ProviderError {
  constructor() {
    super(
      ProviderErrorCode.quotaTrackingDisabled,
      'quota tracking is disabled: set data_provider.track_quota to 1 or 2 to use this method',
    );
  }
}

/** The dump sections that hold objects, in the order they are restored. */
export const DUMP_SECTIONS = [
  'roles',
  'folders',
  'groups',
  'users',
  'admins',
  'api_keys',
  'shares',
  'event_actions',
  'event_rules',
  'ip_lists',
] as const;
/** One of {@link DUMP_SECTIONS}. */
export type DumpSection = (typeof DUMP_SECTIONS)[number];

/** Where in a dump an object failed. */
export interface DumpLocation {
  readonly section: DumpSection;
  readonly index: number;
  /** The object's name, or `''` when it has none (yet). */
  readonly objectName: string;
}

/**
 * A dump cannot be restored: it is not a dump at all (`section` undefined), or one of its objects
 * is invalid or refers to something missing. Nothing was stored. The message names the object and
 * the field, e.g. `users[3] (alice): home_dir: "srv" is not an absolute path`.
 */
export class InvalidDumpError extends ProviderError {
  readonly section: DumpSection | undefined;
  readonly index: number | undefined;
  readonly objectName: string | undefined;
  /** The JSON path of the offending field inside the object (`''` for the object itself). */
  readonly field: string;

  constructor(
    message: string,
    details?: DumpLocation & { readonly field: string },
    options?: { cause?: unknown },
  ) {
    super(ProviderErrorCode.invalidDump, message, options);
    this.section = details?.section;
    this.index = details?.index;
    this.objectName = details?.objectName;
    this.field = details?.field ?? '';
  }
}

/** The provider was closed; no more calls are possible. */
export class ProviderClosedError extends ProviderError {
  constructor() {
    super(ProviderErrorCode.closed, 'the data provider is closed');
  }
}

const OBJECT_LABELS: Readonly<Record<ProviderObjectType, string>> = {
  user: 'user',
  folder: 'folder',
  group: 'group',
  admin: 'admin',
  api_key: 'API key',
  share: 'share',
  event_action: 'event action',
  event_rule: 'event rule',
  role: 'role',
  ip_list_entry: 'IP list entry',
};

/** The kind of object as written in messages ("API key"). */
export function describeObject(objectType: ProviderObjectType): string {
  return OBJECT_LABELS[objectType];
}
