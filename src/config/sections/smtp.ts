import { choice, obj, pathStr, port, secret, str } from '../schema/nodes.js';

/** The `smtp` section: outgoing e-mail. */
export const smtpSection = obj({
  /** Empty disables e-mail. */
  host: str(),
  port: port(587),
  from: str(),
  user: str(),
  password: secret(),
  /** 0 PLAIN, 1 LOGIN, 2 CRAM-MD5, 3 XOAUTH2. */
  auth_type: choice([0, 1, 2, 3], 0),
  /** 0 none, 1 TLS, 2 STARTTLS. */
  encryption: choice([0, 1, 2], 0),
  /** Name sent with HELO; empty means `localhost`. */
  domain: str(),
  /** Templates directory (path); e-mail templates live in its `email` subdirectory. */
  templates_path: pathStr('templates'),
  debug: choice([0, 1], 0),
  oauth2: obj({
    /** 0 Google, 1 Microsoft. */
    provider: choice([0, 1], 0),
    tenant: str(),
    client_id: secret(),
    client_secret: secret(),
    refresh_token: secret(),
  }),
});
