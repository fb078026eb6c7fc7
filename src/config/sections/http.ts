import { bool, int, num, obj, objList, pathList, pathStr, str } from '../schema/nodes.js';

/** The `http` section: the HTTP client used for hooks. */
export const httpSection = obj({
  /** Seconds per request (per attempt for retried requests). */
  timeout: num(20, { min: 0 }),
  /** Seconds. */
  retry_wait_min: int(2, { min: 0 }),
  /** Seconds. */
  retry_wait_max: int(30, { min: 0 }),
  retry_max: int(3, { min: 0 }),
  /** Extra trusted CA certificates (paths). */
  ca_certificates: pathList(),
  /** Client certificates for mutual TLS. */
  certificates: objList(
    obj({
      /** Certificate (path). */
      cert: pathStr(),
      /** Private key (path). */
      key: pathStr(),
    }),
  ),
  skip_tls_verify: bool(false),
  /** Headers added to hook requests; ignored while `key` or `value` is empty. */
  headers: objList(
    obj({
      key: str(),
      value: str(),
      /** Only add the header to URLs starting with this; empty means all. */
      url: str(),
    }),
  ),
});
