// The embeddable API: what Node programs import to run the server, or parts of it, in-process.
export { version } from './version.js';

export type { ConfigLoadOptions, ConfigWarning, LoadedConfig, SftpGoConfig } from './config/index.js';
export { ConfigError, defaultConfig, loadConfig } from './config/index.js';

export type { Logger, LoggerOptions, LogLevel } from './logger/index.js';
export { createLogger } from './logger/index.js';

export type {
  DataProvider,
  DataProviderOptions,
  ProviderEvent,
  ProviderEventListener,
} from './dataprovider/index.js';
export { openDataProvider } from './dataprovider/index.js';

export type {
  DirLister,
  Fs,
  FsCapabilities,
  FsDirEntry,
  FsFileHandle,
  FsOpenFlags,
  FsStats,
} from './vfs/index.js';
export { FsError, LocalFs } from './vfs/index.js';

export type { ManagedServer } from './common/managed-server.js';
export type { Runtime } from './service/runtime.js';
export { closeRuntime, openRuntime } from './service/runtime.js';
export { buildServers } from './service/build-servers.js';
export { Service } from './service/service.js';
export { handleSignals } from './service/signals.js';
export { tuneHeapForTransfers } from './service/heap-tuning.js';
