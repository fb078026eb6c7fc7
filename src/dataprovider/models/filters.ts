/** A user's `filters`: login restrictions, file name filters, limits and per-user options. */
import type { TimePeriod } from './access-time.js';
import { TIME_PERIOD_SPEC, validateTimePeriod } from './access-time.js';
import type { LoginMethod, MFAProtocol, Protocol, WebClientOption } from './auth-options.js';
import { LOGIN_METHODS, MFA_PROTOCOLS, PROTOCOLS, WEB_CLIENT_OPTIONS } from './auth-options.js';
import { checkListValues, checkOneOf, checkRange, unique } from './checks.js';
import { validateCIDRList } from './cidr-lists.js';
import type { PatternsFilter } from './file-patterns.js';
import { PATTERNS_FILTER_SPEC, readFilePatterns } from './file-patterns.js';
import type { BandwidthLimit, DataTransferLimit } from './limits.js';
import {
  BANDWIDTH_LIMIT_SPEC,
  DATA_TRANSFER_LIMIT_SPEC,
  validateBandwidthLimit,
  validateDataTransferLimit,
} from './limits.js';
import { cleanVirtualPath } from './paths.js';
import type { ObjectReader } from './reader.js';
import type { RecordSpec, SecretWriter } from './record.js';
import { readRecord, recordReader, recordToJSON } from './record.js';
import { validateTLSCerts } from './tls-certs.js';
import type { RecoveryCode, UserTOTPConfig } from './totp.js';
import { RECOVERY_CODE_SPEC, USER_TOTP_SPEC } from './totp.js';
import { ValidationError, childField, itemField } from './validation-error.js';

/** Per-user switches for the global authentication hooks. */
export interface HooksFilter {
  external_auth_disabled: boolean;
  pre_login_disabled: boolean;
  check_password_disabled: boolean;
}

/** Certificate fields usable as username with TLS client authentication; `''` and `None` mean none. */
export const TLS_USERNAMES = ['', 'None', 'CommonName'] as const;
/** See {@link TLS_USERNAMES}. */
export type TLSUsername = (typeof TLS_USERNAMES)[number];

/** Filters shared by users and groups. */
export interface BaseUserFilters {
  /** Only clients from these networks may log in (CIDR notation); empty means any. */
  allowed_ip: string[];
  /** Clients from these networks may not log in; checked before `allowed_ip`. */
  denied_ip: string[];
  denied_login_methods: LoginMethod[];
  denied_protocols: Protocol[];
  file_patterns: PatternsFilter[];
  /** Largest single upload in bytes; 0 means unlimited. */
  max_upload_file_size: number;
  tls_username: TLSUsername;
  /** PEM certificates accepted for TLS client authentication. */
  tls_certs: string[];
  hooks: HooksFilter;
  /** Skip the existence checks and creation of the home and virtual folder directories at login. */
  disable_fs_checks: boolean;
  web_client: WebClientOption[];
  allow_api_key_auth: boolean;
  /** A hint for authentication plugins (`LDAPUser`, `OSUser`…). */
  user_type: string;
  bandwidth_limits: BandwidthLimit[];
  /** See {@link DataTransferLimit}. */
  data_transfer_limits: DataTransferLimit[];
  /** Seconds a user authenticated by the external auth hook is cached; 0 means no cache. */
  external_auth_cache_time: number;
  /** Directory clients start in; `''` means "/". */
  start_directory: string;
  two_factor_protocols: MFAProtocol[];
  /** 1 requires TLS for FTP control and data connections. */
  ftp_security: 0 | 1;
  /** Any password (or none) is accepted, over FTP and WebDAV only, with read-only permissions. */
  is_anonymous: boolean;
  /** Days until a new share expires; 0 means never. */
  default_shares_expiration: number;
  /** Most days a share may last; 0 means no maximum. */
  max_shares_expiration: number;
  /** Days until the password expires; 0 means never. */
  password_expiration: number;
  /** Minimum password strength (entropy); 0 means any password. */
  password_strength: number;
  access_time: TimePeriod[];
}

