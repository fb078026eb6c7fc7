/**
 * Version 3: the defender's hosts and their scored events, shared by every process that uses
 * the database.
 */
import { createIndex, createTable, dropTables, fkName, keyType } from './migration.js';
import type { Migration } from './migration.js';

/** Schema version 3. */
export const v3Defender: Migration = {
  version: 3,
  description: 'defender hosts and events',
  async up(db, target) {
    await createTable(db, target, 'defender_hosts', { big: true })
      .addColumn('ip', keyType(target, 50), (c) => c.notNull().unique())
      .addColumn('ban_time', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await createIndex(db, target, 'defender_hosts', ['updated_at']);
    await createIndex(db, target, 'defender_hosts', ['ban_time']);
    const hostId = target.family === 'sqlite' ? 'integer' : 'bigint';
    await createTable(db, target, 'defender_events', { big: true })
      .addColumn('host_id', hostId, (c) => c.notNull())
      .addColumn('date_time', 'bigint', (c) => c.notNull())
      .addColumn('score', 'integer', (c) => c.notNull())
      .addForeignKeyConstraint(
        fkName(target, 'defender_events', 'host_id'),
        ['host_id'],
        target.tables.defender_hosts,
        ['id'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute();
    await createIndex(db, target, 'defender_events', ['host_id']);
    await createIndex(db, target, 'defender_events', ['date_time']);
  },
  async down(db, target) {
    await dropTables(db, target, ['defender_events', 'defender_hosts']);
  },
};
