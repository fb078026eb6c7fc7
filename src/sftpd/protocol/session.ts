/**
 * One SFTP session over an SSH channel. It reads packets from the channel, serves them against the
 * user's `Connection`, and writes replies while keeping to the channel's backpressure. It never
 * touches a socket: tests drive it over an in-memory stream pair.
 */
import type { Duplex } from 'node:stream';
import type { Connection } from '../../common/connection/index.js';
import { FailureError } from '../../common/connection/index.js';
import type { Logger } from '../../logger/index.js';
import { ADVERTISED_EXTENSIONS, HARDLINK_EXTENSION, PacketType, StatusCode } from './constants.js';
import { SftpProtocolError } from './errors.js';
import { FieldReader } from './field-reader.js';
import { PacketFramer } from './framer.js';
import type { OpenHandle } from './handles.js';
import { HandleTable } from './handles.js';
import type { SftpLimits } from './limits.js';
import { DEFAULT_SFTP_LIMITS } from './limits.js';
import { dataReplySize, statusReply, versionReply } from './replies.js';
import type { BufferPool } from '../buffer-pool.js';
import { sharedBufferPool } from '../buffer-pool.js';
import type { RequestContext } from './request-context.js';
import { readHandle } from './request-context.js';
import { REQUEST_HANDLERS } from './requests.js';
import { statusFromError } from './status.js';
import { errorMessage } from '../../util/error-message.js';

/** What {@link SftpSession} needs. */
export interface SftpSessionOptions {
  /** The `sftp` subsystem channel (any Duplex honouring `write()`'s return value and `pause()`). */
  readonly channel: Duplex;
  /** The authenticated user's connection. */
  readonly connection: Connection;
  readonly logger: Logger;
  /** Overrides of {@link DEFAULT_SFTP_LIMITS}. */
  readonly limits?: Partial<SftpLimits>;
  /**
   * Recycle DATA reply buffers once the channel's write callback runs. Only for channels that are
   * done with the written bytes by then, such as ssh2's (it copies them into SSH packets); an
   * in-memory stream that passes the same Buffer on must leave it off (the default).
   */
  readonly recycleReplyBuffers?: boolean;
}

const SENDER = 'SFTP';

/**
 * Serves SFTP version 3 with OpenSSH's extensions on one channel.
 *
 * Bad input never throws: a malformed packet (bad length, truncated fields, a packet before INIT)
 * ends the session; an unknown request type gets SSH_FX_OP_UNSUPPORTED.
 */
export class SftpSession {
  readonly #channel: Duplex;
  readonly #connection: Connection;
  readonly #logger: Logger;
  readonly #limits: SftpLimits;
  readonly #framer: PacketFramer;
  /** Where the framer assembles packets; each goes back once its request is served. */
  readonly #packetBuffers: BufferPool;
  readonly #ctx: RequestContext;
  readonly #running = new Set<Promise<void>>();
  readonly #replies: Buffer[] = [];
  /** Per handle string, the last WRITE being served (its reply must leave before the next one's). */
  readonly #lastWrite = new Map<string, Promise<void>>();
  #outstanding = 0;
  #peakOutstanding = 0;
  #initialized = false;
  #paused = false;
  #pumping = false;
  #blocked = false;
  #ending = false;
  #runPromise: Promise<void> | undefined;
  /** Settles once VERSION is queued: replies to requests pipelined behind INIT must come after it. */
  #versionSent: Promise<void> = Promise.resolve();
  #finish: () => void = () => undefined;

