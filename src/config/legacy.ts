import { coerceScalar } from './coerce.js';
import { isPlainObject } from './key-path.js';
import { describeOrigin, originName } from './origin.js';
import type { SourceOrigin } from './origin.js';
import { getIn, hasIn, setIn, takeIn } from './raw-tree.js';
import type { RawTree } from './raw-tree.js';
import type { SftpGoConfig } from './schema.js';
import { ConfigWarningCode } from './warnings.js';
import type { ConfigWarning } from './warnings.js';

/** What a legacy rule may look at besides the tree it rewrites. */
export interface LegacyContext {
  readonly origin: SourceOrigin;
  readonly warnings: ConfigWarning[];
  /** The configuration as set by the sources applied before this one. */
  readonly current: SftpGoConfig;
}

/** A key renamed or moved by SFTPGo: its value goes to `to` (new key wins if both are set). */
interface MoveRule {
  readonly kind: 'move';
  readonly from: string;
  readonly to: string;
  readonly transform?: (value: unknown) => unknown;
}

/** A key SFTPGo dropped without a replacement: ignored with a warning. */
interface ObsoleteRule {
  readonly kind: 'obsolete';
  readonly key: string;
  readonly hint: string;
}

/** A key whose conversion needs more than a move. */
interface CustomRule {
  readonly kind: 'custom';
  readonly key: string;
  readonly run: (tree: RawTree, ctx: LegacyContext) => void;
}

type LegacyRule = MoveRule | ObsoleteRule | CustomRule;

const move = (from: string, to: string, transform?: (value: unknown) => unknown): MoveRule => ({
  kind: 'move',
  from,
  to,
  transform,
});

const obsolete = (key: string, hint: string): ObsoleteRule => ({ kind: 'obsolete', key, hint });

// SFTPGo 1.x listed host keys as objects with a `private_key` field; 2.x lists the paths.
function privateKeyPaths(value: unknown): unknown {
  const pick = (item: unknown) => (isPlainObject(item) ? item['private_key'] : item);
  if (Array.isArray(value)) return value.map(pick);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([index, item]) => [index, pick(item)]));
  }
  return value;
}

// SFTPGo 1.x and 2.0 took one listener per service from `bind_port`/`bind_address` (plus a few
// FTP settings); 2.x has a list of bindings. The values go to the first binding.
const bindingField: Readonly<Record<string, string>> = { bind_port: 'port', bind_address: 'address' };

function bindingRule(section: string, extraKeys: readonly string[] = []): CustomRule {
  const keys = ['bind_port', 'bind_address', ...extraKeys];
  return {
    kind: 'custom',
    key: `${section}.bind_port`,
    run(tree, ctx) {
      const present = keys.filter((key) => hasIn(tree, [section, key]));
      if (present.length === 0) return;
      const bindingsSet = hasIn(tree, [section, 'bindings']);
      for (const key of present) {
        const value = takeIn(tree, [section, key]);
        if (bindingsSet) {
          ignored(ctx, `${section}.${key}`, `${section}.bindings`);
          continue;
        }
        const field = bindingField[key] ?? key;
        setIn(tree, [section, 'bindings', '0', field], value);
        deprecated(ctx, `${section}.${key}`, `${section}.bindings[0].${field}`);
      }
      // With the old single listener, HTTPS was on as soon as a certificate and key were set.
      if (!bindingsSet && (section === 'httpd' || section === 'webdavd')) {
        const cert = getIn(tree, [section, 'certificate_file']);
        const key = getIn(tree, [section, 'certificate_key_file']);
        if (typeof cert === 'string' && cert !== '' && typeof key === 'string' && key !== '') {
          setIn(tree, [section, 'bindings', '0', 'enable_https'], true);
        }
      }
    },
  };
}

