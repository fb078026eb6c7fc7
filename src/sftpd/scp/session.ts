/** What both SCP directions share: the channel, the session's `Connection` and how to report. */
import type { Writable } from 'node:stream';
import type { Connection } from '../../common/connection/index.js';
import type { Logger } from '../../logger/index.js';
import { clientErrorText } from '../commands/error-text.js';
import type { ChannelReader } from './channel-io.js';
import { writeAll } from './channel-io.js';
import { ScpProtocolError } from './errors.js';
import type { ScpOptions } from './options.js';
import { warningRecord } from './records.js';

/** Bytes moved per read or write of file data. */
export const SCP_CHUNK = 256 * 1024;

/** One SCP run on one channel. */
export class ScpSession {
  readonly reader: ChannelReader;
  readonly #output: Writable;
  readonly connection: Connection;
  readonly logger: Logger;
  readonly options: ScpOptions;
  #errors = 0;

  constructor(init: {
    readonly reader: ChannelReader;
    readonly output: Writable;
    readonly connection: Connection;
    readonly logger: Logger;
    readonly options: ScpOptions;
  }) {
    this.reader = init.reader;
    this.#output = init.output;
    this.connection = init.connection;
    this.logger = init.logger;
    this.options = init.options;
  }

  /** How many files or directories failed so far. */
  get errors(): number {
    return this.#errors;
  }

  /** Sends protocol bytes. @throws {ScpProtocolError} when the channel is closed. */
  write(data: Uint8Array | string): Promise<void> {
    return writeAll(this.#output, data);
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
    this.logger.warn('SCP', `${virtualPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
