/** Builds the configured defender driver. */
import type { DefenderStore } from '../../dataprovider/index.js';
import type { DefenderDeps } from './base-defender.js';
import type { Defender } from './defender.js';
import { MemoryDefender } from './memory-defender.js';
import { ProviderDefender } from './provider-defender.js';
import type { DefenderConfig } from './settings.js';
import { defenderSettings } from './settings.js';

/**
 * The defender of `common.defender`, or `undefined` when it is disabled.
 * @throws {DefenderConfigError} for settings SFTPGo would refuse.
 */
export function createDefender(
  config: DefenderConfig,
  deps: DefenderDeps & { readonly store: DefenderStore },
): Defender | undefined {
  if (!config.enabled) return undefined;
  const settings = defenderSettings(config);
  return config.driver === 'provider'
    ? new ProviderDefender(settings, deps)
    : new MemoryDefender(settings, deps);
}
