/**
 * Version 1: users, virtual folders, groups and their mappings, admins, roles, API keys, shares.
 */
import type { AnyCreateTable, Db } from '../sql/sql-database.js';
import type { TableName } from '../tables.js';
import {
  createDocumentTable,
  createIndex,
  createTable,
  documentType,
  dropTables,
  fkName,
  keyType,
  withCounters,
  withTimestamps,
} from './migration.js';
import type { Migration, SchemaTarget } from './migration.js';

const QUOTA = ['used_quota_size', 'used_quota_files', 'last_quota_update'];

/** A mapping table from an owner (user or group) to a folder, deleted with either. */
async function createFolderMappingTable(
  db: Db,
  target: SchemaTarget,
  table: TableName,
  owner: { readonly column: string; readonly table: TableName },
): Promise<void> {
  await createTable(db, target, table)
    .addColumn(owner.column, 'integer', (c) => c.notNull())
    .addColumn('folder_id', 'integer', (c) => c.notNull())
    .addColumn('virtual_path', 'text', (c) => c.notNull())
    .addColumn('quota_size', 'bigint', (c) => c.notNull())
    .addColumn('quota_files', 'bigint', (c) => c.notNull())
    .addUniqueConstraint(`${target.tables[table]}_unique`, [owner.column, 'folder_id'])
    .addForeignKeyConstraint(
      fkName(target, table, owner.column),
      [owner.column],
      target.tables[owner.table],
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      fkName(target, table, 'folder_id'),
      ['folder_id'],
      target.tables.folders,
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await createIndex(db, target, table, ['folder_id']);
}

/** A key column plus its document. */
function keyed(
  builder: AnyCreateTable,
  target: SchemaTarget,
  key: { readonly column: string; readonly length: number },
): AnyCreateTable {
  return builder
    .addColumn(key.column, keyType(target, key.length), (c) => c.notNull().unique())
    .addColumn('data', documentType(target), (c) => c.notNull());
}

/** Schema version 1; it cannot be reverted (reset instead). */
export const v1Accounts: Migration = {
  version: 1,
  description: 'users, folders, groups, mappings, admins, roles, API keys and shares',
  async up(db, target) {
    const t = target.tables;
    await withTimestamps(
      withCounters(keyed(createTable(db, target, 'users'), target, { column: 'username', length: 255 }), [
        ...QUOTA,
        'used_upload_data_transfer',
        'used_download_data_transfer',
        'last_login',
        'first_download',
        'first_upload',
      ]),
    ).execute();
    await withTimestamps(
      withCounters(keyed(createTable(db, target, 'folders'), target, { column: 'name', length: 255 }), QUOTA),
    ).execute();
    await createDocumentTable(db, target, 'groups');
    await createDocumentTable(db, target, 'roles');
    await withTimestamps(
      withCounters(keyed(createTable(db, target, 'admins'), target, { column: 'username', length: 255 }), [
        'last_login',
      ]),
    ).execute();

    await createFolderMappingTable(db, target, 'users_folders_mapping', {
      column: 'user_id',
      table: 'users',
    });
    await createFolderMappingTable(db, target, 'groups_folders_mapping', {
      column: 'group_id',
      table: 'groups',
    });

    // A group cannot be deleted while users belong to it: no cascade on group_id.
    await createTable(db, target, 'users_groups_mapping')
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('group_id', 'integer', (c) => c.notNull())
      .addColumn('group_type', 'integer', (c) => c.notNull())
      .addUniqueConstraint(`${t.users_groups_mapping}_unique`, ['user_id', 'group_id'])
      .addForeignKeyConstraint(
        fkName(target, 'users_groups_mapping', 'user_id'),
        ['user_id'],
        t.users,
        ['id'],
        (fk) => fk.onDelete('cascade'),
      )
      .addForeignKeyConstraint(fkName(target, 'users_groups_mapping', 'group_id'), ['group_id'], t.groups, [
        'id',
      ])
      .execute();
    await createIndex(db, target, 'users_groups_mapping', ['group_id']);

    await withTimestamps(
      withCounters(
        keyed(createTable(db, target, 'api_keys'), target, { column: 'key_id', length: 50 })
          .addColumn('name', 'varchar(255)', (c) => c.notNull())
          .addColumn('user_id', 'integer')
          .addColumn('admin_id', 'integer')
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addForeignKeyConstraint(
            fkName(target, 'api_keys', 'user_id'),
            ['user_id'],
            t.users,
            ['id'],
            (fk) => fk.onDelete('cascade'),
          )
          .addForeignKeyConstraint(
            fkName(target, 'api_keys', 'admin_id'),
            ['admin_id'],
            t.admins,
            ['id'],
            (fk) => fk.onDelete('cascade'),
          ),
        ['last_use_at'],
      ),
    ).execute();
    await createIndex(db, target, 'api_keys', ['user_id']);
    await createIndex(db, target, 'api_keys', ['admin_id']);

    await withTimestamps(
      withCounters(
        keyed(createTable(db, target, 'shares'), target, { column: 'share_id', length: 60 })
          .addColumn('user_id', 'integer', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addForeignKeyConstraint(fkName(target, 'shares', 'user_id'), ['user_id'], t.users, ['id'], (fk) =>
            fk.onDelete('cascade'),
          ),
        ['used_tokens', 'last_use_at'],
      ),
    ).execute();
    await createIndex(db, target, 'shares', ['user_id']);
  },
  async down(db, target) {
    await dropTables(db, target, [
      'users_folders_mapping',
      'users_groups_mapping',
      'groups_folders_mapping',
      'api_keys',
      'shares',
      'users',
      'folders',
      'groups',
      'admins',
      'roles',
    ]);
  },
};
