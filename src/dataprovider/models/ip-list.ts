/** Entries of the IP lists (allow list, defender, rate limiter safe list). */
import { formatCIDR, formatIP, parseIP, tryParseCIDR } from '../../util/cidr.js';
import { ValidationError } from './validation-error.js';

/** The list an entry belongs to. */
export const IP_LIST_TYPES = { allowList: 1, defender: 2, rateLimiterSafeList: 3 } as const;
/** An IP list type. */
export type IPListType = (typeof IP_LIST_TYPES)[keyof typeof IP_LIST_TYPES];

/** What an entry does: allow, or deny (defender list only). */
export const IP_LIST_MODES = { allow: 1, deny: 2 } as const;
/** An IP list mode. */
export type IPListMode = (typeof IP_LIST_MODES)[keyof typeof IP_LIST_MODES];

/** An IP list entry. Timestamps are milliseconds since the epoch. */
export interface IPListEntry {
  /** An address or a network in CIDR notation. */
  ipornet: string;
  description: string;
  type: IPListType;
  mode: IPListMode;
  /** Bit mask of protocols: 0 all, 1 SSH, 2 FTP, 4 WebDAV, 8 HTTP. */
  protocols: number;
  created_at: number;
  updated_at: number;
}

/** An entry as given by a client or a dump: the store sets the times. */
export type ParsedIPListEntry = Omit<IPListEntry, 'created_at' | 'updated_at'>;

const MAX_DESCRIPTION_LENGTH = 512;
const TYPES: readonly number[] = Object.values(IP_LIST_TYPES);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intField(input: Record<string, unknown>, key: string, fallback?: number): number {
  const value = input[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ValidationError(key, 'must be an integer');
  }
  return value;
}

/**
 * Checks an IP list entry as SFTPGo does: `ipornet` is an address or a network, written back in
 * CIDR form with the host bits cleared (`192.0.2.7` is `192.0.2.7/32`); `type` 1, 2 or 3; `mode`
 * allow or deny, deny only in the defender list; `protocols` a mask of 1 SSH, 2 FTP, 4 DAV, 8 HTTP
 * (a mask with every protocol is stored as 0). Times are left to the caller.
 * @throws {ValidationError} naming the offending field.
 */
export function parseIPListEntry(input: unknown): ParsedIPListEntry {
  if (!isObject(input)) throw new ValidationError('', 'an IP list entry must be a JSON object');
  const text = input['ipornet'];
  if (typeof text !== 'string' || text.trim() === '') throw new ValidationError('ipornet', 'is required');
  const trimmed = text.trim();
  const address = trimmed.includes('/') ? undefined : parseIP(trimmed);
  const cidr = tryParseCIDR(address ? `${formatIP(address)}/${address.family === 4 ? 32 : 128}` : trimmed);
  if (cidr === undefined)
    throw new ValidationError('ipornet', `${JSON.stringify(text)} is not an IP address or network`);
  const type = intField(input, 'type');
  if (!TYPES.includes(type)) throw new ValidationError('type', `invalid IP list type ${type}`);
  const mode = intField(input, 'mode', IP_LIST_MODES.allow);
  if (mode !== IP_LIST_MODES.allow && mode !== IP_LIST_MODES.deny) {
    throw new ValidationError('mode', `invalid mode ${mode}`);
  }
  if (mode === IP_LIST_MODES.deny && type !== IP_LIST_TYPES.defender) {
    throw new ValidationError('mode', 'only the defender list may hold deny entries');
  }
  const protocols = intField(input, 'protocols', 0);
  if (protocols < 0 || protocols > 15)
    throw new ValidationError('protocols', `invalid protocols mask ${protocols}`);
  const description = input['description'] ?? '';
  if (typeof description !== 'string') throw new ValidationError('description', 'must be a string');
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw new ValidationError('description', `is longer than ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  return {
    ipornet: formatCIDR(cidr),
    description,
    type: type as IPListType,
    mode: mode as IPListMode,
    protocols: protocols === 15 ? 0 : protocols,
  };
}
