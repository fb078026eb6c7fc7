/**
 * The schema versions, oldest first. A new version is a new file added at the end; a released
 * version never changes.
 */
import type { Migration } from './migration.js';
import { v1Accounts } from './v1-accounts.js';
import { v2EventRules } from './v2-event-rules.js';
import { v3Defender } from './v3-defender.js';
import { v4IPLists } from './v4-ip-lists.js';

/** Every schema version, in order. */
export const MIGRATIONS: readonly Migration[] = [v1Accounts, v2EventRules, v3Defender, v4IPLists];

/** The schema version this program works with. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
