import { bool, choice, int, obj, objList, pathList, pathStr, port, str, strList } from '../schema/nodes.js';
import { clientAuthType, corsConfig, minTlsVersion, tlsProtocols } from './shared.js';

/** One listener of `webdavd.bindings`. */
const webdavdBindingSchema = obj({
  /** 0 disables the binding. */
  port: port(0),
  address: str(),
  enable_https: bool(false),
  /** Certificate for this binding only (path); empty uses `webdavd.certificate_file`. */
  certificate_file: pathStr(),
  /** Key for this binding only (path). */
  certificate_key_file: pathStr(),
  min_tls_version: minTlsVersion(),
  client_auth_type: clientAuthType(),
  tls_cipher_suites: strList(),
  tls_protocols: tlsProtocols(),
  /** URI prefix such as `/dav`; empty serves from `/`. */
  prefix: str(),
  /** 1 uses `common.proxy_protocol` instead of proxy headers. */
  proxy_mode: choice([0, 1], 0),
  proxy_allowed: strList(),
  client_ip_proxy_header: str(),
  /** Position, from the right, of the trusted address in the header; -1 the leftmost. */
  client_ip_header_depth: int(0, { min: -1 }),
  disable_www_auth_header: bool(false),
});

/** The `webdavd` section: the WebDAV server. */
export const webdavdSection = obj({
  bindings: objList(webdavdBindingSchema, [{}]),
  /** Certificate (path). */
  certificate_file: pathStr(),
  /** Private key (path). */
  certificate_key_file: pathStr(),
  /** CA certificates (paths) used to verify client certificates. */
  ca_certificates: pathList(),
  /** Certificate revocation lists (paths). */
  ca_revocation_lists: pathList(),
  cors: corsConfig(),
  cache: obj({
    users: obj({
      /** Minutes; 0 means no expiration. */
      expiration_time: int(0, { min: 0 }),
      /** 0 means unlimited. */
      max_size: int(50, { min: 0 }),
    }),
    mime_types: obj({
      enabled: bool(true),
      max_size: int(1000, { min: 0 }),
      custom_mappings: objList(
        obj({
          /** Extension with its dot, such as `.json`. */
          ext: str(),
          mime: str(),
        }),
      ),
    }),
  }),
});