const enableScpRule: CustomRule = {
  kind: 'custom',
  key: 'sftpd.enable_scp',
  run(tree, ctx) {
    if (!hasIn(tree, ['sftpd', 'enable_scp'])) return;
    const raw = takeIn(tree, ['sftpd', 'enable_scp']);
    if (raw === null || raw === undefined) return;
    const enable = coerceScalar(
      { kind: 'boolean', default: false },
      raw,
      ['sftpd', 'enable_scp'],
      ctx.origin,
    );
    const given = getIn(tree, ['sftpd', 'enabled_ssh_commands']);
    let list: string[];
    if (Array.isArray(given)) list = given.map(String);
    else if (typeof given === 'string') list = given.split(',').map((part) => part.trim());
    else list = [...ctx.current.sftpd.enabled_ssh_commands];
    if (enable && !list.includes('scp')) list.push('scp');
    // `false` only removes scp from the default list (which has it in 2.x but not in 1.x); a
    // list written next to it is taken as written, as SFTPGo 1.x did.
    if (!enable && given === undefined) list = list.filter((command) => command !== 'scp');
    setIn(tree, ['sftpd', 'enabled_ssh_commands'], list);
    warn(
      ctx,
      ConfigWarningCode.DeprecatedKey,
      'sftpd.enable_scp',
      `is deprecated: use "scp" in sftpd.enabled_ssh_commands`,
    );
  },
};

// SFTPGo 1.x provider actions concerned users only; 2.x fires for the types in `execute_for`, and
// nothing when it is empty. A 1.x section (hook under its old name) keeps notifying user changes.
const legacyProviderActionsRule: CustomRule = {
  kind: 'custom',
  key: 'data_provider.actions.command',
  run(tree) {
    const oldHook =
      hasIn(tree, ['data_provider', 'actions', 'command']) ||
      hasIn(tree, ['data_provider', 'actions', 'http_notification_url']);
    if (oldHook && !hasIn(tree, ['data_provider', 'actions', 'execute_for'])) {
      setIn(tree, ['data_provider', 'actions', 'execute_for'], ['user']);
    }
  },
};

const bannerRule: CustomRule = {
  kind: 'custom',
  key: 'sftpd.banner',
  run(tree, ctx) {
    if (!hasIn(tree, ['sftpd', 'banner'])) return;
    if (getIn(tree, ['sftpd', 'banner']) === 'short') {
      applyMove(tree, move('sftpd.banner', 'common.server_version'), ctx);
      return;
    }
    takeIn(tree, ['sftpd', 'banner']);
    warn(
      ctx,
      ConfigWarningCode.ObsoleteKey,
      'sftpd.banner',
      'is obsolete and ignored: custom SSH banners are gone, common.server_version = "short" hides the version',
    );
  },
};

/**
 * Keys of SFTPGo 1.x and earlier 2.x releases, in the order they are converted (inner keys of a
 * struct before the struct moves).
 */