/** A user's filters. */
export interface UserFilters extends BaseUserFilters {
  /** The user must change the password at the next Web Client or REST API login. */
  require_password_change: boolean;
  additional_emails: string[];
  totp_config: UserTOTPConfig;
  recovery_codes: RecoveryCode[];
}

type BaseScalars = Omit<
  BaseUserFilters,
  'file_patterns' | 'hooks' | 'bandwidth_limits' | 'data_transfer_limits' | 'access_time'
>;

const BASE_FILTERS_SPEC: RecordSpec<BaseScalars> = {
  allowed_ip: 'strings',
  denied_ip: 'strings',
  denied_login_methods: 'strings',
  denied_protocols: 'strings',
  max_upload_file_size: 'int',
  tls_username: 'string',
  tls_certs: 'strings',
  disable_fs_checks: 'bool',
  web_client: 'strings',
  allow_api_key_auth: 'bool',
  user_type: 'string',
  external_auth_cache_time: 'int',
  start_directory: 'string',
  two_factor_protocols: 'strings',
  ftp_security: 'int',
  is_anonymous: 'bool',
  default_shares_expiration: 'int',
  max_shares_expiration: 'int',
  password_expiration: 'int',
  password_strength: 'int',
};

const HOOKS_SPEC: RecordSpec<HooksFilter> = {
  external_auth_disabled: 'bool!',
  pre_login_disabled: 'bool!',
  check_password_disabled: 'bool!',
};

type UserScalars = Pick<UserFilters, 'require_password_change' | 'additional_emails'>;

const USER_FILTERS_SPEC: RecordSpec<UserScalars> = {
  require_password_change: 'bool',
  additional_emails: 'strings',
};

/**
 * Reads the filters shared by users and groups. File patterns are validated here too, because the legacy
 * `file_extensions` are merged into them.
 * @throws {ValidationError} for a wrong JSON type or an invalid file pattern filter.
 */
export function readBaseUserFilters(reader: ObjectReader): BaseUserFilters {
  return {
    ...readRecord(reader, BASE_FILTERS_SPEC),
    file_patterns: readFilePatterns(reader),
    hooks: readRecord(reader.object('hooks'), HOOKS_SPEC),
    bandwidth_limits: reader.list('bandwidth_limits', recordReader(BANDWIDTH_LIMIT_SPEC)),
    data_transfer_limits: reader.list('data_transfer_limits', recordReader(DATA_TRANSFER_LIMIT_SPEC)),
    access_time: reader.list('access_time', recordReader(TIME_PERIOD_SPEC)),
  };
}

/** Reads a user's filters. @throws {ValidationError} as {@link readBaseUserFilters}. */
export function readUserFilters(reader: ObjectReader): UserFilters {
  return {
    ...readBaseUserFilters(reader),
    ...readRecord(reader, USER_FILTERS_SPEC),
    totp_config: readRecord(reader.object('totp_config'), USER_TOTP_SPEC),
    recovery_codes: reader.list('recovery_codes', recordReader(RECOVERY_CODE_SPEC)),
  };
}

function checkDeniedValues<T extends string>(
  values: readonly string[],
  allowed: readonly T[],
  field: string,
): T[] {
  const result = unique(checkListValues(values, allowed, field));
  if (result.length >= allowed.length) {
    throw new ValidationError(field, 'denying every value would lock the user out');
  }
  return result;
}

function checkNonNegative(filters: BaseUserFilters, field: (key: string) => string): void {
  const keys = [
    'max_upload_file_size',
    'external_auth_cache_time',
    'default_shares_expiration',
    'max_shares_expiration',
    'password_expiration',
    'password_strength',
  ] as const;
  for (const key of keys) checkRange(filters[key], field(key), { min: 0 });
}

