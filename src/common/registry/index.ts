/** The active connections registry: connection limits, sessions per user, kicks and idle checks. */
export { ConnectionRegistry } from './connection-registry.js';
export type { RegistryConfig, RegistryOptions, SessionOptions } from './connection-registry.js';
export { ConnectionIdError, ConnectionLimitError, TooManySessionsError } from './errors.js';
export type { ConnectionLimitReason } from './errors.js';
