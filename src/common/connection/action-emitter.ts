/** Builds a session's file-system action events and runs them through the actions handler. */
import type { Logger } from '../../logger/index.js';
import type { FsActionEvent, FsActionName, FsActionsHandler } from '../actions/fs-action-event.js';
import { fsActionStatus } from '../actions/fs-action-event.js';
import { toConnectionError } from './errors.js';

/** The event fields an operation knows; the emitter adds the session's. */
export interface ActionFields {
  readonly action: FsActionName;
  readonly virtualPath: string;
  /** Host path of the file. */
  readonly hostPath: string;
  /** Filesystem provider number. */
  readonly provider: number;
  readonly target?: { readonly hostPath: string; readonly virtualPath: string };
  readonly fileSize: number;
  /** Default ok. */
  readonly status?: 1 | 2 | 3;
  /** Milliseconds; default 0. */
  readonly elapsed?: number;
  readonly openFlags?: number;
  /** `ssh_cmd`: the command's name. */
  readonly sshCmd?: string;
}

/** The session fields of every event. */
export interface ActionSession {
  readonly id: string;
  readonly username: string;
  readonly protocol: string;
  readonly remoteIp: string;
  readonly role: string;
}

/** See the file comment. */
export class ActionEmitter {
  readonly #actions: FsActionsHandler;
  readonly #logger: Logger;
  readonly #session: ActionSession;
  readonly #now: () => number;

  constructor(options: {
    readonly actions: FsActionsHandler;
    readonly logger: Logger;
    readonly session: ActionSession;
    readonly now: () => number;
  }) {
    this.#actions = options.actions;
    this.#logger = options.logger;
    this.#session = options.session;
    this.#now = options.now;
  }

  /** Whether anything listens to `action`. */
  handles(action: FsActionName): boolean {
    return this.#actions.handles(action);
  }

  /** The full event. */
  event(fields: ActionFields): FsActionEvent {
    const s = this.#session;
    return {
      action: fields.action,
      username: s.username,
      path: fields.hostPath,
      targetPath: fields.target?.hostPath ?? '',
      virtualPath: fields.virtualPath,
      virtualTargetPath: fields.target?.virtualPath ?? '',
      sshCmd: fields.sshCmd ?? '',
      fileSize: fields.fileSize,
      fsProvider: fields.provider,
      bucket: '',
      endpoint: '',
      status: fields.status ?? fsActionStatus.ok,
      protocol: s.protocol,
      ip: s.remoteIp,
      sessionId: s.id,
      openFlags: fields.openFlags ?? 0,
      role: s.role,
      timestamp: BigInt(this.#now()) * 1_000_000n,
      elapsed: fields.elapsed ?? 0,
    };
  }

  /** Runs a pre-action, when configured. @throws {PermissionDeniedError} when it fails. */
  async pre(fields: ActionFields): Promise<void> {
    if (!this.#actions.handles(fields.action)) return;
    try {
      await this.#actions.run(this.event(fields));
    } catch (err) {
      throw toConnectionError(err, fields.virtualPath);
    }
  }

  /** Runs an action; a failure is logged and rethrown. @throws ActionDeniedError */
  async run(fields: ActionFields): Promise<void> {
    if (!this.#actions.handles(fields.action)) return;
    try {
      await this.#actions.run(this.event(fields));
    } catch (err) {
      this.#logger.warn(this.#session.protocol, `action ${fields.action} failed`, { error: String(err) });
      throw err;
    }
  }

  /** Fires a post-action; a failure is logged, never returned. */
  async notify(fields: ActionFields): Promise<void> {
    await this.run(fields).catch(() => undefined);
  }
}
