/**
 * Reading a dump before anything is stored: every object is parsed and validated with the model
 * parsers, so an invalid dump is refused as a whole with the object and field at fault.
 */
import type { Admin } from '../models/admin.js';
import { parseAdmin } from '../models/admin.js';
import type { APIKey } from '../models/api-key.js';
import { parseAPIKey } from '../models/api-key.js';
import type { ValidationContext } from '../models/context.js';
import type { BaseVirtualFolder } from '../models/folder.js';
import { parseFolder } from '../models/folder.js';
import type { Group } from '../models/group.js';
import type { ParsedIPListEntry } from '../models/ip-list.js';
import { parseIPListEntry } from '../models/ip-list.js';
import { applyNamingRules, checkName } from '../models/names.js';
import { ObjectReader } from '../models/reader.js';
import type { User } from '../models/user.js';
import { parseUser } from '../models/user.js';
import { ValidationError } from '../models/validation-error.js';
import type { RawDocument } from './documents.js';
import type { DumpLocation, DumpSection } from './errors.js';
import { DUMP_SECTIONS, InvalidDumpError } from './errors.js';
import { parseGroup } from './group-model.js';
import { ipListEntryName } from './ip-list-service.js';

/** One object of a dump, validated, with where it was. */
export interface DumpItem<T> extends DumpLocation {
  readonly value: T;
}

/** A role, share, event action or rule: checked for what the store needs, kept as given otherwise. */
export interface RawItem {
  /** The key: name, or share id. */
  readonly name: string;
  /** What is stored: the object without the fields the store keeps itself. */
  readonly doc: RawDocument;
  /** Shares: the owner, expiration and usage; rules: the names of their actions. */
  readonly owner: string;
  readonly expiresAt: number;
  readonly usedTokens: number;
  readonly lastUseAt: number;
  readonly actions: readonly string[];
}

/** A validated dump. */
export interface ParsedBackup {
  readonly roles: DumpItem<RawItem>[];
  readonly folders: DumpItem<BaseVirtualFolder>[];
  readonly groups: DumpItem<Group>[];
  readonly users: DumpItem<User>[];
  readonly admins: DumpItem<Admin>[];
  readonly api_keys: DumpItem<APIKey>[];
  readonly shares: DumpItem<RawItem>[];
  readonly event_actions: DumpItem<RawItem>[];
  readonly event_rules: DumpItem<RawItem>[];
  readonly ip_lists: DumpItem<ParsedIPListEntry>[];
  readonly version: number;
  /** Parts of the dump that were left out or converted, for the report. */
  readonly warnings: string[];
}

type Sections = Record<DumpSection, unknown[]>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readSections(data: Record<string, unknown>): Sections {
  const sections = {} as Sections;
  for (const section of DUMP_SECTIONS) {
    const value = data[section];
    if (value === undefined || value === null) sections[section] = [];
    else if (Array.isArray(value)) sections[section] = value as unknown[];
    else throw new InvalidDumpError(`${section}: must be an array, not ${describe(value)}`);
  }
  return sections;
}

function readVersion(data: Record<string, unknown>): number {
  const version = data['version'];
  if (version === undefined || version === null) return 0;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
    throw new InvalidDumpError(`version: must be a non-negative integer, not ${JSON.stringify(version)}`);
  }
  return version;
}

/** The name an object has in the raw dump, for messages about it. */
function rawName(section: DumpSection, item: unknown): string {
  if (!isObject(item)) return '';
  const key =
    section === 'users' || section === 'admins'
      ? 'username'
      : section === 'api_keys' || section === 'shares'
        ? 'id'
        : 'name';
  const value = item[key];
  return typeof value === 'string' ? value : '';
}

/** The error for a problem of one object, prefixed with where it is: `users[3] (alice): home_dir: …`. */
export function dumpObjectError(
  location: DumpLocation,
  err: Error & { readonly field?: string },
): InvalidDumpError {
  const name = location.objectName === '' ? '' : ` (${location.objectName})`;
  return new InvalidDumpError(
    `${location.section}[${location.index}]${name}: ${err.message}`,
    { ...location, field: err.field ?? '' },
    { cause: err },
  );
}

function parseSection<T>(
  section: DumpSection,
  items: readonly unknown[],
  parse: (item: unknown) => { readonly name: string; readonly value: T },
): DumpItem<T>[] {
  const seen = new Set<string>();
  return items.map((item, index) => {
    const location = { section, index, objectName: rawName(section, item) };
    try {
      const { name, value } = parse(item);
      if (seen.has(name)) {
        throw new ValidationError('', `${JSON.stringify(name)} appears more than once in the dump`);
      }
      seen.add(name);
      return { section, index, objectName: name, value };
    } catch (err) {
      if (err instanceof ValidationError) throw dumpObjectError(location, err);
      throw err;
    }
  });
}

