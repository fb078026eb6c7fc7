/**
 * The data provider: the only way the rest of the server reads and changes accounts. Services check
 * (parse, validate, hash, verify references) and the store stores, one transaction per change;
 * events are reported after commit.
 */
import type { DataProviderConfig } from '../../config/index.js';
import type { Logger } from '../../logger/index.js';
import type { BackupData } from '../models/backup.js';
import type { PasswordHasher, PasswordHasherRuntimeOptions } from '../password/index.js';
import { createPasswordHasher } from '../password/index.js';
import type { DefenderStore, StoreDriverName } from '../store/index.js';
import { openStore } from '../store/index.js';
import type { AdminService } from './admin-service.js';
import { ProviderAdminService } from './admin-service.js';
import type { APIKeyService } from './api-key-service.js';
import { ProviderAPIKeyService } from './api-key-service.js';
import { dumpStore } from './backup-dump.js';
import { parseBackup } from './backup-parse.js';
import type { RestoreMode, RestoreReport, ScanQuotaMode } from './backup-restore.js';
import { clearStore, hashBackupSecrets, writeBackup } from './backup-restore.js';
import { ensureDefaultAdmin } from './default-admin.js';
import type { ProviderDocuments, ProviderStore } from './documents.js';
import { memoryDumpPath, readDumpFile } from './dump-file.js';
import { ProviderClosedError } from './errors.js';
import type { ActionContext, ProviderEventListener } from './events.js';
import { EventSink, SYSTEM_CONTEXT } from './events.js';
import type { FolderService } from './folder-service.js';
import { ProviderFolderService } from './folder-service.js';
import type { GroupService } from './group-service.js';
import type { IPListService } from './ip-list-service.js';
import { ProviderIPListService } from './ip-list-service.js';
import { ProviderGroupService } from './group-service.js';
import type { QuotaTracking, ServiceDeps } from './settings.js';
import { LOG_SENDER, hashingOptions, resolveSettings } from './settings.js';
import type { UserService } from './user-service.js';
import { ProviderUserService } from './user-service.js';
import { errorMessage } from '../../util/error-message.js';

/** What {@link openDataProvider} needs. */
export interface DataProviderOptions {
  /** The `data_provider` section. */
  readonly config: DataProviderConfig;
  /** Base of relative paths (SQLite file, certificates, the memory driver's dump). */
  readonly configDir: string;
  readonly logger: Logger;
  /** Receives an event after each committed change. */
  readonly listener?: ProviderEventListener;
  /** Clock (ms since the epoch) for stored times and events; default `Date.now`. */
  readonly now?: () => number;
  /** Where `SFTPGO_DEFAULT_ADMIN_*` are read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Names of the configured TOTP configurations (`mfa.totp[].name`), checked on enabled TOTP settings. */
  readonly totpConfigNames?: readonly string[];
  /** Sizing of the password hashing threads. */
  readonly hasher?: PasswordHasherRuntimeOptions;
  /**
   * A hasher to use instead of building one from `password_hashing` (to share its threads with
   * other users of the process); the provider does not close it.
   */
  readonly passwordHasher?: PasswordHasher;
}

/** How to restore a dump. */
export interface RestoreOptions {
  /** 0 add new and update existing objects, 1 add new only, 2 as 0 and report updated users to disconnect. */
  readonly mode: RestoreMode;
  /** Which restored users and folders to report for a quota scan; default 0 (none). */
  readonly scanQuota?: ScanQuotaMode;
  /** Who restores, for the events; default the system. */
  readonly ctx?: ActionContext;
}

/** The data provider. */
export interface DataProvider {
  /** The configured driver. */
  readonly driver: StoreDriverName;
  /** `data_provider.track_quota`, for callers that want to skip quota work when it is 0. */
  readonly trackQuota: QuotaTracking;
  readonly users: UserService;
  readonly folders: FolderService;
  readonly groups: GroupService;
  readonly admins: AdminService;
  readonly apiKeys: APIKeyService;
  /**
   * The defender's hosts and events in the database, for the `provider` defender driver (bans
   * shared by every instance using the same database).
   */
  readonly defender: DefenderStore;
  /** The IP lists: allow list, defender safe/block list, rate limiters safe list. */
  readonly ipLists: IPListService;
  /**
   * Everything, in SFTPGo's dump layout (`backupToJSON` gives its JSON). Password hashes, secrets
   * and usage counters included.
   * @throws {ProviderClosedError} after `close`; the store's errors.
   */
  dump(): Promise<BackupData>;
  /**
   * Restores a dump (parsed JSON, SFTPGo 2.x or ours): every object is validated first, then all
   * are written in one transaction (roles, folders, groups, users, admins, API keys, shares, event
   * actions, event rules). Password hashes and usage counters of the dump are kept; clear passwords
   * are hashed. An `add` or `update` event is sent per written object after commit.
   * @throws {InvalidDumpError} naming the object and field at fault; nothing is stored then.
   * @throws {ProviderClosedError} after `close`; the store's errors.
   */
  restore(data: unknown, options: RestoreOptions): Promise<RestoreReport>;
  /**
   * Memory driver with a dump file (`data_provider.name`): reads the file again and replaces the
   * whole content with it (SIGHUP). Does nothing for the other drivers.
   * @throws {InvalidDumpError} if the file cannot be read or is invalid; the content is unchanged then.
   */
  reload(): Promise<void>;
  /** Releases the store and the hashing threads. Closing twice is harmless. */
  close(): Promise<void>;
}

