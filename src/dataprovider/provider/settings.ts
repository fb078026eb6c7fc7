/**
 * The `data_provider` settings the services act on, read once from the configuration, and the
 * collaborators every service shares.
 */
import { isAbsolute } from 'node:path';
import type { DataProviderConfig } from '../../config/index.js';
import type { Logger } from '../../logger/index.js';
import type { ValidationContext } from '../models/context.js';
import { applyNamingRules } from '../models/names.js';
import type { PasswordHasher, PasswordHashingOptions } from '../password/index.js';
import type { ProviderStore } from './documents.js';
import type { EventSink } from './events.js';

/** `data_provider.track_quota`: 0 never, 1 always, 2 only users with quota limits (and folders). */
export type QuotaTracking = 0 | 1 | 2;

/** The resolved settings. */
export interface ProviderSettings {
  /** How models are validated (users base dir, naming rules…). */
  readonly validation: ValidationContext;
  readonly trackQuota: QuotaTracking;
  readonly passwordCaching: boolean;
  /** The algorithm new passwords are hashed with; stored hashes of another kind are re-hashed on login. */
  readonly hashingAlgo: 'argon2id' | 'bcrypt';
}

/** What the services share. */
export interface ServiceDeps {
  readonly store: ProviderStore;
  readonly settings: ProviderSettings;
  readonly hasher: PasswordHasher;
  readonly events: EventSink;
  readonly logger: Logger;
  readonly now: () => number;
}

/** The sender of the provider's log records. */
export const LOG_SENDER = 'dataprovider';

/**
 * Reads the settings from the section. A relative `users_base_dir` cannot be a base for home
 * directories (SFTPGo only uses an absolute one), so it is ignored with a warning.
 */
export function resolveSettings(
  config: DataProviderConfig,
  options: { readonly logger: Logger; readonly totpConfigNames?: readonly string[] },
): ProviderSettings {
  let usersBaseDir = config.users_base_dir;
  if (usersBaseDir !== '' && !isAbsolute(usersBaseDir)) {
    options.logger.warn(LOG_SENDER, 'data_provider.users_base_dir is not an absolute path, it is ignored', {
      users_base_dir: usersBaseDir,
    });
    usersBaseDir = '';
  }
  const validation: ValidationContext = {
    usersBaseDir,
    namingRules: config.naming_rules,
    externalAuthEnabled: config.external_auth_hook !== '',
    ...(options.totpConfigNames === undefined ? {} : { totpConfigNames: options.totpConfigNames }),
  };
  return {
    validation,
    trackQuota: config.track_quota as QuotaTracking,
    passwordCaching: config.password_caching,
    hashingAlgo: config.password_hashing.algo,
  };
}

/** The `password_hashing` section in the hasher's terms. */
export function hashingOptions(config: DataProviderConfig): PasswordHashingOptions {
  const hashing = config.password_hashing;
  return {
    algo: hashing.algo,
    bcrypt: { cost: hashing.bcrypt_options.cost },
    argon2: {
      memory: hashing.argon2_options.memory,
      iterations: hashing.argon2_options.iterations,
      parallelism: hashing.argon2_options.parallelism,
    },
  };
}

/** A name as it is stored: with the naming rules applied, as SFTPGo does on every look-up. */
export function storedName(settings: ProviderSettings, name: string): string {
  return applyNamingRules(name, settings.validation.namingRules);
}

/** Whether a stored hash is in the configured algorithm (so it need not be re-hashed). */
export function isCurrentHash(settings: ProviderSettings, hash: string): boolean {
  return settings.hashingAlgo === 'bcrypt' ? hash.startsWith('$2a$') : hash.startsWith('$argon2id$');
}
