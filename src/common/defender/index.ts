/** The defender: per-host scores and bans, `memory` and `provider` drivers. */
export { defenderHostIdToIP, defenderHostToJSON } from './defender.js';
export type { Defender, DefenderHostEntry, DefenderHostJSON, HostEvent } from './defender.js';
export type { DefenderDeps } from './base-defender.js';
export { MemoryDefender } from './memory-defender.js';
export { ProviderDefender } from './provider-defender.js';
export { DefenderConfigError, defenderSettings } from './settings.js';
export type { DefenderConfig, DefenderSettings } from './settings.js';
export { createDefender } from './create-defender.js';
