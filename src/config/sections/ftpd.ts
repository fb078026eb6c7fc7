import { bool, choice, obj, objList, pathList, pathStr, port, str, strList } from '../schema/nodes.js';
import { clientAuthType, minTlsVersion } from './shared.js';

/** One listener of `ftpd.bindings`. */
const ftpdBindingSchema = obj({
  /** 0 disables the binding. */
  port: port(0),
  address: str(),
  apply_proxy_config: bool(true),
  /** 0 TLS optional, 1 TLS required (explicit), 2 implicit TLS. */
  tls_mode: choice([0, 1, 2], 0),
  /** Certificate for this binding only (path); empty uses `ftpd.certificate_file`. */
  certificate_file: pathStr(),
  /** Key for this binding only (path). */
  certificate_key_file: pathStr(),
  min_tls_version: minTlsVersion(),
  /** IPv4 address announced for passive transfers; empty detects it. */
  force_passive_ip: str(),
  passive_ip_overrides: objList(
    obj({
      /** Client networks (CIDR) that get `ip`. */
      networks: strList(),
      ip: str(),
    }),
  ),
  /** Host name resolved on each passive request (dynamic IPs). */
  passive_host: str(),
  client_auth_type: clientAuthType(),
  tls_cipher_suites: strList(),
  /** 0 data connections must come from the control connection's IP, 1 no check. */
  passive_connections_security: choice([0, 1], 0),
  /** 0 active data connections only to the client's IP, 1 no check. */
  active_connections_security: choice([0, 1], 0),
  /** Log every FTP command. */
  debug: bool(false),
});

/** The `ftpd` section: the FTP/FTPS server. */
export const ftpdSection = obj({
  bindings: objList(ftpdBindingSchema, [{}]),
  /** Text sent to clients on connection (path). */
  banner_file: pathStr(),
  active_transfers_port_non_20: bool(true),
  passive_port_range: obj({
    start: port(50000),
    end: port(50100),
  }),
  disable_active_mode: bool(false),
  enable_site: bool(false),
  hash_support: choice([0, 1], 0),
  combine_support: choice([0, 1], 0),
  /** Certificate (path). */
  certificate_file: pathStr(),
  /** Private key (path). */
  certificate_key_file: pathStr(),
  /** CA certificates (paths) used to verify client certificates. */
  ca_certificates: pathList(),
  /** Certificate revocation lists (paths). */
  ca_revocation_lists: pathList(),
});
