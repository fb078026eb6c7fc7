import { acmeSection } from './sections/acme.js';
import { commandSection } from './sections/command.js';
import { commonSection } from './sections/common.js';
import { dataProviderSection } from './sections/data-provider.js';
import { ftpdSection } from './sections/ftpd.js';
import { httpSection } from './sections/http.js';
import { httpdSection } from './sections/httpd.js';
import { kmsSection } from './sections/kms.js';
import { mfaSection } from './sections/mfa.js';
import { pluginsSection } from './sections/plugins.js';
import { sftpdSection } from './sections/sftpd.js';
import { smtpSection } from './sections/smtp.js';
import { telemetrySection } from './sections/telemetry.js';
import { webdavdSection } from './sections/webdavd.js';
import { obj } from './schema/nodes.js';
import type { Infer } from './schema/nodes.js';

/** The whole configuration schema, sections in the order of SFTPGo's `sftpgo.json`. */
export const configSchema = obj({
  common: commonSection,
  acme: acmeSection,
  sftpd: sftpdSection,
  ftpd: ftpdSection,
  webdavd: webdavdSection,
  data_provider: dataProviderSection,
  httpd: httpdSection,
  telemetry: telemetrySection,
  http: httpSection,
  command: commandSection,
  kms: kmsSection,
  mfa: mfaSection,
  smtp: smtpSection,
  plugins: pluginsSection,
});

/**
 * The effective configuration: every section and key of SFTPGo 2.x's `sftpgo.json`, with the
 * same snake_case names. Keys documented as "(path)" hold files or directories; after
 * `loadConfig` relative values have been joined to the config dir.
 */
export type SftpGoConfig = Infer<typeof configSchema>;

/** The `common` section. */
export type CommonConfig = SftpGoConfig['common'];
/** One item of `common.rate_limiters`. */
export type RateLimiterConfig = CommonConfig['rate_limiters'][number];
/** The `acme` section. */
export type AcmeConfig = SftpGoConfig['acme'];
/** The `sftpd` section. */
export type SftpdConfig = SftpGoConfig['sftpd'];
/** One item of `sftpd.bindings`. */
export type SftpdBinding = SftpdConfig['bindings'][number];
/** The `ftpd` section. */
export type FtpdConfig = SftpGoConfig['ftpd'];
/** One item of `ftpd.bindings`. */
export type FtpdBinding = FtpdConfig['bindings'][number];
/** The `webdavd` section. */
export type WebdavdConfig = SftpGoConfig['webdavd'];
/** One item of `webdavd.bindings`. */
export type WebdavdBinding = WebdavdConfig['bindings'][number];
/** The `data_provider` section. */
export type DataProviderConfig = SftpGoConfig['data_provider'];
/** The `httpd` section. */
export type HttpdConfig = SftpGoConfig['httpd'];
/** One item of `httpd.bindings`. */
export type HttpdBinding = HttpdConfig['bindings'][number];
/** The `telemetry` section. */
export type TelemetryConfig = SftpGoConfig['telemetry'];
/** The `http` section (HTTP client for hooks). */
export type HttpClientConfig = SftpGoConfig['http'];
/** The `command` section. */
export type CommandConfig = SftpGoConfig['command'];
/** The `kms` section. */
export type KmsConfig = SftpGoConfig['kms'];
/** The `mfa` section. */
export type MfaConfig = SftpGoConfig['mfa'];
/** One item of `mfa.totp`. */
export type TotpConfig = MfaConfig['totp'][number];
/** The `smtp` section. */
export type SmtpConfig = SftpGoConfig['smtp'];
/** One item of the `plugins` list. */
export type PluginConfig = SftpGoConfig['plugins'][number];
