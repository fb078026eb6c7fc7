/** What the REST API's route modules are given: the server's runtime pieces, never globals. */
import type { ConnectionGuards } from '../../common/guards/index.js';
import type { ConnectionRegistry } from '../../common/registry/index.js';
import type { DataProvider } from '../../dataprovider/index.js';
import type { Logger } from '../../logger/index.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { QuotaScans } from './quota-scans.js';

/** The status of the other services, for `/status` (built by the service, which knows them). */
export type ServicesStatusSource = () => Promise<Record<string, unknown>>;

export interface ApiDeps {
  readonly provider: DataProvider;
  readonly registry: ConnectionRegistry;
  readonly auth: Authenticator;
  readonly scans: QuotaScans;
  readonly status: ServicesStatusSource;
  /** `data_provider.backups_path`, absolute. */
  readonly backupsPath: string;
  readonly logger: Logger;
  /** Defender, allow list and rate limiters; without them every client is admitted. */
  readonly guards?: ConnectionGuards;
}
