/**
 * All the tables of the memory driver, and the cascades that the SQL schema's foreign keys do.
 */
import { MemoryTable } from './memory-table.js';
import type { TableName } from '../tables.js';

/** Tables of the memory driver: every table but `schema_version`. */
export type MemoryTableName = Exclude<TableName, 'schema_version'>;

const KEYS: { readonly [K in MemoryTableName]: string | undefined } = {
  users: 'username',
  folders: 'name',
  groups: 'name',
  roles: 'name',
  admins: 'username',
  api_keys: 'key_id',
  shares: 'share_id',
  event_actions: 'name',
  event_rules: 'name',
  ip_lists: 'name',
  defender_hosts: 'ip',
  defender_events: undefined,
  users_folders_mapping: undefined,
  groups_folders_mapping: undefined,
  users_groups_mapping: undefined,
};

/** What goes when a row of a table goes: [child table, column holding the parent id]. */
const CASCADES: Partial<Record<MemoryTableName, readonly (readonly [MemoryTableName, string])[]>> = {
  users: [
    ['users_folders_mapping', 'user_id'],
    ['users_groups_mapping', 'user_id'],
    ['api_keys', 'user_id'],
    ['shares', 'user_id'],
  ],
  folders: [
    ['users_folders_mapping', 'folder_id'],
    ['groups_folders_mapping', 'folder_id'],
  ],
  groups: [['groups_folders_mapping', 'group_id']],
  admins: [['api_keys', 'admin_id']],
  defender_hosts: [['defender_events', 'host_id']],
};

/** Every table of one memory store. */
export class MemoryState {
  readonly tables: { readonly [K in MemoryTableName]: MemoryTable };

  constructor(from?: MemoryState) {
    const entries = (Object.keys(KEYS) as MemoryTableName[]).map(
      (name) => [name, from ? from.tables[name].clone() : new MemoryTable(KEYS[name])] as const,
    );
    this.tables = Object.fromEntries(entries) as unknown as MemoryState['tables'];
  }

  /** An independent copy, for rolling back a transaction. */
  clone(): MemoryState {
    return new MemoryState(this);
  }

  /** Deletes a row and, as the SQL foreign keys do, the rows that depend on it. */
  deleteRow(table: MemoryTableName, id: number): void {
    for (const [child, column] of CASCADES[table] ?? []) {
      for (const childId of this.tables[child].deleteWhere(column, id)) {
        // Children may have children of their own.
        this.deleteRow(child, childId);
      }
    }
    this.tables[table].delete(id);
  }
}
