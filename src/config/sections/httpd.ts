import {
  bool,
  choice,
  flags,
  int,
  obj,
  objList,
  pathList,
  pathStr,
  port,
  secret,
  str,
  strList,
} from '../schema/nodes.js';
import { corsConfig, minTlsVersion, tlsProtocols } from './shared.js';

function uiBranding() {
  return obj({
    name: str(),
    short_name: str(),
    /** Relative to `static_files_path`, as a URL path; kept as written. */
    favicon_path: str(),
    /** Relative to `static_files_path`, as a URL path; kept as written. */
    logo_path: str(),
    disclaimer_name: str(),
    /** Relative to `static_files_path`, or an absolute URL; kept as written. */
    disclaimer_path: str(),
    default_css: strList(),
    extra_css: strList(),
  });
}

/** One listener of `httpd.bindings`. */
const httpdBindingSchema = obj({
  /** 0 disables the binding unless `address` is a Unix socket path. */
  port: port(8080),
  /** Empty listens on every interface; an absolute path listens on a Unix socket. */
  address: str(),
  enable_web_admin: bool(true),
  enable_web_client: bool(true),
  enable_rest_api: bool(true),
  /** Deprecated by SFTPGo in favour of `disabled_login_methods`. */
  enabled_login_methods: flags([1, 2, 4, 8]),
  /** Bit mask of disabled login methods (1 to 128). */
  disabled_login_methods: flags([1, 2, 4, 8, 16, 32, 64, 128]),
  enable_https: bool(false),
  /** Certificate for this binding only (path); empty uses `httpd.certificate_file`. */
  certificate_file: pathStr(),
  /** Key for this binding only (path). */
  certificate_key_file: pathStr(),
  min_tls_version: minTlsVersion(),
  /** 1 requires a client certificate. */
  client_auth_type: choice([0, 1], 0),
  tls_cipher_suites: strList(),
  tls_protocols: tlsProtocols(),
  proxy_mode: choice([0, 1], 0),
  proxy_allowed: strList(),
  client_ip_proxy_header: str(),
  client_ip_header_depth: int(0, { min: -1 }),
  /** 1 hides the web client link on the admin login page, 2 the other way round. */
  hide_login_url: flags([1, 2]),
  render_openapi: bool(true),
  base_url: str(),
  languages: strList(['en']),
  oidc: obj({
    client_id: secret(),
    client_secret: secret(),
    /** File holding the client secret (path). */
    client_secret_file: pathStr(),
    config_url: str(),
    redirect_base_url: str(),
    scopes: strList(['openid', 'profile', 'email']),
    username_field: str(),
    role_field: str(),
    implicit_roles: bool(false),
    custom_fields: strList(),
    insecure_skip_signature_check: bool(false),
    debug: bool(false),
  }),
  security: obj({
    enabled: bool(false),
    allowed_hosts: strList(),
    allowed_hosts_are_regex: bool(false),
    hosts_proxy_headers: strList(),
    https_redirect: bool(false),
    https_host: str(),
    https_proxy_headers: objList(obj({ key: str(), value: str() })),
    sts_seconds: int(0, { min: 0 }),
    sts_include_subdomains: bool(false),
    sts_preload: bool(false),
    content_type_nosniff: bool(false),
    content_security_policy: str(),
    permissions_policy: str(),
    cross_origin_opener_policy: str(),
    cross_origin_resource_policy: str(),
    cross_origin_embedder_policy: str(),
    referrer_policy: str(),
    cache_control: str(),
  }),
  branding: obj({
    web_admin: uiBranding(),
    web_client: uiBranding(),
  }),
});

/** The `httpd` section: REST API, web admin, web client and shares. */
export const httpdSection = obj({
  bindings: objList(httpdBindingSchema, [{}]),
  /** HTML templates directory (path). */
  templates_path: pathStr('templates'),
  /** Static files directory (path). */
  static_files_path: pathStr('static'),
  /** OpenAPI schema directory (path); empty disables serving it. */
  openapi_path: pathStr('openapi'),
  /** URL prefix of the web interfaces, such as `/sftpgo`. */
  web_root: str(),
  /** Certificate (path). */
  certificate_file: pathStr(),
  /** Private key (path). */
  certificate_key_file: pathStr(),
  /** CA certificates (paths) used to verify client certificates. */
  ca_certificates: pathList(),
  /** Certificate revocation lists (paths). */
  ca_revocation_lists: pathList(),
  signing_passphrase: secret(),
  /** File holding the signing passphrase (path). */
  signing_passphrase_file: pathStr(),
  /** Bit mask: 1 no IP binding of tokens, 2 revalidate tokens against account updates. */
  token_validation: flags([1, 2]),
  /** Minutes. */
  cookie_lifetime: int(20, { min: 0, max: 720 }),
  /** Minutes. */
  share_cookie_lifetime: int(120, { min: 0, max: 720 }),
  /** Minutes. */
  jwt_lifetime: int(20, { min: 0, max: 720 }),
  /** Bytes; 0 means no limit. */
  max_upload_file_size: int(0, { min: 0 }),
  cors: corsConfig(),
  setup: obj({
    installation_code: secret(),
    installation_code_hint: str('Installation code'),
  }),
  hide_support_link: bool(false),
  /**
   * htpasswd file (path) for HTTP basic authentication, an SFTPGo 1.x key that we keep
   * supporting; empty disables it. Not present in SFTPGo 2.x.
   */
  auth_user_file: pathStr(),
});
