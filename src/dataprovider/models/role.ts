/** Roles: admins with a role manage only the users of that role (type only for now). */

/** A role. Timestamps are milliseconds since the epoch. */
export interface Role {
  id: number;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
  /** Users with this role (filled by the data provider). */
  users: string[];
  /** Admins with this role (filled by the data provider). */
  admins: string[];
}
