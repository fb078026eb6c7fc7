import { bool, choice, int, listOf, obj, strList } from '../schema/nodes.js';

/** Data provider object kinds that provider events concern. */
export const providerObjects = [
  'user',
  'folder',
  'group',
  'admin',
  'api_key',
  'share',
  'event_action',
  'event_rule',
  'role',
  'ip_list_entry',
  'configs',
] as const;

// Pieces several sections share, built fresh on each call so no two keys share a node object.

/** Minimum TLS version: 10 = TLS 1.0, 11 = 1.1, 12 = 1.2, 13 = 1.3. */
export function minTlsVersion() {
  return choice([10, 11, 12, 13], 12);
}

/** Client certificates: 0 not requested, 1 required and verified, 2 verified if given. */
export function clientAuthType() {
  return choice([0, 1, 2], 0);
}

/** HTTP protocols offered over TLS (ALPN), in order of preference; empty means both. */
export function tlsProtocols() {
  return listOf(['http/1.1', 'h2']);
}

/** Cross-origin resource sharing settings of an HTTP server. */
export function corsConfig() {
  return obj({
    enabled: bool(false),
    allowed_origins: strList(),
    allowed_methods: strList(),
    allowed_headers: strList(),
    exposed_headers: strList(),
    allow_credentials: bool(false),
    /** Seconds a preflight answer may be cached. */
    max_age: int(0),
    options_passthrough: bool(false),
    /** Status for successful OPTIONS requests; 0 means the handler's default. */
    options_success_status: int(0, { min: 0, max: 599 }),
    allow_private_network: bool(false),
  });
}
