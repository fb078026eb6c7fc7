/** The channel of an SSH `exec` request as the command handlers see it. */
import type { Duplex, Writable } from 'node:stream';
import { once } from 'node:events';

/** Standard input and output, plus the standard error stream. */
export type ExecChannel = Duplex & { readonly stderr: Writable };

/** Writes `text` and waits for the channel to take it (resolves at once when the channel is gone). */
export async function writeText(stream: Writable, text: string): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return;
  if (stream.write(text)) return;
  await Promise.race([once(stream, 'drain'), once(stream, 'close')]).catch(() => undefined);
}
