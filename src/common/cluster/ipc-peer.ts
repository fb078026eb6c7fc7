/**
 * A small request/response layer over a Node IPC channel (a cluster worker and its primary): ids,
 * time-outs, a bounded number of pending requests, notifications, and errors carried back typed.
 */
import type { SerializedError } from './error-codec.js';
import { deserializeError, serializeError } from './error-codec.js';
import { IpcClosedError, IpcOverloadedError, IpcTimeoutError } from './errors.js';

/** The two ends of a Node IPC channel look alike: `process` in a worker, a cluster `Worker` in the primary. */
export interface IpcPort {
  /**
   * Queues a message. Its `false` only means a long backlog (the message is still sent); a closed
   * channel reports through `callback`.
   */
  send(message: unknown, callback: (error: Error | null) => void): boolean;
  /** `disconnect`: the channel closed (the other process exited or disconnected). */
  on(event: 'message' | 'disconnect', listener: (message: unknown) => void): unknown;
  off(event: 'message' | 'disconnect', listener: (message: unknown) => void): unknown;
}

/** Marks our messages, so that other users of the channel (cluster's own) are left alone. */
const tag = 'sftpgo-ipc';

type Message =
  | {
      readonly tag: typeof tag;
      readonly kind: 'request';
      readonly id: number;
      readonly method: string;
      readonly params: unknown;
    }
  | {
      readonly tag: typeof tag;
      readonly kind: 'response';
      readonly id: number;
      readonly result?: unknown;
      readonly error?: SerializedError;
    }
  | { readonly tag: typeof tag; readonly kind: 'notice'; readonly method: string; readonly params: unknown };

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && (value as { tag?: unknown }).tag === tag;
}

export type RequestHandler = (params: unknown) => unknown;
export type NoticeHandler = (params: unknown) => void;

export interface IpcPeerOptions {
  /** A request not answered within this is rejected with {@link IpcTimeoutError}; default 10 s. */
  readonly timeoutMs?: number;
  /** Requests waiting for an answer at most; beyond, {@link IpcOverloadedError}. Default 10,000. */
  readonly maxPending?: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** One end of the channel: sends requests and notices, answers the requests of the other end. */
export class IpcPeer {
  readonly #port: IpcPort;
  readonly #timeoutMs: number;
  readonly #maxPending: number;
  readonly #pending = new Map<number, Pending>();
  readonly #requestHandlers = new Map<string, RequestHandler>();
  readonly #noticeHandlers = new Map<string, NoticeHandler>();
  readonly #onMessage = (message: unknown): void => this.#receive(message);
  readonly #onDisconnect = (): void => this.close();
  #nextId = 1;
  #closed = false;

  constructor(port: IpcPort, options: IpcPeerOptions = {}) {
    this.#port = port;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxPending = options.maxPending ?? 10_000;
    port.on('message', this.#onMessage);
    port.on('disconnect', this.#onDisconnect);
  }

  /** Answers `method` requests; what the handler returns (or its promise resolves to) is the result. */
  handle(method: string, handler: RequestHandler): void {
    this.#requestHandlers.set(method, handler);
  }

  /** Receives `method` notices. */
  onNotice(method: string, handler: NoticeHandler): void {
    this.#noticeHandlers.set(method, handler);
  }

  /** Requests waiting for their answer. */
  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Sends a request and resolves with the other end's result.
   * @throws (rejection) the other end's error, rebuilt with its class when known; {@link IpcTimeoutError},
   *   {@link IpcOverloadedError}, {@link IpcClosedError} when the channel is gone or closes first.
   */
  request(method: string, params: unknown, timeoutMs = this.#timeoutMs): Promise<unknown> {
    if (this.#closed) return Promise.reject(new IpcClosedError(method));
    if (this.#pending.size >= this.#maxPending)
      return Promise.reject(new IpcOverloadedError(method, this.#maxPending));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new IpcTimeoutError(method, timeoutMs));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#send({ tag, kind: 'request', id, method, params }, () => {
        if (!this.#pending.delete(id)) return;
        clearTimeout(timer);
        reject(new IpcClosedError(method));
      });
    });
  }

  /** Sends a notice (no answer); false when the channel is known to be gone. */
  notify(method: string, params: unknown): boolean {
    if (this.#closed) return false;
    this.#send({ tag, kind: 'notice', method, params });
    return true;
  }

  /**
   * Stops listening and rejects every pending request with {@link IpcClosedError}; done by itself when
   * the channel disconnects. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.off('message', this.#onMessage);
    this.#port.off('disconnect', this.#onDisconnect);
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      pending.reject(new IpcClosedError('pending request'));
    }
  }

  /** Sends; `onFailure` runs when the channel is closed (answers and notices are dropped then). */
  #send(message: Message, onFailure: () => void = () => undefined): void {
    try {
      this.#port.send(message, (error) => {
        if (error !== null) onFailure();
      });
    } catch {
      // Some versions throw ERR_IPC_CHANNEL_CLOSED synchronously instead.
      onFailure();
    }
  }

  #receive(message: unknown): void {
    if (!isMessage(message) || this.#closed) return;
    switch (message.kind) {
      case 'request':
        void this.#answer(message.id, message.method, message.params);
        return;
      case 'response': {
        const pending = this.#pending.get(message.id);
        if (pending === undefined) return; // timed out meanwhile
        this.#pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.error !== undefined) pending.reject(deserializeError(message.error));
        else pending.resolve(message.result);
        return;
      }
      case 'notice':
        this.#noticeHandlers.get(message.method)?.(message.params);
        return;
    }
  }

  async #answer(id: number, method: string, params: unknown): Promise<void> {
    const handler = this.#requestHandlers.get(method);
    try {
      if (handler === undefined) throw new Error(`no handler for IPC method "${method}"`);
      const result: unknown = await handler(params);
      this.#send({ tag, kind: 'response', id, result });
    } catch (err) {
      this.#send({ tag, kind: 'response', id, error: serializeError(err) });
    }
  }
}
