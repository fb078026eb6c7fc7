import type { LoadedConfig } from '../config/index.js';
import { HttpClient } from '../common/hooks/http-client.js';
import type { FsActions } from '../common/actions/index.js';
import { createFsActions } from '../common/actions/index.js';
import type { ProviderActions } from '../common/provider-actions/index.js';
import { createProviderActions } from '../common/provider-actions/index.js';
import type { DataProvider } from '../dataprovider/index.js';
import { openDataProvider } from '../dataprovider/index.js';
import type { Logger } from '../logger/index.js';

/** What every server shares: built once from the configuration, closed once at the end. */
export interface Runtime {
  readonly loaded: LoadedConfig;
  readonly logger: Logger;
  /** Client for HTTP hooks, built from the `http` section. */
  readonly http: HttpClient;
  readonly provider: DataProvider;
  readonly providerActions: ProviderActions;
  /** `common.actions`: hooks on file events, used by every protocol's connections. */
  readonly fsActions: FsActions;
}

/**
 * Opens the data provider (migrating its schema when `update_mode` is 0, creating the default admin)
 * with the provider actions listening to its changes.
 * @throws the data provider's errors (unreachable database, bolt driver, newer schema...) and Error
 *   when a certificate of the `http` section cannot be read.
 */
export async function openRuntime(loaded: LoadedConfig, logger: Logger): Promise<Runtime> {
  const { config } = loaded;
  const http = new HttpClient(config.http);
  const providerActions = createProviderActions({
    actions: config.data_provider.actions,
    commands: config.command,
    http,
    logger,
  });
  const provider = await openDataProvider({
    config: config.data_provider,
    configDir: loaded.configDir,
    logger,
    listener: providerActions.listener,
  });
  const fsActions = createFsActions({
    actions: config.common.actions,
    commands: config.command,
    http,
    logger,
  });
  return { loaded, logger, http, provider, providerActions, fsActions };
}

/** Lets running action hooks finish, then closes the data provider. */
export async function closeRuntime(runtime: Runtime): Promise<void> {
  await Promise.all([runtime.fsActions.drain(), runtime.providerActions.drain()]);
  await runtime.provider.close();
}
