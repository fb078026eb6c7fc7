/** What both SCP directions share: the channel, the session's `Connection` and how to report. */
import type { Writable } from 'node:stream';
import type { Connection } from '../../common/connection/index.js';
import type { Logger } from '../../logger/index.js';
import type { BufferPool } from '../buffer-pool.js';
import { clientErrorText } from '../commands/error-text.js';
import type { ChannelReader } from './channel-io.js';
import { writeAll } from './channel-io.js';
import { ScpProtocolError } from './errors.js';
import type { ScpOptions } from './options.js';
import { warningRecord } from './records.js';
import { errorMessage } from '../../util/error-message.js';

/** Bytes moved per read or write of file data. */
export const SCP_CHUNK = 256 * 1024;

/** One SCP run on one channel. */
export class ScpSession {
  readonly reader: ChannelReader;
  readonly #output: Writable;
  readonly connection: Connection;
  readonly logger: Logger;
  readonly options: ScpOptions;
  /** Where file data chunks come from when they can be recycled (see {@link writeChunk}). */
  readonly #buffers: BufferPool | undefined;
  #errors = 0;

  constructor(init: {
    readonly reader: ChannelReader;
    readonly output: Writable;
    readonly connection: Connection;
    readonly logger: Logger;
    readonly options: ScpOptions;
    readonly buffers?: BufferPool;
  }) {
    this.reader = init.reader;
    this.#output = init.output;
    this.connection = init.connection;
    this.logger = init.logger;
    this.options = init.options;
    this.#buffers = init.buffers;
  }

  /** How many files or directories failed so far. */
  get errors(): number {
    return this.#errors;
  }

  /** Sends protocol bytes. @throws {ScpProtocolError} when the channel is closed. */
  write(data: Uint8Array | string): Promise<void> {
    return writeAll(this.#output, data);
  }

  /** A buffer of {@link SCP_CHUNK} bytes for file data, to be sent with {@link writeChunk}. */
  chunkBuffer(): Buffer {
    return this.#buffers?.take() ?? Buffer.allocUnsafe(SCP_CHUNK);
  }

  /** Sends file data from a {@link chunkBuffer} buffer, which goes back to its pool once sent. */
  writeChunk(chunk: Buffer): Promise<void> {
    const pool = this.#buffers;
    return writeAll(this.#output, chunk, pool === undefined ? undefined : () => pool.give(chunk));
  }

  /**
   * Reports the failure of one file or directory with a warning record (the client shows it and goes
   * on) and counts it for the exit status.
   */
  async warn(virtualPath: string, err: unknown): Promise<void> {
    if (err instanceof ScpProtocolError) throw err;
    this.countError(virtualPath, err);
    await this.write(warningRecord(`scp: ${virtualPath}: ${clientErrorText(err)}`));
  }

  /** Logs and counts a failure the client already knows about. */
  countError(virtualPath: string, err: unknown): void {
    this.#errors++;
    this.logger.warn('SCP', `${virtualPath}: ${errorMessage(err)}`);
  }
}