function without(value: Record<string, unknown>, keys: readonly string[]): RawDocument {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

function requiredName(reader: ObjectReader, key: string, rules: number | undefined): string {
  const raw = reader.string(key);
  const name = rules === undefined ? raw : applyNamingRules(raw, rules);
  if (rules === undefined) {
    if (name === '') throw new ValidationError(key, 'is required');
  } else {
    checkName(name, rules, key);
  }
  return name;
}

function rawItem(name: string, doc: RawDocument, extra?: Partial<RawItem>): RawItem {
  return { name, doc, owner: '', expiresAt: 0, usedTokens: 0, lastUseAt: 0, actions: [], ...extra };
}

function parseRole(item: unknown, ctx: ValidationContext): RawItem {
  const reader = ObjectReader.root(item, 'a role');
  const name = requiredName(reader, 'name', ctx.namingRules);
  return rawItem(name, { description: reader.string('description') });
}

function parseShare(item: unknown, ctx: ValidationContext): RawItem {
  const reader = ObjectReader.root(item, 'a share');
  const id = requiredName(reader, 'id', undefined);
  const owner = requiredName(reader, 'username', ctx.namingRules);
  reader.strings('paths');
  reader.strings('allow_from');
  const doc = without(reader.entries(), [
    'id',
    'username',
    'created_at',
    'updated_at',
    'last_use_at',
    'expires_at',
    'used_tokens',
  ]);
  doc['password'] = reader.string('password');
  return rawItem(id, doc, {
    owner,
    expiresAt: reader.int('expires_at'),
    usedTokens: reader.int('used_tokens'),
    lastUseAt: reader.int('last_use_at'),
  });
}

function parseEventAction(item: unknown): RawItem {
  const reader = ObjectReader.root(item, 'an event action');
  const name = requiredName(reader, 'name', undefined);
  return rawItem(name, without(reader.entries(), ['id', 'name']));
}

function parseEventRule(item: unknown): RawItem {
  const reader = ObjectReader.root(item, 'an event rule');
  const name = requiredName(reader, 'name', undefined);
  const actions = reader.list('actions', (action, field) =>
    requiredName(ObjectReader.of(action, field), 'name', undefined),
  );
  return rawItem(name, without(reader.entries(), ['id', 'name', 'created_at', 'updated_at']), { actions });
}

/**
 * SFTPGo 1.x dumps have folders without names: SFTPGo 2.0 named them `Folder<index>` and pointed
 * the users' mounts (which then named folders by `mapped_path`) at them, dropping mounts whose path
 * matched no folder. Done here the same way, on the raw dump.
 */
function nameLegacyFolders(sections: Sections, warnings: string[]): void {
  const folders = sections.folders;
  const first = folders[0];
  if (first === undefined || !isObject(first) || (typeof first['name'] === 'string' && first['name'] !== ''))
    return;
  warnings.push('folders without a name (SFTPGo 1.x) were named Folder<index>');
  const named = folders.map((folder, index) =>
    isObject(folder) && (folder['name'] === undefined || folder['name'] === '' || folder['name'] === null)
      ? { ...folder, name: `Folder${index}` }
      : folder,
  );
  sections.folders = named;
  sections.users = sections.users.map((user) => {
    if (!isObject(user) || !Array.isArray(user['virtual_folders'])) return user;
    const mounts = (user['virtual_folders'] as unknown[]).flatMap((mount) => {
      if (!isObject(mount) || (typeof mount['name'] === 'string' && mount['name'] !== '')) return [mount];
      const match = named.find((f) => isObject(f) && f['mapped_path'] === mount['mapped_path']);
      if (match === undefined || !isObject(match)) {
        warnings.push(
          `users: a mount of ${JSON.stringify(mount['mapped_path'])} matches no folder and was dropped`,
        );
        return [];
      }
      return [{ ...mount, name: match['name'] }];
    });
    return { ...user, virtual_folders: mounts };
  });
}

/**
 * Parses and validates a whole dump (SFTPGo's `BackupData`, any version). Missing or null
 * sections are empty. IP lists and `configs` are not kept by this provider yet: they are skipped
 * with a warning.
 * @throws {InvalidDumpError} for the first invalid object (or a dump that is not an object).
 */
export function parseBackup(data: unknown, ctx: ValidationContext): ParsedBackup {
  if (!isObject(data)) throw new InvalidDumpError(`a dump must be a JSON object, not ${describe(data)}`);
  const sections = readSections(data);
  const version = readVersion(data);
  const warnings: string[] = [];
  nameLegacyFolders(sections, warnings);
  if (isObject(data['configs']) && Object.keys(data['configs']).length > 0) {
    warnings.push('configs: skipped, server configurations are not kept by this provider yet');
  }
  return {
    roles: parseSection('roles', sections.roles, (item) => named(parseRole(item, ctx))),
    folders: parseSection('folders', sections.folders, (item) => {
      const folder = parseFolder(item, ctx);
      return { name: folder.name, value: folder };
    }),
    groups: parseSection('groups', sections.groups, (item) => {
      const group = parseGroup(item, ctx);
      return { name: group.name, value: group };
    }),
    users: parseSection('users', sections.users, (item) => {
      const user = parseUser(item, ctx);
      return { name: user.username, value: user };
    }),
    admins: parseSection('admins', sections.admins, (item) => {
      const admin = parseAdmin(item, ctx);
      return { name: admin.username, value: admin };
    }),
    api_keys: parseSection('api_keys', sections.api_keys, (item) => {
      const apiKey = parseAPIKey(item, ctx);
      if (apiKey.id === '') throw new ValidationError('id', 'an API key needs its id to be restored');
      if (apiKey.key === '') throw new ValidationError('key', 'an empty API key cannot be restored');
      return { name: apiKey.id, value: apiKey };
    }),
    shares: parseSection('shares', sections.shares, (item) => named(parseShare(item, ctx))),
    event_actions: parseSection('event_actions', sections.event_actions, (item) =>
      named(parseEventAction(item)),
    ),
    event_rules: parseSection('event_rules', sections.event_rules, (item) => named(parseEventRule(item))),
    ip_lists: parseSection('ip_lists', sections.ip_lists, (item) => {
      const entry = parseIPListEntry(item);
      return { name: ipListEntryName(entry), value: entry };
    }),
    version,
    warnings,
  };
}

function named(item: RawItem): { readonly name: string; readonly value: RawItem } {
  return { name: item.name, value: item };
}
