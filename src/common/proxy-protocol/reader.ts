/**
 * Reads a PROXY protocol header from a freshly accepted socket, within a time limit and a size
 * bound, and puts back the bytes read past it so the next reader (the SSH transport...) sees the
 * stream as the client sent it.
 */
import type { Socket } from 'node:net';
import { ProxyProtocolError } from './errors.js';
import type { ProxyHeader } from './parser.js';
import { parseProxyHeader } from './parser.js';

/** How {@link readProxyHeader} reads. */
export interface ProxyReadOptions {
  /** A header must come; without one the connection is refused. */
  readonly required: boolean;
  /** How long to wait for the header; default 10 s. */
  readonly timeoutMs?: number;
  /** Largest header accepted, in bytes; default 4096 (v1 lines are at most 107). */
  readonly maxHeaderBytes?: number;
}

export const DEFAULT_PROXY_READ_TIMEOUT_MS = 10_000;
export const DEFAULT_PROXY_MAX_HEADER_BYTES = 4096;

/**
 * Waits for the first bytes of `socket` and parses a header from them. The socket is left paused,
 * with every byte after the header (or every byte, when there is none) put back in its read buffer.
 * An optional header that does not come within the time limit counts as no header.
 * @returns the header, or `undefined` when the stream does not start with one.
 * @throws {ProxyProtocolError} `invalid`, `too_large`, `truncated` (the peer closed or went silent
 *   in the middle of a header) or `missing` (a required header did not come).
 */
export function readProxyHeader(socket: Socket, options: ProxyReadOptions): Promise<ProxyHeader | undefined> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROXY_READ_TIMEOUT_MS;
  const maxBytes = options.maxHeaderBytes ?? DEFAULT_PROXY_MAX_HEADER_BYTES;
  return new Promise((resolve, reject) => {
    let buffered: Buffer = Buffer.alloc(0);
    const finish = (outcome: () => ProxyHeader | undefined, putBack: Buffer): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onEnd);
      socket.pause();
      if (putBack.length > 0) socket.unshift(putBack);
      try {
        resolve(outcome());
      } catch (err) {
        reject(err);
      }
    };
    const fail = (err: ProxyProtocolError): void =>
      finish(() => {
        throw err;
      }, Buffer.alloc(0));
    const noHeader = (why: string): void => {
      if (options.required) {
        fail(new ProxyProtocolError('missing', `PROXY protocol header required: ${why}`));
      } else {
        finish(() => undefined, buffered);
      }
    };
    const onData = (chunk: Buffer): void => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      let result;
      try {
        result = parseProxyHeader(buffered, maxBytes);
      } catch (err) {
        fail(err as ProxyProtocolError);
        return;
      }
      if (result.kind === 'header') {
        const header = result.header;
        finish(() => header, buffered.subarray(header.length));
      } else if (result.kind === 'none') {
        noHeader('the stream does not start with one');
      } else if (buffered.length >= maxBytes) {
        fail(new ProxyProtocolError('too_large', `no complete PROXY header within ${maxBytes} bytes`));
      }
    };
    const stopped = (why: string): void => {
      if (buffered.length > 0) {
        fail(new ProxyProtocolError('truncated', `incomplete PROXY header: ${why}`));
      } else {
        noHeader(why);
      }
    };
    const onEnd = (): void => stopped('the connection closed');
    const timer = setTimeout(() => stopped(`nothing complete within ${timeoutMs} ms`), timeoutMs);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onEnd);
  });
}
