/**
 * Version 2: event actions and event rules.
 */
import { createDocumentTable, dropTables } from './migration.js';
import type { Migration } from './migration.js';

/** Schema version 2. */
export const v2EventRules: Migration = {
  version: 2,
  description: 'event actions and event rules',
  async up(db, target) {
    await createDocumentTable(db, target, 'event_actions');
    await createDocumentTable(db, target, 'event_rules');
  },
  async down(db, target) {
    await dropTables(db, target, ['event_rules', 'event_actions']);
  },
};