/**
 * Normalises and checks the filters shared by users and groups, in place: networks, per-source limits,
 * login methods and protocols (not all of them denied), TLS settings, Web Client options, share
 * expirations, start directory (cleaned, "/" becomes `''`) and access times.
 * @throws {ValidationError} naming the offending filter under `field`.
 */
export function validateBaseUserFilters(filters: BaseUserFilters, field: string): void {
  const f = (key: string): string => childField(field, key);
  filters.denied_ip = validateCIDRList(filters.denied_ip, f('denied_ip'));
  filters.allowed_ip = validateCIDRList(filters.allowed_ip, f('allowed_ip'));
  filters.bandwidth_limits = filters.bandwidth_limits.map((limit, i) =>
    validateBandwidthLimit(limit, itemField(f('bandwidth_limits'), i)),
  );
  filters.data_transfer_limits = filters.data_transfer_limits.map((limit, i) =>
    validateDataTransferLimit(limit, itemField(f('data_transfer_limits'), i)),
  );
  filters.denied_login_methods = checkDeniedValues(
    filters.denied_login_methods,
    LOGIN_METHODS,
    f('denied_login_methods'),
  );
  filters.denied_protocols = checkDeniedValues(filters.denied_protocols, PROTOCOLS, f('denied_protocols'));
  checkListValues(filters.two_factor_protocols, MFA_PROTOCOLS, f('two_factor_protocols'));
  checkOneOf(filters.tls_username, TLS_USERNAMES, f('tls_username'));
  filters.tls_certs = validateTLSCerts(filters.tls_certs, f('tls_certs'));
  checkListValues(filters.web_client, WEB_CLIENT_OPTIONS, f('web_client'));
  checkOneOf(filters.ftp_security, [0, 1], f('ftp_security'));
  checkNonNegative(filters, f);
  if (
    filters.max_shares_expiration > 0 &&
    filters.max_shares_expiration < filters.default_shares_expiration
  ) {
    throw new ValidationError(
      f('default_shares_expiration'),
      `the default shares expiration (${filters.default_shares_expiration} days) cannot exceed the maximum (${filters.max_shares_expiration} days)`,
    );
  }
  if (filters.start_directory !== '') {
    const start = cleanVirtualPath(filters.start_directory);
    filters.start_directory = start === '/' ? '' : start;
  }
  filters.access_time = filters.access_time.map((p, i) =>
    validateTimePeriod(p, itemField(f('access_time'), i)),
  );
}

/** The JSON form of the filters shared by users and groups. */
export function baseUserFiltersToJSON(
  filters: BaseUserFilters,
  secrets: SecretWriter,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  Object.assign(out, recordToJSON(filters, BASE_FILTERS_SPEC, secrets));
  const lists = [
    ['file_patterns', filters.file_patterns, PATTERNS_FILTER_SPEC],
    ['bandwidth_limits', filters.bandwidth_limits, BANDWIDTH_LIMIT_SPEC],
    ['data_transfer_limits', filters.data_transfer_limits, DATA_TRANSFER_LIMIT_SPEC],
    ['access_time', filters.access_time, TIME_PERIOD_SPEC],
  ] as const;
  for (const [key, items, spec] of lists) {
    if (items.length > 0)
      out[key] = (items as readonly unknown[]).map((item) => recordToJSON(item, spec, secrets));
  }
  out.hooks = recordToJSON(filters.hooks, HOOKS_SPEC, secrets);
  return out;
}

/** The JSON form of a user's filters. */
export function userFiltersToJSON(filters: UserFilters, secrets: SecretWriter): Record<string, unknown> {
  const out = baseUserFiltersToJSON(filters, secrets);
  Object.assign(out, recordToJSON(filters, USER_FILTERS_SPEC, secrets));
  out.totp_config = recordToJSON(filters.totp_config, USER_TOTP_SPEC, secrets);
  if (filters.recovery_codes.length > 0) {
    out.recovery_codes = filters.recovery_codes.map((code) =>
      recordToJSON(code, RECOVERY_CODE_SPEC, secrets),
    );
  }
  return out;
}
