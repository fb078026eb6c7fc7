import { bool, obj, pathStr, port, str, strList } from '../schema/nodes.js';
import { minTlsVersion, tlsProtocols } from './shared.js';

/** The `telemetry` section: health check, metrics and profiler endpoints. */
export const telemetrySection = obj({
  /** 0 disables the telemetry server. */
  bind_port: port(0),
  bind_address: str('127.0.0.1'),
  enable_profiler: bool(false),
  /** htpasswd file (path) for basic authentication; empty disables it. */
  auth_user_file: pathStr(),
  /** Certificate (path). */
  certificate_file: pathStr(),
  /** Private key (path). */
  certificate_key_file: pathStr(),
  min_tls_version: minTlsVersion(),
  tls_cipher_suites: strList(),
  tls_protocols: tlsProtocols(),
});
