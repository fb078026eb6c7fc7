/** The client endpoint of an accepted socket, after its PROXY protocol header if any. */
import type { Socket } from 'node:net';
import { canonicalIP } from '../../util/cidr.js';
import { ProxyProtocolError } from './errors.js';
import type { ProxyPolicy } from './policy.js';
import type { ProxyReadOptions } from './reader.js';
import { readProxyHeader } from './reader.js';

/** Who the client is. */
export interface ClientEndpoint {
  /** Canonical address text (IPv4-mapped IPv6 shown as IPv4). */
  readonly ip: string;
  readonly port: number;
  /** The address came from a PROXY header; the socket's peer is then the proxy. */
  readonly proxied: boolean;
  /** The socket's peer address. */
  readonly peerIp: string;
}

/**
 * Applies the policy to a socket just accepted: reads (or skips) the header and returns the client
 * endpoint every later step uses (logs, IP filters, defender, rate limits, hooks). The socket is
 * left paused with the bytes after the header unread.
 * @throws {ProxyProtocolError} when the policy or the header refuses the connection.
 */
export async function clientEndpoint(
  socket: Socket,
  policy: ProxyPolicy,
  options: Omit<ProxyReadOptions, 'required'> = {},
): Promise<ClientEndpoint> {
  const peerIp = canonicalIP(socket.remoteAddress ?? '');
  const own: ClientEndpoint = { ip: peerIp, port: socket.remotePort ?? 0, proxied: false, peerIp };
  const decision = policy.decide(peerIp);
  if (decision === 'skip') return own;
  if (decision === 'reject') {
    throw new ProxyProtocolError('not_allowed', `${peerIp} is not allowed to send a PROXY protocol header`);
  }
  const header = await readProxyHeader(socket, { ...options, required: decision === 'require' });
  if (decision === 'ignore' || header?.source === undefined) return own;
  return { ip: header.source.ip, port: header.source.port, proxied: true, peerIp };
}
