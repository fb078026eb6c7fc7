/**
 * SCP served by our own implementation of the protocol (never the system `scp`), so that every file
 * goes through the session's `Connection`.
 */
import type { Duplex } from 'node:stream';
import type { Connection } from '../../common/connection/index.js';
import type { Logger } from '../../logger/index.js';
import { clientErrorText } from '../commands/error-text.js';
import { ChannelReader, writeAll } from './channel-io.js';
import { ScpProtocolError } from './errors.js';
import { parseScpArgs } from './options.js';
import { errorRecord } from './records.js';
import { SCP_CHUNK, ScpSession } from './session.js';
import { sharedBufferPool } from '../buffer-pool.js';
import { receive } from './sink.js';
import { send } from './source.js';
import { errorMessage } from '../../util/error-message.js';

export { ScpPeerError, ScpProtocolError } from './errors.js';
export { parseScpArgs } from './options.js';
export type { ScpOptions } from './options.js';
export { parseRecord } from './records.js';
export type { ScpRecord } from './records.js';

/**
 * Runs `scp` with the arguments the client sent, on `channel`; `recycleBuffers` as in
 * `SshCommandsOptions`.
 * @returns the exit status for the client: 0 when every file was copied, 1 otherwise.
 */
export async function runScp(
  channel: Duplex,
  args: readonly string[],
  connection: Connection,
  logger: Logger,
  settings: { readonly recycleBuffers: boolean } = { recycleBuffers: false },
): Promise<number> {
  try {
    const options = parseScpArgs(args);
    const session = new ScpSession({
      reader: new ChannelReader(channel),
      output: channel,
      connection,
      logger,
      options,
      ...(settings.recycleBuffers ? { buffers: sharedBufferPool(SCP_CHUNK) } : {}),
    });
    return options.direction === 'to' ? await receive(session) : await send(session);
  } catch (err) {
    const message = errorMessage(err);
    logger.warn('SCP', `scp ${args.join(' ')} failed: ${message}`);
    const text = err instanceof ScpProtocolError ? message : clientErrorText(err);
    await writeAll(channel, errorRecord(`scp: ${text}`)).catch(() => undefined);
    return 1;
  }
}