  constructor(options: SftpSessionOptions) {
    this.#channel = options.channel;
    this.#connection = options.connection;
    this.#logger = options.logger;
    this.#limits = { ...DEFAULT_SFTP_LIMITS, ...options.limits };
    this.#packetBuffers = sharedBufferPool(this.#limits.maxPacketLength);
    this.#framer = new PacketFramer(this.#limits.maxPacketLength, this.#packetBuffers);
    this.#ctx = {
      connection: this.#connection,
      handles: new HandleTable(this.#limits.maxOpenHandles),
      limits: this.#limits,
      startDirectory: this.#connection.user.filters.start_directory || '/',
      ...(options.recycleReplyBuffers === true
        ? { replyBuffers: sharedBufferPool(dataReplySize(this.#limits.maxReadLength)) }
        : {}),
    };
  }

  /** Requests being served or whose replies wait for the channel. */
  get outstanding(): number {
    return this.#outstanding;
  }

  /** The most requests ever outstanding at once (never above `maxOutstandingRequests`). */
  get peakOutstanding(): number {
    return this.#peakOutstanding;
  }

  /** Open file and directory handles. */
  get openHandles(): number {
    return this.#ctx.handles.size;
  }

  /**
   * Serves the channel until the client ends it, it closes, the connection closes or a malformed
   * packet arrives. Then every open handle is closed (open transfers end as failed) and the channel
   * is ended. Calling it again returns the same promise. Never rejects.
   */
  run(): Promise<void> {
    this.#runPromise ??= new Promise<void>((resolve) => {
      this.#finish = resolve;
      const channel = this.#channel;
      channel.on('data', this.#onData);
      channel.once('end', () => this.#end('client ended the channel'));
      channel.once('close', () => this.#end('channel closed'));
      channel.on('error', (err: Error) => this.#end(`channel error: ${err.message}`));
      this.#connection.onClose((reason) => this.#end(`connection closed: ${reason}`));
      if (this.#connection.closed) this.#end('connection closed');
    });
    return this.#runPromise;
  }

  readonly #onData = (chunk: Buffer | string): void => {
    if (this.#ending) return;
    this.#framer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    this.#pump();
  };

  /** Starts the packets buffered, as long as the outstanding requests allow. */
  #pump(): void {
    // A reply sent while dispatching calls back in here; the outer loop goes on instead.
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      this.#pumpPackets();
    } finally {
      this.#pumping = false;
    }
  }

  #pumpPackets(): void {
    while (!this.#ending && this.#outstanding < this.#limits.maxOutstandingRequests) {
      let packet: Buffer | undefined;
      try {
        packet = this.#framer.next();
      } catch (err) {
        this.#fatal(err);
        return;
      }
      if (packet === undefined) break;
      const served = packet;
      const serving = this.#dispatch(served);
      // Nothing refers to the packet once its request is served (fields are copied or used up).
      if (serving === undefined) this.#packetBuffers.give(served);
      else void serving.finally(() => this.#packetBuffers.give(served));
    }
    const full = this.#outstanding >= this.#limits.maxOutstandingRequests;
    if (full && !this.#paused && !this.#ending) {
      this.#paused = true;
      this.#channel.pause();
    } else if (!full && this.#paused) {
      this.#paused = false;
      this.#channel.resume();
    }
  }

  /** Packet layout: byte type, then (but for INIT) uint32 request-id and the request's fields. */
  /** Starts serving one packet; resolves (never rejects) once its request is served, if it has one. */
  #dispatch(packet: Buffer): Promise<void> | undefined {
    const type = packet[0] as number;
    if (!this.#initialized) {
      // INIT: byte 1, uint32 version (any: the server answers with 3 and the client adapts).
      if (type !== PacketType.INIT) {
        this.#fatal(new SftpProtocolError(`packet type ${type} before INIT`));
        return;
      }
      this.#initialized = true;
      this.#outstanding++;
      this.#trackPeak();
      this.#versionSent = this.#sendVersion();
      this.#track(this.#versionSent);
      return undefined;
    }
    if (type === PacketType.INIT) {
      this.#fatal(new SftpProtocolError('INIT received twice'));
      return;
    }
    const fields = new FieldReader(packet, 1);
    let id: number;
    try {
      id = fields.uint32('request id');
    } catch (err) {
      this.#fatal(err);
      return;
    }
    this.#outstanding++;
    this.#trackPeak();
    const handler = REQUEST_HANDLERS.get(type);
    if (handler === undefined) {
      this.#send(statusReply(id, StatusCode.OP_UNSUPPORTED, `unsupported request type ${type}`));
      return;
    }
    const handle = type === PacketType.WRITE ? handleField(packet) : undefined;
    const serving = this.#serve(
      id,
      type,
      () => handler(this.#ctx, id, fields),
      handle === undefined ? undefined : this.#lastWrite.get(handle),
    );
    this.#track(serving);
    if (handle !== undefined) {
      this.#lastWrite.set(handle, serving);
      void serving.finally(() => {
        if (this.#lastWrite.get(handle) === serving) this.#lastWrite.delete(handle);
      });
    }
    return serving;
  }

  #track(running: Promise<void>): void {
    this.#running.add(running);
    void running.finally(() => this.#running.delete(running));
  }

  /**
   * VERSION, once the session is ready: the start directory exists (created as SFTPGo does at login)
   * and the extensions that depend on the storage are known. Clients wait for it before any request.
   */
  async #sendVersion(): Promise<void> {
    await this.#connection.ensureStartDirectory();
    const extensions = (await this.#connection.supportsHardlinks())
      ? [...ADVERTISED_EXTENSIONS, HARDLINK_EXTENSION]
      : ADVERTISED_EXTENSIONS;
    this.#send(versionReply(extensions));
  }

  /**
   * Runs one request and queues its reply, after `previous` (the reply to the preceding WRITE on the
   * same handle) has been queued: writes run concurrently and may finish in any order, but OpenSSH's
   * client takes the acknowledgements for the written length in order (its `scp` truncates the file
   * to it), as OpenSSH's own server, serving one request at a time, always sends them.
   */
  async #serve(
    id: number,
    type: number,
    work: () => Promise<Buffer>,
    previous?: Promise<void>,
  ): Promise<void> {
    let reply: Buffer;
    await this.#versionSent;
    try {
      reply = await work();
    } catch (err) {
      if (err instanceof SftpProtocolError) {
        this.#fatal(err);
        return;
      }
      const status = statusFromError(err);
      if (status.message === 'Failure') {
        this.#logger.warn(SENDER, `request type ${type} failed unexpectedly`, { error: String(err) });
      } else {
        this.#logger.debug(SENDER, `request type ${type} failed`, { error: status.message });
      }
      reply = statusReply(id, status.code, status.message);
    }
    if (previous !== undefined) await previous;
    this.#send(reply);
  }

  #trackPeak(): void {
    if (this.#outstanding > this.#peakOutstanding) this.#peakOutstanding = this.#outstanding;
  }

  /** Queues a reply; the request stops counting as outstanding once the channel takes it. */
  #send(reply: Buffer): void {
    if (this.#ending) return;
    this.#replies.push(reply);
    this.#flush();
  }

  #flush(): void {
    if (this.#blocked || this.#ending || this.#replies.length === 0) return;
    const channel = this.#channel;
    // Replies ready in the same tick go out together.
    channel.cork();
    process.nextTick(() => channel.uncork());
    while (this.#replies.length > 0) {
      const reply = this.#replies.shift() as Buffer;
      this.#outstanding--;
      const pool = this.#ctx.replyBuffers;
      const written = pool?.owns(reply) ? channel.write(reply, () => pool.give(reply)) : channel.write(reply);
      if (!written) {
        this.#blocked = true;
        channel.once('drain', () => {
          this.#blocked = false;
          this.#flush();
        });
        break;
      }
    }
    this.#pump();
  }

  #fatal(err: unknown): void {
    const message = errorMessage(err);
    this.#logger.warn(SENDER, `ending the SFTP session: ${message}`);
    this.#end(`protocol error: ${message}`);
  }

  #end(reason: string): void {
    if (this.#ending) return;
    this.#ending = true;
    this.#replies.length = 0;
    this.#channel.off('data', this.#onData);
    this.#logger.debug(SENDER, `SFTP session ending: ${reason}`);
    void this.#shutdown(reason);
  }

  async #shutdown(reason: string): Promise<void> {
    const error = new FailureError(`the SFTP session ended (${reason})`);
    await Promise.allSettled(this.#ctx.handles.drain().map((h) => closeHandle(h, error)));
    await Promise.allSettled(this.#running);
    // Opens that were running above may have added handles since.
    await Promise.allSettled(this.#ctx.handles.drain().map((h) => closeHandle(h, error)));
    try {
      if (!this.#channel.destroyed && !this.#channel.writableEnded) this.#channel.end();
    } catch {
      // The channel is gone already: nothing left to end.
    }
    this.#finish();
  }
}

/** Closes a handle left open: an open transfer ends as failed. */
async function closeHandle(handle: OpenHandle, error: Error): Promise<void> {
  if (handle.kind === 'dir') {
    await handle.lister.close();
    return;
  }
  await handle.transfer.close({ error });
}

/** The handle string of a request whose first field is the handle; undefined when truncated. */
function handleField(packet: Buffer): string | undefined {
  try {
    // byte type, uint32 id, string handle
    return readHandle(new FieldReader(packet, 5));
  } catch {
    return undefined; // the handler reports the truncated packet
  }
}
