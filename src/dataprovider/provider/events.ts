/**
 * Provider events: what the data provider reports after each committed change, for the provider
 * actions (hooks), the event manager and notifiers, which live outside the data provider.
 */
import type { Logger } from '../../logger/index.js';
import { errorMessage } from '../../util/error-message.js';

/** What happened to the object. */
export type ProviderAction = 'add' | 'update' | 'delete';

/** The kinds of objects events are reported for, with SFTPGo's names (`object_type` of the hooks). */
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

/** Who made a change, as reported in events. */
export interface ActionContext {
  /** The admin or user that made the change; `__system__` for the server itself, `__self__` for own changes. */
  readonly executor: string;
  /** The executor's client address; `''` when there is none. */
  readonly ip: string;
  /** The executor's role, if any. */
  readonly role?: string;
}

/** The executor of changes nobody asked for (loading the memory driver's dump, default admin). */
export const SYSTEM_EXECUTOR = '__system__';

/** The context of changes made by the server itself. */
export const SYSTEM_CONTEXT: ActionContext = { executor: SYSTEM_EXECUTOR, ip: '' };

/** One committed change. */
export interface ProviderEvent {
  readonly action: ProviderAction;
  readonly objectType: ProviderObjectType;
  readonly objectName: string;
  readonly executor: string;
  readonly ip: string;
  /** The executor's role; `''` when none. */
  readonly role: string;
  /** When the change was committed, ms since the epoch. */
  readonly timestamp: number;
  /**
   * The object as the REST API shows it (password and key hashes left out, secrets without the
   * data needed to decrypt them); for `delete`, the object as it was.
   */
  readonly object: Record<string, unknown>;
}

/**
 * Receives events after the change is committed. What it throws (or a promise it returns rejects
 * with) is logged and never undoes the change.
 */
export type ProviderEventListener = (event: ProviderEvent) => void;

/** An event before it gets its executor and time. */
export type PendingEvent = Pick<ProviderEvent, 'action' | 'objectType' | 'objectName' | 'object'>;

/** Hands events to the listener, shielding the provider from its failures. */
export class EventSink {
  readonly #listener: ProviderEventListener | undefined;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(options: { listener: ProviderEventListener | undefined; logger: Logger; now: () => number }) {
    this.#listener = options.listener;
    this.#logger = options.logger;
    this.#now = options.now;
  }

  /** Reports committed changes, in order, all made by `ctx`. */
  emit(events: readonly PendingEvent[], ctx: ActionContext): void {
    const listener = this.#listener;
    if (listener === undefined) return;
    const timestamp = this.#now();
    for (const pending of events) {
      const event: ProviderEvent = {
        ...pending,
        executor: ctx.executor,
        ip: ctx.ip,
        role: ctx.role ?? '',
        timestamp,
      };
      try {
        const result: unknown = listener(event);
        if (isThenable(result)) result.then(undefined, (err: unknown) => this.#report(event, err));
      } catch (err) {
        this.#report(event, err);
      }
    }
  }

  #report(event: ProviderEvent, err: unknown): void {
    this.#logger.error('dataprovider', 'provider event listener failed', {
      action: event.action,
      object_type: event.objectType,
      object_name: event.objectName,
      error: errorMessage(err),
    });
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
