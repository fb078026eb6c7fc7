/**
 * Virtual folders: storage defined once (a local directory or any other filesystem) and mounted into
 * users' trees at a virtual path.
 */
import { isSecretRedacted } from '../../kms/secret.js';
import type { ValidationContext } from './context.js';
import type { FilesystemConfig } from './filesystem.js';
import {
  FS_PROVIDERS,
  filesystemSecrets,
  filesystemToJSON,
  readFilesystem,
  validateFilesystem,
} from './filesystem.js';
import { applyNamingRules, checkName } from './names.js';
import { cleanFsPath, isAbsoluteFsPath } from './paths.js';
import type { ToJSONOptions } from './output.js';
import { secretWriter } from './output.js';
import { ObjectReader } from './reader.js';
import type { RecordSpec, SecretWriter } from './record.js';
import { readRecord, recordToJSON } from './record.js';
import { ValidationError } from './validation-error.js';

/** A virtual folder as defined on its own (the `folders` of a dump). */
export interface BaseVirtualFolder {
  id: number;
  /** Unique name; users mount the folder by name. */
  name: string;
  /** Absolute directory for local and encrypted local folders. */
  mapped_path: string;
  description: string;
  /** Used quota in bytes (may drift below 0 when files change outside SFTPGo until a quota scan). */
  used_quota_size: number;
  used_quota_files: number;
  /** Last quota update, milliseconds since the epoch. */
  last_quota_update: number;
  /** Users mounting this folder (filled by the data provider). */
  users: string[];
  /** Groups mounting this folder (filled by the data provider). */
  groups: string[];
  filesystem: FilesystemConfig;
}

type FolderScalars = Omit<BaseVirtualFolder, 'filesystem'>;

/** JSON layout of the flat fields of {@link BaseVirtualFolder}. */
export const BASE_FOLDER_SPEC: RecordSpec<FolderScalars> = {
  id: 'int!',
  name: 'string!',
  mapped_path: 'string',
  description: 'string',
  used_quota_size: 'int!',
  used_quota_files: 'int!',
  last_quota_update: 'int!',
  users: 'strings',
  groups: 'strings',
};

/**
 * Reads the fields of a folder checking only JSON types.
 * @throws {ValidationError} when a property has the wrong JSON type.
 */
export function readBaseFolder(reader: ObjectReader): BaseVirtualFolder {
  return {
    ...readRecord(reader, BASE_FOLDER_SPEC),
    filesystem: readFilesystem(reader.raw('filesystem'), reader.field('filesystem')),
  };
}

/**
 * Refuses secrets marked `Redacted`: they stand for a stored value, which must be put back before saving.
 * @throws {ValidationError} naming the redacted secret.
 */
export function checkNoRedactedSecrets(filesystem: FilesystemConfig, field: string): void {
  for (const [secretField, secret] of filesystemSecrets(filesystem, field)) {
    if (isSecretRedacted(secret)) {
      throw new ValidationError(
        secretField,
        'a redacted secret cannot be saved, send the value or keep the stored one',
      );
    }
  }
}

/**
 * Parses and validates a folder: the name (naming rules applied), the mapped path (required, absolute and
 * cleaned for local and encrypted folders) and the filesystem.
 * @throws {ValidationError} naming the offending field.
 */
export function parseFolder(input: unknown, ctx: ValidationContext): BaseVirtualFolder {
  const folder = readBaseFolder(ObjectReader.root(input, 'a folder'));
  folder.name = applyNamingRules(folder.name, ctx.namingRules);
  checkName(folder.name, ctx.namingRules, 'name');
  const provider = folder.filesystem.provider;
  if (provider === FS_PROVIDERS.local || provider === FS_PROVIDERS.crypt || folder.mapped_path !== '') {
    const cleaned = cleanFsPath(folder.mapped_path);
    if (!isAbsoluteFsPath(cleaned)) {
      throw new ValidationError(
        'mapped_path',
        `${JSON.stringify(folder.mapped_path)} is not an absolute path`,
      );
    }
    folder.mapped_path = cleaned;
  }
  checkNoRedactedSecrets(folder.filesystem, 'filesystem');
  validateFilesystem(folder.filesystem, 'filesystem');
  return folder;
}

/** Writes the fields of a folder into `out`. */
export function writeBaseFolder(
  folder: BaseVirtualFolder,
  out: Record<string, unknown>,
  secrets: SecretWriter,
): void {
  Object.assign(out, recordToJSON(folder, BASE_FOLDER_SPEC, secrets));
  out.filesystem = filesystemToJSON(folder.filesystem, secrets);
}

/** The JSON form of a folder; see {@link ToJSONOptions}. */
export function folderToJSON(folder: BaseVirtualFolder, options: ToJSONOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  writeBaseFolder(folder, out, secretWriter(options));
  return out;
}
