/**
 * Version 4: the IP lists (allow list, defender safe/block list, rate limiters safe list).
 */
import { createDocumentTable, dropTables } from './migration.js';
import type { Migration } from './migration.js';

/** Schema version 4. */
export const v4IPLists: Migration = {
  version: 4,
  description: 'IP lists',
  async up(db, target) {
    await createDocumentTable(db, target, 'ip_lists');
  },
  async down(db, target) {
    await dropTables(db, target, ['ip_lists']);
  },
};
