import {
  bool,
  flags,
  int,
  intListOf,
  listOf,
  obj,
  objList,
  oneOf,
  requiredOneOf,
  str,
  strList,
} from '../schema/nodes.js';
import { providerObjects } from './shared.js';

/** One plugin of the `plugins` list. */
const pluginSchema = obj({
  /** Required. */
  type: requiredOneOf(['notifier', 'kms', 'auth', 'eventsearcher', 'ipfilter']),
  notifier_options: obj({
    fs_events: listOf([
      'download',
      'upload',
      'first-upload',
      'first-download',
      'delete',
      'rename',
      'mkdir',
      'rmdir',
      'copy',
      'ssh_cmd',
    ]),
    provider_events: listOf(['add', 'update', 'delete']),
    provider_objects: listOf(providerObjects),
    /** 1 login failed, 2 unknown user, 3 no login tried, 4 negotiation failed, 5 login succeeded. */
    log_events: intListOf([1, 2, 3, 4, 5]),
    /** Seconds an event may be late; 0 means no retry. */
    retry_max_time: int(0, { min: 0 }),
    /** 0 means no limit. */
    retry_queue_max_size: int(0, { min: 0 }),
  }),
  kms_options: obj({
    scheme: oneOf(['', 'awskms', 'gcpkms', 'hashivault', 'azurekeyvault'], ''),
    encrypted_status: oneOf(['', 'AWS', 'GCP', 'VaultTransit', 'AzureKeyVault'], ''),
  }),
  auth_options: obj({
    /** Bit mask: 1 password, 2 public key, 4 keyboard interactive, 8 TLS certificate. */
    scope: flags([1, 2, 4, 8]),
  }),
  /** The plugin program; kept as written. */
  cmd: str(),
  args: strList(),
  sha256sum: str(),
  auto_mtls: bool(false),
  env_prefix: str(),
  env_vars: strList(),
});

/** The `plugins` section: a list of external plugins (empty by default). */
export const pluginsSection = objList(pluginSchema);
