/** Entries of the IP lists (allow list, defender, rate limiter safe list); type only for now. */

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