class ProviderImpl implements DataProvider {
  readonly users: ProviderUserService;
  readonly folders: FolderService;
  readonly groups: GroupService;
  readonly admins: ProviderAdminService;
  readonly apiKeys: ProviderAPIKeyService;
  readonly ipLists: IPListService;
  readonly #deps: ServiceDeps;
  readonly #dumpPath: string | undefined;
  #closed = false;

  readonly #ownsHasher: boolean;

  constructor(
    deps: ServiceDeps,
    options: { readonly dumpPath: string | undefined; readonly ownsHasher: boolean },
  ) {
    this.#deps = deps;
    this.#dumpPath = options.dumpPath;
    this.#ownsHasher = options.ownsHasher;
    this.users = new ProviderUserService(deps);
    this.folders = new ProviderFolderService(deps);
    this.groups = new ProviderGroupService(deps);
    this.admins = new ProviderAdminService(deps);
    this.apiKeys = new ProviderAPIKeyService(deps);
    this.ipLists = new ProviderIPListService(deps);
  }

  get driver(): StoreDriverName {
    return this.#deps.store.driver;
  }

  get defender(): DefenderStore {
    return this.#deps.store.defender;
  }

  get trackQuota(): QuotaTracking {
    return this.#deps.settings.trackQuota;
  }

  dump(): Promise<BackupData> {
    this.#checkOpen();
    return dumpStore(this.#deps.store);
  }

  async restore(data: unknown, options: RestoreOptions): Promise<RestoreReport> {
    this.#checkOpen();
    return this.#restore(data, { ...options, replace: false });
  }

  async reload(): Promise<void> {
    this.#checkOpen();
    const path = this.#dumpPath;
    if (path === undefined) return;
    const data = await readDumpFile(path);
    await this.#restore(data, { mode: 0, replace: true });
    this.#deps.logger.info(LOG_SENDER, 'dump loaded', { file: path });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#deps.store.close();
    } finally {
      if (this.#ownsHasher) await this.#deps.hasher.close();
    }
  }

  /** Loads the memory driver's dump at start-up; failures are logged and the provider starts empty, as in SFTPGo. */
  async loadInitialDump(): Promise<void> {
    if (this.#dumpPath === undefined) return;
    try {
      await this.reload();
    } catch (err) {
      this.#deps.logger.warn(LOG_SENDER, 'provider initialized but data loading failed', {
        file: this.#dumpPath,
        error: errorMessage(err),
      });
    }
  }

  async #restore(
    data: unknown,
    options: RestoreOptions & { readonly replace: boolean },
  ): Promise<RestoreReport> {
    const deps = this.#deps;
    const backup = parseBackup(data, deps.settings.validation);
    await hashBackupSecrets(deps, backup);
    const { report, events } = await deps.store.transaction(async (tx: ProviderStore) => {
      if (options.replace) await clearStore(tx);
      return writeBackup(tx, backup, { mode: options.mode, scanQuota: options.scanQuota ?? 0 });
    });
    this.#forgetPasswords(report, options.replace);
    for (const warning of report.warnings) deps.logger.warn(LOG_SENDER, `restore: ${warning}`);
    deps.events.emit(events, options.ctx ?? SYSTEM_CONTEXT);
    return report;
  }

  #forgetPasswords(report: RestoreReport, all: boolean): void {
    if (all) {
      this.users.forgetAllPasswords();
      this.admins.forgetAllPasswords();
      this.apiKeys.forgetAllPasswords();
      return;
    }
    for (const name of report.updated.users) this.users.forgetPassword(name);
    for (const name of report.updated.admins) this.admins.forgetPassword(name);
    for (const name of report.updated.api_keys) this.apiKeys.forgetPassword(name);
  }

  #checkOpen(): void {
    if (this.#closed) throw new ProviderClosedError();
  }
}

/**
 * Opens the data provider: opens the store (creating or upgrading the schema when `update_mode`
 * is 0), starts the password hasher, loads the memory driver's dump file (failures are logged, the
 * provider then starts empty, as in SFTPGo) and creates the default admin when asked to.
 * @throws {StoreConfigError} for an unusable configuration (bolt, unknown driver…).
 * @throws {StoreSchemaError} for a missing, older (with `update_mode` 1) or newer schema.
 * @throws {PasswordOptionsError} for unusable `password_hashing` settings.
 * @throws {StoreError} if the database cannot be reached.
 */
export async function openDataProvider(options: DataProviderOptions): Promise<DataProvider> {
  const { config, configDir, logger } = options;
  const now = options.now ?? Date.now;
  const settings = resolveSettings(config, {
    logger,
    ...(options.totpConfigNames === undefined ? {} : { totpConfigNames: options.totpConfigNames }),
  });
  const ownsHasher = options.passwordHasher === undefined;
  const hasher = options.passwordHasher ?? createPasswordHasher(hashingOptions(config), options.hasher);
  let store: ProviderStore;
  try {
    store = await openStore<ProviderDocuments>(config, { configDir, migrate: config.update_mode === 0, now });
  } catch (err) {
    if (ownsHasher) await hasher.close();
    throw err;
  }
  const events = new EventSink({ listener: options.listener, logger, now });
  const deps: ServiceDeps = { store, settings, hasher, events, logger, now };
  const dumpPath = store.driver === 'memory' ? memoryDumpPath(config.name, configDir) : undefined;
  const provider = new ProviderImpl(deps, { dumpPath, ownsHasher });
  try {
    await provider.loadInitialDump();
    if (config.create_default_admin) await ensureDefaultAdmin(deps, options.env ?? process.env);
  } catch (err) {
    await provider.close();
    throw err;
  }
  return provider;
}
