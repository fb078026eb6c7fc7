/** Who an API request acts as, once authenticated. */
import type { AdminPermission } from '../../dataprovider/index.js';

/** How the caller proved who it is. */
export type AuthSource = 'token' | 'api_key' | 'htpasswd';

/** The admin a request acts as. */
export interface Principal {
  readonly username: string;
  readonly permissions: readonly string[];
  /** The admin's role: a role admin only sees and manages users of that role. */
  readonly role: string;
  readonly source: AuthSource;
  /**
   * What the admin must do before using the API beyond its own account: SFTPGo's
   * `require_password_change`, or `require_two_factor` without two-factor authentication set up.
   */
  readonly pending?: 'password_change' | 'two_factor';
  /** The claims' token id and expiry (seconds), for logout; undefined for API keys and htpasswd. */
  readonly token?: { readonly jti: string; readonly exp: number };
}

/** Whether the principal holds `permission` (`*` holds them all). */
export function hasPermission(principal: Principal, permission: AdminPermission): boolean {
  return principal.permissions.includes('*') || principal.permissions.includes(permission);
}
