/**
 * Whether two virtual paths are on the same storage resource, which decides whether a rename between
 * them is possible at all.
 *
 * A rename inside one mount (or inside the user's own storage) is always possible. Between two
 * different storages it is possible only when they are the same resource: the same bucket, container or
 * server. The backend then either renames natively or, when the two sides have different roots (the
 * home directory and a local folder, two folders of the same bucket with different prefixes…), copies
 * and deletes. Between different resources (S3 and local disk, two buckets) a rename is refused.
 */
import type { FilesystemConfig, User } from '../../dataprovider/models/index.js';
import { FS_PROVIDERS } from '../../dataprovider/models/index.js';
import { resolveVirtualFolder } from './virtual-folders.js';

/** What the storage comparison reads from a user. */
export type StorageHolder = Pick<User, 'virtual_folders' | 'filesystem'>;

/** True when both remote-server configurations name the same server (see {@link sameResource}). */
function sameServer(
  a: { endpoint: string; username: string; equality_check_mode: number },
  b: { endpoint: string; username: string; equality_check_mode: number },
): boolean {
  // Mode 1 ("relaxed") means the endpoint alone identifies the server. SFTPGo documents it so but its
  // code compares usernames only in mode 1; we follow the documentation, and relax only when both
  // configurations ask for it.
  const relaxed = a.equality_check_mode === 1 && b.equality_check_mode === 1;
  if (!relaxed && a.username !== b.username) return false;
  return a.endpoint === b.endpoint;
}

/**
 * True when two storage configurations point to the same resource: the same provider and, per provider,
 * the same S3 bucket, endpoint and region; GCS bucket; Azure account, container, endpoint and SAS URL;
 * encryption passphrase (encrypted local storage); SFTP or HTTP server. Any two local disks are the same
 * resource. Secrets are compared as stored: the same passphrase encrypted twice does not compare equal.
 */
export function sameResource(a: FilesystemConfig, b: FilesystemConfig): boolean {
  if (a.provider !== b.provider) return false;
  switch (a.provider) {
    case FS_PROVIDERS.s3:
      return (
        a.s3config.bucket === b.s3config.bucket &&
        a.s3config.endpoint === b.s3config.endpoint &&
        a.s3config.region === b.s3config.region
      );
    case FS_PROVIDERS.gcs:
      return a.gcsconfig.bucket === b.gcsconfig.bucket;
    case FS_PROVIDERS.azureBlob:
      return (
        a.azblobconfig.account_name === b.azblobconfig.account_name &&
        a.azblobconfig.container === b.azblobconfig.container &&
        a.azblobconfig.endpoint === b.azblobconfig.endpoint &&
        a.azblobconfig.sas_url.payload === b.azblobconfig.sas_url.payload
      );
    case FS_PROVIDERS.crypt:
      return a.cryptconfig.passphrase.payload === b.cryptconfig.passphrase.payload;
    case FS_PROVIDERS.sftp:
      return sameServer(a.sftpconfig, b.sftpconfig);
    case FS_PROVIDERS.http:
      return sameServer(a.httpconfig, b.httpconfig);
    default:
      return true;
  }
}

/**
 * True when two virtual paths are on the same storage resource, so a rename between them may proceed:
 * both in the user's own storage, both in the same folder, or in storages that are the same resource
 * (see {@link sameResource}).
 */
export function sameStorage(user: StorageHolder, a: string, b: string): boolean {
  const ma = resolveVirtualFolder(user, a);
  const mb = resolveVirtualFolder(user, b);
  if (ma === undefined && mb === undefined) return true;
  if (ma !== undefined && mb !== undefined) {
    return ma.folder.name === mb.folder.name || sameResource(ma.folder.filesystem, mb.folder.filesystem);
  }
  const folder = (ma ?? mb)?.folder;
  return folder !== undefined && sameResource(folder.filesystem, user.filesystem);
}
