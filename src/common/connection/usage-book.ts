/**
 * A session's reads and writes of usage counters in the data provider: disk quota usage (user and
 * folders), data transfer counters, first upload/download times.
 */
import type { DataProvider, User } from '../../dataprovider/index.js';
import type { Logger } from '../../logger/index.js';
import type { QuotaTarget, QuotaUsage, TransferQuota } from '../rules/index.js';
import {
  hasQuotaRestrictions,
  hasTransferQuotaRestrictions,
  isIncludedInUserQuota,
  resolveVirtualFolder,
  transferQuota,
} from '../rules/index.js';
import type { QuotaDelta } from '../transfer/transfer-host.js';

/** See the file comment. Updates never throw: a failure is logged (the operation itself succeeded). */
export class UsageBook {
  readonly #provider: DataProvider;
  readonly #user: User;
  readonly #logger: Logger;
  readonly #sender: string;
  readonly #firstDone = { upload: false, download: false };

  constructor(options: {
    readonly provider: DataProvider;
    readonly user: User;
    readonly logger: Logger;
    /** Log sender of warnings (the protocol). */
    readonly sender: string;
  }) {
    this.#provider = options.provider;
    this.#user = options.user;
    this.#logger = options.logger;
    this.#sender = options.sender;
  }

  /** Usage and limits of a quota target, read fresh from the provider when limits apply. */
  async usage(target: QuotaTarget): Promise<QuotaUsage> {
    const limits = target.limits;
    if (!hasQuotaRestrictions(limits, true)) return { ...limits, usedSize: 0, usedFiles: 0 };
    if (target.kind === 'user') {
      const fresh = (await this.#provider.users.get(this.#user.username)) ?? this.#user;
      return { ...limits, usedSize: fresh.used_quota_size, usedFiles: fresh.used_quota_files };
    }
    const folder = await this.#provider.folders.get(target.folderName);
    return { ...limits, usedSize: folder?.used_quota_size ?? 0, usedFiles: folder?.used_quota_files ?? 0 };
  }

  /** The user's data transfer allowance now; undefined when the user has no such limit. */
  async transferQuota(): Promise<TransferQuota | undefined> {
    if (!hasTransferQuotaRestrictions(this.#user)) return undefined;
    const fresh = (await this.#provider.users.get(this.#user.username)) ?? this.#user;
    return transferQuota(this.#user, {
      uploaded: fresh.used_upload_data_transfer,
      downloaded: fresh.used_download_data_transfer,
    });
  }

  /**
   * Adds `delta` to the usage of whoever files in the directory `dir` count against: its folder (even
   * one counted in the user's quota, as SFTPGo keeps both), and the user unless the folder has its own.
   */
  async apply(dir: string, delta: QuotaDelta): Promise<void> {
    if (this.#provider.trackQuota === 0 || (delta.files === 0 && delta.size === 0)) return;
    const mount = resolveVirtualFolder(this.#user, dir);
    try {
      if (mount !== undefined) await this.#provider.folders.updateQuota(mount.folder.name, delta);
      if (mount === undefined || isIncludedInUserQuota(mount.folder)) {
        await this.#provider.users.updateQuota(this.#user, delta);
      }
    } catch (err) {
      this.#logger.warn(this.#sender, `cannot update the quota for ${JSON.stringify(dir)}`, {
        error: String(err),
      });
    }
  }

  /** Adds transferred bytes to the user's data transfer counters. */
  async applyTransfer(uploaded: number, downloaded: number): Promise<void> {
    if (this.#provider.trackQuota === 0 || (uploaded === 0 && downloaded === 0)) return;
    try {
      await this.#provider.users.updateTransferQuota(this.#user, { upload: uploaded, download: downloaded });
    } catch (err) {
      this.#logger.warn(this.#sender, 'cannot update the data transfer quota', { error: String(err) });
    }
  }

  /** Records the user's first upload or download; true only when this call recorded it. */
  async markFirst(kind: 'upload' | 'download'): Promise<boolean> {
    const already = kind === 'upload' ? this.#user.first_upload : this.#user.first_download;
    if (already > 0 || this.#firstDone[kind]) return false;
    try {
      const users = this.#provider.users;
      const first =
        kind === 'upload'
          ? await users.setFirstUpload(this.#user.username)
          : await users.setFirstDownload(this.#user.username);
      this.#firstDone[kind] = true;
      return first;
    } catch {
      return false;
    }
  }
}
