/**
 * The better-sqlite3 this Node.js runs. Major 12 is the last one that runs on Node 20, but on Node 24
 * its statements can abort the process when the garbage collector finalizes them (an
 * `(env) != nullptr` assertion in `RemoveEnvironmentCleanupHook`, at start-up as well as at exit).
 * Major 13 fixed that but needs Node 22 (it crashes on 20). Both are installed, 13 under the alias
 * `better-sqlite3-13` (with binaries prebuilt in its package), and the one this Node needs is loaded.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/** The package loaded: `better-sqlite3-13` from Node 22 on, `better-sqlite3` (12) before. */
export const SQLITE_PACKAGE =
  Number(process.versions.node.split('.')[0]) >= 22 ? 'better-sqlite3-13' : 'better-sqlite3';

/** The `Database` class of {@link SQLITE_PACKAGE}; both majors have the same API. */
export const SqliteDatabase = createRequire(import.meta.url)(SQLITE_PACKAGE) as typeof BetterSqlite3;
