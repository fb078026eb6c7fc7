/** API keys: long-lived credentials that act as an admin or a user in the REST API. */
import { checkOneOf } from './checks.js';
import type { ValidationContext } from './context.js';
import { nameProblem } from './names.js';
import type { ToJSONOptions } from './output.js';
import { secretWriter } from './output.js';
import { ObjectReader } from './reader.js';
import type { RecordSpec } from './record.js';
import { readRecord, recordToJSON } from './record.js';
import { ValidationError } from './validation-error.js';

/** What an API key can act as. */
export const API_KEY_SCOPES = {
  /** Acts as an admin: the one in `admin`, or any admin named when it is used. */
  admin: 1,
  /** Acts as a user: the one in `user`, or any user named when it is used. */
  user: 2,
} as const;
/** An API key scope: 1 admin, 2 user. */
export type APIKeyScope = (typeof API_KEY_SCOPES)[keyof typeof API_KEY_SCOPES];

/** An API key. Only a hash of the key is stored. Timestamps are milliseconds since the epoch. */
export interface APIKey {
  /** Public identifier (the part before the dot in the key given to clients). */
  id: string;
  name: string;
  /** Hash of the secret part, or the clear value still to be hashed before saving. */
  key: string;
  scope: APIKeyScope;
  created_at: number;
  updated_at: number;
  last_use_at: number;
  /** 0 means the key never expires. */
  expires_at: number;
  description: string;
  /** The user the key acts as (user scope only); empty means any user. */
  user: string;
  /** The admin the key acts as (admin scope only); empty means any admin. */
  admin: string;
}

const API_KEY_SPEC: RecordSpec<APIKey> = {
  id: 'string!',
  name: 'string!',
  key: 'string',
  scope: 'int!',
  created_at: 'int!',
  updated_at: 'int!',
  last_use_at: 'int',
  expires_at: 'int',
  description: 'string',
  user: 'string',
  admin: 'string',
};

/**
 * Parses and validates an API key: a usable name, a known scope, not tied to both a user and an admin;
 * the admin is cleared for user scope and the user for admin scope. Generating and hashing the key and
 * checking that the user or admin exist are left to the data provider.
 * The context is accepted for a call shape uniform with the other parsers; key names ignore naming rules.
 * @throws {ValidationError} with the JSON path of the first offending field.
 */
export function parseAPIKey(input: unknown, _ctx?: ValidationContext): APIKey {
  const apiKey = readRecord(ObjectReader.root(input, 'an API key'), API_KEY_SPEC);
  // Naming rules do not apply to key names: any safe UTF-8 name is accepted, as in SFTPGo.
  const problem = nameProblem(apiKey.name, 1);
  if (problem !== undefined) throw new ValidationError('name', problem);
  checkOneOf(apiKey.scope, Object.values(API_KEY_SCOPES), 'scope');
  if (apiKey.user !== '' && apiKey.admin !== '') {
    throw new ValidationError('user', 'an API key can be tied to a user or to an admin, not both');
  }
  if (apiKey.scope === API_KEY_SCOPES.admin) apiKey.user = '';
  if (apiKey.scope === API_KEY_SCOPES.user) apiKey.admin = '';
  return apiKey;
}

/** The JSON form of an API key; for the REST API (`forDump: false`) the key hash is left out. */
export function apiKeyToJSON(apiKey: APIKey, options: ToJSONOptions): Record<string, unknown> {
  return recordToJSON(
    { ...apiKey, key: options.forDump ? apiKey.key : '' },
    API_KEY_SPEC,
    secretWriter(options),
  );
}