const legacyRules: readonly LegacyRule[] = [
  move('sftpd.actions.http_notification_url', 'sftpd.actions.hook'),
  move('sftpd.actions.command', 'sftpd.actions.hook'),
  move('sftpd.actions', 'common.actions'),
  legacyProviderActionsRule,
  move('data_provider.actions.http_notification_url', 'data_provider.actions.hook'),
  move('data_provider.actions.command', 'data_provider.actions.hook'),
  move('sftpd.idle_timeout', 'common.idle_timeout'),
  move('sftpd.upload_mode', 'common.upload_mode'),
  move('sftpd.setstat_mode', 'common.setstat_mode'),
  move('sftpd.proxy_protocol', 'common.proxy_protocol'),
  move('sftpd.proxy_allowed', 'common.proxy_allowed'),
  move('sftpd.umask', 'common.umask'),
  move('sftpd.keys', 'sftpd.host_keys', privateKeyPaths),
  move('sftpd.keyboard_interactive_auth_program', 'sftpd.keyboard_interactive_auth_hook'),
  move('data_provider.external_auth_program', 'data_provider.external_auth_hook'),
  move('data_provider.pre_login_program', 'data_provider.pre_login_hook'),
  move('data_provider.connectionstring', 'data_provider.connection_string'),
  move('httpd.backups_path', 'data_provider.backups_path'),
  enableScpRule,
  bannerRule,
  bindingRule('sftpd'),
  bindingRule('ftpd', ['tls_mode', 'force_passive_ip']),
  bindingRule('webdavd'),
  bindingRule('httpd'),
  obsolete('ftpd.banner', 'use ftpd.banner_file for a custom greeting'),
  obsolete('data_provider.manage_users', 'users are always managed'),
  obsolete('data_provider.users_table', 'use data_provider.sql_tables_prefix'),
  obsolete('data_provider.credentials_path', 'credentials are stored, encrypted, in the data provider'),
  obsolete('data_provider.prefer_database_credentials', 'credentials are always stored in the data provider'),
  obsolete('data_provider.skip_natural_keys_validation', 'use data_provider.naming_rules'),
  obsolete('data_provider.auto_backup', 'schedule backups with the event manager'),
  obsolete('common.defender.safelist_file', 'manage IP lists through the REST API'),
  obsolete('common.defender.blocklist_file', 'manage IP lists through the REST API'),
  obsolete('common.defender.safelist', 'manage IP lists through the REST API'),
  obsolete('common.defender.blocklist', 'manage IP lists through the REST API'),
  obsolete('common.whitelist_file', 'use common.allowlist_status and IP lists'),
  obsolete('common.data_retention_hook', 'use the event manager'),
  obsolete('common.temp_path', 'temporary files are kept next to their target'),
  obsolete('sftpd.moduli', 'the key exchange groups are built in'),
  obsolete('sftpd.folder_prefix', 'no longer supported'),
];

/** Every legacy key this module understands (for documentation and tests). */
export const legacyKeys: readonly string[] = [
  ...new Set(legacyRules.map((rule) => (rule.kind === 'move' ? rule.from : rule.key))),
];

/**
 * Rewrites one source's tree (keys already lowercase) so SFTPGo 1.x and earlier 2.x keys land on
 * their current place, with a warning for each. When a source sets both an old key and its
 * replacement, the replacement wins.
 * @returns whether the tree held any legacy key
 * @throws ConfigError if `sftpd.enable_scp` is not a boolean
 */
export function migrateLegacy(tree: RawTree, ctx: LegacyContext): boolean {
  const before = ctx.warnings.length;
  for (const rule of legacyRules) {
    if (rule.kind === 'move') applyMove(tree, rule, ctx);
    else if (rule.kind === 'custom') rule.run(tree, ctx);
    else if (hasIn(tree, rule.key.split('.'))) {
      takeIn(tree, rule.key.split('.'));
      warn(ctx, ConfigWarningCode.ObsoleteKey, rule.key, `is obsolete and ignored: ${rule.hint}`);
    }
  }
  return ctx.warnings.length > before;
}

function applyMove(tree: RawTree, rule: MoveRule, ctx: LegacyContext): void {
  const from = rule.from.split('.');
  if (!hasIn(tree, from)) return;
  const value = takeIn(tree, from);
  const to = rule.to.split('.');
  if (hasIn(tree, to)) {
    ignored(ctx, rule.from, rule.to);
    return;
  }
  setIn(tree, to, rule.transform ? rule.transform(value) : value);
  deprecated(ctx, rule.from, rule.to);
}

function deprecated(ctx: LegacyContext, from: string, to: string): void {
  warn(ctx, ConfigWarningCode.DeprecatedKey, from, `is deprecated: its value is used for ${to}`);
}

function ignored(ctx: LegacyContext, from: string, to: string): void {
  warn(
    ctx,
    ConfigWarningCode.DeprecatedKeyIgnored,
    from,
    `is deprecated and ignored because ${to} is also set`,
  );
}

function warn(ctx: LegacyContext, code: string, key: string, text: string): void {
  ctx.warnings.push({
    code,
    key,
    source: originName(ctx.origin),
    message: `${key} (from ${describeOrigin(ctx.origin)}) ${text}`,
  });
}
