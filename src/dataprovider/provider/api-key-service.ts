/** API keys: validated CRUD and key checks. */
import { randomBytes } from 'node:crypto';
import type { APIKey } from '../models/api-key.js';
import { apiKeyToJSON, parseAPIKey } from '../models/api-key.js';
import { CredentialsCache } from './credentials-cache.js';
import type { ProviderStore } from './documents.js';
import { apiKeyFromRecord } from './documents.js';
import { InvalidCredentialsError, ObjectNotFoundError } from './errors.js';
import type { ActionContext, PendingEvent } from './events.js';
import { storablePassword, verifyPassword } from './passwords.js';
import { readApiKey } from './readers.js';
import type { ListQuery } from './service-helpers.js';
import { withField } from './service-helpers.js';
import type { ServiceDeps } from './settings.js';
import { guard, writeApiKey } from './writes.js';

/** A new API key and, when the provider generated it, the key to give to its owner (shown once). */
export interface AddedAPIKey {
  readonly apiKey: APIKey;
  /** `<id>.<secret>`: the value clients send; only its hash is stored. `undefined` when the input carried a key. */
  readonly key: string | undefined;
}

/** API keys, identified by their key id. */
export interface APIKeyService {
  /**
   * Adds an API key. Without a `key` in the input, a new key id and secret are generated and the
   * full key is returned once; a given key is hashed unless it already is a hash. The user or admin
   * it is tied to must exist.
   * @throws {ValidationError} naming the offending field.
   * @throws {ObjectConflictError} if the key id is taken.
   */
  add(input: unknown, ctx: ActionContext): Promise<AddedAPIKey>;
  /**
   * Replaces the key's name, description, scope, owner and expiration; its secret never changes.
   * @throws {ObjectNotFoundError} if there is no such key.
   * @throws {ValidationError} naming the offending field.
   */
  update(keyId: string, input: unknown, ctx: ActionContext): Promise<APIKey>;
  /**
   * @returns the deleted key.
   * @throws {ObjectNotFoundError} if there is no such key.
   */
  delete(keyId: string, ctx: ActionContext): Promise<APIKey>;
  get(keyId: string): Promise<APIKey | undefined>;
  /** A page of keys ordered by key id. */
  list(query: ListQuery): Promise<APIKey[]>;
  count(): Promise<number>;
  /**
   * Checks a full key (`<id>.<secret>`) as clients send it: it must exist, not be expired and
   * match (successful checks are cached).
   * @throws {InvalidCredentialsError} with `reason` `not_found`, `expired`, `wrong_password` or `unsupported_hash`.
   */
  authenticate(key: string): Promise<APIKey>;
  /** Records a use now. @throws {ObjectNotFoundError} if there is no such key. */
  setLastUse(keyId: string): Promise<void>;
}

const CACHED_KEYS = 500;
const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuv';
const ID_LENGTH = 20;

/** A random identifier of 20 characters from `0-9a-v` (100 bits), the shape of SFTPGo's ids. */
export function generateId(): string {
  // 32 symbols divide 256 evenly, so masking keeps every symbol equally likely.
  return Array.from(randomBytes(ID_LENGTH), (b) => ID_ALPHABET[b & 31]).join('');
}

