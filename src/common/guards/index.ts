/** Connection guards: defender bans, global allow list, rate limits; IP lists and address sets. */
export { AddressSet, asNetwork } from './address-set.js';
export { CachedIPLists, DEFAULT_IP_LISTS_TTL_MS } from './cached-ip-lists.js';
export type { IPListSource } from './cached-ip-lists.js';
export { ConnectionGuards, connectionGuardsFromConfig } from './connection-guards.js';
export type { ConnectionGuardsOptions, ConnectionGuardsSources } from './connection-guards.js';
export { ConnectionDeniedError } from './errors.js';
export type { ConnectionDeniedReason } from './errors.js';
export { MemoryIPLists, entryCoversProtocol } from './ip-lists.js';
export type { IPListMatcher } from './ip-lists.js';
