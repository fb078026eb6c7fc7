/** PROXY protocol v1/v2: header parser, socket reader and the `common.proxy_protocol` policy. */
export { clientEndpoint } from './accept.js';
export type { ClientEndpoint } from './accept.js';
export { ProxyProtocolError } from './errors.js';
export type { ProxyProtocolErrorReason } from './errors.js';
export { V1_MAX_LENGTH, parseProxyHeader } from './parser.js';
export type { ParseResult, ProxyEndpoint, ProxyHeader } from './parser.js';
export { ProxyPolicy } from './policy.js';
export type { ProxyConfig, ProxyDecision } from './policy.js';
export { DEFAULT_PROXY_MAX_HEADER_BYTES, DEFAULT_PROXY_READ_TIMEOUT_MS, readProxyHeader } from './reader.js';
export type { ProxyReadOptions } from './reader.js';