/** The {@link APIKeyService} of a provider. */
export class ProviderAPIKeyService implements APIKeyService {
  readonly #deps: ServiceDeps;
  readonly #cache: CredentialsCache;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
    this.#cache = new CredentialsCache({ enabled: deps.settings.passwordCaching, maxEntries: CACHED_KEYS });
  }

  /** Forgets the cached check of a key changed behind the service's back (restore). */
  forgetPassword(keyId: string): void {
    this.#cache.forget(keyId);
  }

  /** Forgets every cached key check (the memory driver's content was replaced). */
  forgetAllPasswords(): void {
    this.#cache.clear();
  }

  async add(input: unknown, ctx: ActionContext): Promise<AddedAPIKey> {
    const deps = this.#deps;
    const apiKey = parseAPIKey(input, deps.settings.validation);
    let plain: string | undefined;
    if (apiKey.key === '') {
      if (apiKey.id === '') apiKey.id = generateId();
      plain = generateId();
      apiKey.key = plain;
    } else if (apiKey.id === '') {
      apiKey.id = generateId();
    }
    apiKey.key = (await storablePassword(deps, apiKey.key)).value;
    const stored = await deps.store.transaction(async (tx) => {
      await writeApiKey(tx, apiKey, false);
      return mustReadKey(tx, apiKey.id);
    });
    deps.events.emit([apiKeyEvent('add', stored)], ctx);
    return { apiKey: stored, key: plain === undefined ? undefined : `${stored.id}.${plain}` };
  }

  async update(keyId: string, input: unknown, ctx: ActionContext): Promise<APIKey> {
    const deps = this.#deps;
    const apiKey = parseAPIKey(withField(input, 'id', keyId), deps.settings.validation);
    const stored = await deps.store.transaction(async (tx) => {
      const current = await mustReadKey(tx, keyId);
      apiKey.key = current.key;
      await writeApiKey(tx, apiKey, true);
      return mustReadKey(tx, keyId);
    });
    this.#cache.forget(keyId);
    deps.events.emit([apiKeyEvent('update', stored)], ctx);
    return stored;
  }

  async delete(keyId: string, ctx: ActionContext): Promise<APIKey> {
    const deps = this.#deps;
    const deleted = await deps.store.transaction(async (tx) => {
      const apiKey = await mustReadKey(tx, keyId);
      await guard('api_key', keyId, () => tx.apiKeys.delete(keyId));
      return apiKey;
    });
    this.#cache.forget(keyId);
    deps.events.emit([apiKeyEvent('delete', deleted)], ctx);
    return deleted;
  }

  get(keyId: string): Promise<APIKey | undefined> {
    return readApiKey(this.#deps.store, keyId);
  }

  async list(query: ListQuery): Promise<APIKey[]> {
    return (await this.#deps.store.apiKeys.list(query)).map(apiKeyFromRecord);
  }

  count(): Promise<number> {
    return this.#deps.store.apiKeys.count();
  }

  async authenticate(key: string): Promise<APIKey> {
    const deps = this.#deps;
    const dot = key.indexOf('.');
    const keyId = dot < 0 ? key : key.slice(0, dot);
    const secret = dot < 0 ? '' : key.slice(dot + 1);
    const apiKey = keyId === '' ? undefined : await readApiKey(deps.store, keyId);
    if (apiKey === undefined) throw new InvalidCredentialsError(keyId, 'not_found');
    if (apiKey.expires_at > 0 && apiKey.expires_at < deps.now())
      throw new InvalidCredentialsError(keyId, 'expired');
    if (secret === '') throw new InvalidCredentialsError(keyId, 'empty_password');
    await verifyPassword(deps, this.#cache, { name: keyId, given: keyId, storedHash: apiKey.key }, secret);
    return apiKey;
  }

  async setLastUse(keyId: string): Promise<void> {
    const deps = this.#deps;
    await guard('api_key', keyId, () => deps.store.apiKeys.setLastUse(keyId, deps.now()));
  }
}

/** @throws {ObjectNotFoundError} */
async function mustReadKey(store: ProviderStore, keyId: string): Promise<APIKey> {
  const apiKey = await readApiKey(store, keyId);
  if (apiKey === undefined) throw new ObjectNotFoundError('api_key', keyId);
  return apiKey;
}

/** The event of a change to an API key (its hash left out). */
export function apiKeyEvent(action: PendingEvent['action'], apiKey: APIKey): PendingEvent {
  return {
    action,
    objectType: 'api_key',
    objectName: apiKey.id,
    object: apiKeyToJSON(apiKey, { forDump: false }),
  };
}
