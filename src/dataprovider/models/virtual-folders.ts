/**
 * Mounts of virtual folders into a user's (or group's) tree: which folder, at which virtual path, from
 * which sub-path, with which quota.
 */
import type { BaseVirtualFolder } from './folder.js';
import { readBaseFolder, writeBaseFolder } from './folder.js';
import { applyNamingRules } from './names.js';
import { cleanVirtualPath } from './paths.js';
import { ObjectReader } from './reader.js';
import type { RecordSpec, SecretWriter } from './record.js';
import { readRecord, recordToJSON } from './record.js';
import { ValidationError, childField, itemField } from './validation-error.js';

/**
 * A folder mounted at `virtual_path`. The folder fields (`mapped_path`, `filesystem`…) describe the
 * folder the name refers to; on input they are only type-checked, since the folder is defined (and
 * validated) on its own and looked up by name.
 */
export interface VirtualFolder extends BaseVirtualFolder {
  /** Where the folder appears for the user; cleaned, "/" allowed (it then hides the home directory). */
  virtual_path: string;
  /** Bytes; 0 means unlimited, -1 means counted in the user's quota (then `quota_files` is -1 too). */
  quota_size: number;
  /** Files; 0 means unlimited, -1 means counted in the user's quota (then `quota_size` is -1 too). */
  quota_files: number;
  /** Serve the folder from this canonical sub-path (`/a/b`); `''` for the folder root. */
  subpath: string;
}

type MountScalars = Pick<VirtualFolder, 'virtual_path' | 'quota_size' | 'quota_files' | 'subpath'>;

const MOUNT_SPEC: RecordSpec<MountScalars> = {
  virtual_path: 'string!',
  quota_size: 'int!',
  quota_files: 'int!',
  subpath: 'string',
};

const MAX_SUBPATH_LENGTH = 191;

/** A list-item reader for `virtual_folders`. @throws {ValidationError} for wrong JSON types. */
export function readVirtualFolder(item: unknown, field: string): VirtualFolder {
  const reader = ObjectReader.of(item, field);
  return { ...readBaseFolder(reader), ...readRecord(reader, MOUNT_SPEC) };
}

function checkQuota(mount: VirtualFolder, field: string): void {
  for (const key of ['quota_size', 'quota_files'] as const) {
    if (mount[key] < -1)
      throw new ValidationError(childField(field, key), `must be -1, 0 or more, not ${mount[key]}`);
  }
  if ((mount.quota_size === -1) !== (mount.quota_files === -1)) {
    throw new ValidationError(
      childField(field, 'quota_size'),
      'quota_size and quota_files must both be -1 (included in the user quota) or both 0 or more',
    );
  }
}

function cleanSubpath(mount: VirtualFolder, field: string): string {
  if (mount.subpath === '') return '';
  const cleaned = cleanVirtualPath(mount.subpath);
  // Only one leading and one trailing slash may differ: "a/../b" or "//a" are refused, not rewritten.
  const asWritten = `/${mount.subpath.replace(/^\//, '').replace(/\/$/, '')}`;
  if (cleaned === '/' || cleaned !== asWritten || cleaned.length > MAX_SUBPATH_LENGTH) {
    throw new ValidationError(
      childField(field, 'subpath'),
      `${JSON.stringify(mount.subpath)} must be a canonical path of at most ${MAX_SUBPATH_LENGTH} characters, not "/"`,
    );
  }
  return cleaned;
}

/**
 * Normalises and checks a list of mounts, as SFTPGo: each needs a folder name (naming rules applied) and a
 * virtual path (cleaned; relative paths are taken from "/"), quotas are -1/-1 or both at least 0 and equal
 * on every mount of the same folder, the same folder and sub-path are mounted once, and two mounts cannot
 * share a virtual path. Nested virtual paths (`/a` and `/a/b`) are allowed.
 * @throws {ValidationError} naming the offending mount (`virtual_folders[i].…`).
 */
export function validateVirtualFolders(
  mounts: VirtualFolder[],
  field: string,
  namingRules: number,
): VirtualFolder[] {
  const quotas = new Map<string, [number, number]>();
  const mounted = new Set<string>();
  const byPath = new Map<string, string>();
  return mounts.map((mount, index) => {
    const f = itemField(field, index);
    const name = applyNamingRules(mount.name, namingRules);
    if (mount.virtual_path === '')
      throw new ValidationError(childField(f, 'virtual_path'), 'the virtual path is required');
    const virtualPath = cleanVirtualPath(mount.virtual_path);
    checkQuota(mount, f);
    if (name === '') throw new ValidationError(childField(f, 'name'), 'the folder name is required');
    const subpath = cleanSubpath(mount, f);
    const quota = quotas.get(name);
    if (quota !== undefined && (quota[0] !== mount.quota_size || quota[1] !== mount.quota_files)) {
      throw new ValidationError(
        childField(f, 'quota_size'),
        `quota limits for folder ${JSON.stringify(name)} must be the same on all its mounts`,
      );
    }
    quotas.set(name, [mount.quota_size, mount.quota_files]);
    const mountKey = JSON.stringify([name, subpath]);
    if (mounted.has(mountKey)) {
      throw new ValidationError(childField(f, 'name'), `the folder ${JSON.stringify(name)} is mounted twice`);
    }
    mounted.add(mountKey);
    const other = byPath.get(virtualPath);
    if (other !== undefined) {
      throw new ValidationError(
        childField(f, 'virtual_path'),
        `${JSON.stringify(mount.virtual_path)} overlaps with the virtual folder mounted at ${JSON.stringify(other)}`,
      );
    }
    byPath.set(virtualPath, mount.virtual_path);
    return { ...mount, name, virtual_path: virtualPath, subpath };
  });
}

/** The JSON form of a mount: the folder fields and the mount fields. */
export function virtualFolderToJSON(mount: VirtualFolder, secrets: SecretWriter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  writeBaseFolder(mount, out, secrets);
  Object.assign(out, recordToJSON(mount, MOUNT_SPEC, secrets));
  return out;
}
