// A local copy of the event types the data provider exports. It mirrors that export exactly and will be
// replaced by an import from the data provider when both branches are merged.

/** What happened to a data provider object. */
export type ProviderAction = 'add' | 'update' | 'delete';

/** The kinds of data provider objects whose changes are announced. */
export type ProviderObjectType =
  | 'user'
  | 'folder'
  | 'group'
  | 'admin'
  | 'api_key'
  | 'share'
  | 'event_action'
  | 'event_rule'
  | 'role'
  | 'ip_list_entry';

/** One successful add, update or delete of a data provider object. */
export interface ProviderEvent {
  readonly action: ProviderAction;
  readonly objectType: ProviderObjectType;
  /** The object's unique name: username, folder name, API key id, share id… */
  readonly objectName: string;
  /** The admin who made the change; `__self__` for a user/admin changing itself, `__system__` for none. */
  readonly executor: string;
  readonly ip: string;
  /** The executor's role; empty when the executor has none. */
  readonly role: string;
  /** When the change was made, milliseconds since the epoch. */
  readonly timestamp: number;
  /** The object as the REST API shows it, secrets already redacted. */
  readonly object: Record<string, unknown>;
}

/** Receives provider events; must return at once (the change is already stored). */
export type ProviderEventListener = (event: ProviderEvent) => void;
