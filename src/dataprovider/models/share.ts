/** Shares: files or directories a user makes reachable through a public link (type only for now). */

/** What a share allows. */
export const SHARE_SCOPES = {
  read: 1,
  write: 2,
  /** Both reading and writing. */
  readWrite: 3,
} as const;
/** A share scope. */
export type ShareScope = (typeof SHARE_SCOPES)[keyof typeof SHARE_SCOPES];

/** A share. Timestamps are milliseconds since the epoch. */
export interface Share {
  /** Generated identifier used in the share link. */
  id: string;
  name: string;
  description: string;
  scope: ShareScope;
  /** Virtual paths shared; for write scope exactly one directory. */
  paths: string[];
  /** Owner. */
  username: string;
  created_at: number;
  updated_at: number;
  last_use_at: number;
  /** 0 means the share never expires. */
  expires_at: number;
  /** Password hash; in API output `[**redacted**]` when a password is set. */
  password: string;
  /** Times the share can be used; 0 means no limit. */
  max_tokens: number;
  used_tokens: number;
  /** Networks (CIDR) the share can be used from; empty means any. */
  allow_from: string[];
}
