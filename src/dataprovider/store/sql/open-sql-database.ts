/**
 * Opens the SQL database a configuration names.
 */
import type { OpenOptions, SqlDriverName, StoreConfig } from '../config.js';
import { resolvePrefix } from '../config.js';
import { openMysqlDatabase } from './mysql-database.js';
import { openPostgresDatabase } from './postgres-database.js';
import type { SqlDatabase } from './sql-database.js';
import { openSqliteDatabase } from './sqlite-database.js';

/**
 * Connects to the configured database (nothing is created yet, except an empty SQLite file).
 * @throws {@link StoreConfigError} for invalid settings.
 * @throws {@link StoreError} if the database cannot be reached.
 */
export async function openSqlDatabase(
  driver: SqlDriverName,
  config: StoreConfig,
  options: Pick<OpenOptions, 'configDir'>,
): Promise<SqlDatabase> {
  const prefix = resolvePrefix(config);
  switch (driver) {
    case 'sqlite':
      return openSqliteDatabase(config, { configDir: options.configDir, prefix });
    case 'postgresql':
    case 'cockroachdb':
      return openPostgresDatabase(config, { configDir: options.configDir, prefix, driver });
    case 'mysql':
      return openMysqlDatabase(config, { configDir: options.configDir, prefix });
  }
}
