// Builds users for the rules tests through the real model parser, so every user is normalised and
// validated exactly as one loaded from the data provider.
import type { User } from '../../../src/dataprovider/models/index.js';
import { DEFAULT_VALIDATION_CONTEXT, parseUser } from '../../../src/dataprovider/models/index.js';

/** A valid user with full permissions on "/" unless `overrides` say otherwise. */
export function makeUser(overrides: Record<string, unknown> = {}): User {
  return parseUser(
    { username: 'alice', status: 1, home_dir: '/srv/alice', permissions: { '/': ['*'] }, ...overrides },
    DEFAULT_VALIDATION_CONTEXT,
  );
}

/** A user with these permissions. */
export function userWithPerms(permissions: Record<string, string[]>): User {
  return makeUser({ permissions });
}

/** A user with these file pattern filters. */
export function userWithPatterns(
  filePatterns: Record<string, unknown>[],
  permissions?: Record<string, string[]>,
): User {
  return makeUser({ filters: { file_patterns: filePatterns }, ...(permissions ? { permissions } : {}) });
}

/** A mount of a local folder, counted in the user's quota unless `extra` sets quotas. */
export function mount(
  name: string,
  virtualPath: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    virtual_path: virtualPath,
    mapped_path: `/srv/folders/${name}`,
    quota_size: -1,
    quota_files: -1,
    filesystem: { provider: 0 },
    ...extra,
  };
}

/** A user with these mounts. */
export function userWithMounts(
  mounts: Record<string, unknown>[],
  overrides: Record<string, unknown> = {},
): User {
  return makeUser({ virtual_folders: mounts, ...overrides });
}
