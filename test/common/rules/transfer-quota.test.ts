import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hasDownloadSpace,
  hasTransferQuotaRestrictions,
  hasUploadSpace,
  isDownloadWithinTransferQuota,
  isUploadWithinTransferQuota,
  transferAllowance,
  transferQuota,
} from '../../../src/common/rules/transfer-quota.js';

const MB = 1024 * 1024;
const limits = (ul: number, dl: number, total: number) => ({
  upload_data_transfer: ul,
  download_data_transfer: dl,
  total_data_transfer: total,
});

describe('transfer quota', () => {
  it('converts MB limits and subtracts what was used', () => {
    assert.deepEqual(transferQuota(limits(1, 2, 0), { uploaded: 1000, downloaded: 5 }), {
      uploadLimit: MB,
      downloadLimit: 2 * MB,
      totalLimit: 0,
      allowedUpload: MB - 1000,
      allowedDownload: 2 * MB - 5,
      allowedTotal: 0,
    });
    assert.equal(transferQuota(limits(0, 0, 3), { uploaded: MB, downloaded: MB }).allowedTotal, MB);
  });

  it('no limits: everything allowed', () => {
    const q = transferQuota(limits(0, 0, 0), { uploaded: 1e12, downloaded: 1e12 });
    assert.equal(hasTransferQuotaRestrictions(limits(0, 0, 0)), false);
    assert.equal(hasUploadSpace(q), true);
    assert.equal(hasDownloadSpace(q), true);
    assert.equal(isUploadWithinTransferQuota(q, { received: 1e15, sent: 0 }), true);
  });

  it('separate limits', () => {
    assert.equal(hasTransferQuotaRestrictions(limits(1, 0, 0)), true);
    const q = transferQuota(limits(1, 0, 0), { uploaded: MB, downloaded: 1e12 });
    assert.equal(hasUploadSpace(q), false);
    assert.equal(hasDownloadSpace(q), true);
    const left = transferQuota(limits(1, 1, 0), { uploaded: MB - 100, downloaded: MB - 10 });
    assert.equal(hasUploadSpace(left), true);
    assert.equal(isUploadWithinTransferQuota(left, { received: 100, sent: 1e9 }), true);
    assert.equal(isUploadWithinTransferQuota(left, { received: 101, sent: 0 }), false);
    assert.equal(isDownloadWithinTransferQuota(left, { received: 1e9, sent: 10 }), true);
    assert.equal(isDownloadWithinTransferQuota(left, { received: 0, sent: 11 }), false);
  });

  it('a total limit replaces the separate ones', () => {
    const q = transferQuota(limits(100, 100, 1), { uploaded: MB / 2, downloaded: MB / 2 - 100 });
    assert.equal(q.allowedTotal, 100);
    assert.equal(hasUploadSpace(q), true);
    assert.equal(hasDownloadSpace(q), true);
    assert.equal(isUploadWithinTransferQuota(q, { received: 60, sent: 40 }), true);
    assert.equal(isUploadWithinTransferQuota(q, { received: 60, sent: 41 }), false);
    assert.equal(isDownloadWithinTransferQuota(q, { received: 0, sent: 101 }), false);
    const used = transferQuota(limits(0, 0, 1), { uploaded: MB, downloaded: 0 });
    assert.equal(hasUploadSpace(used), false);
    assert.equal(hasDownloadSpace(used), false);
  });

  it('a running transfer is not cut once the quota was already over when it started', () => {
    // As in SFTPGo: such a transfer is refused before it starts (hasUploadSpace), not while it runs.
    const over = transferQuota(limits(1, 0, 0), { uploaded: 2 * MB, downloaded: 0 });
    assert.equal(over.allowedUpload, -MB);
    assert.equal(isUploadWithinTransferQuota(over, { received: 1, sent: 0 }), true);
  });

  it('the allowance follows the limit that applies, total first, and never goes below 0', () => {
    const none = transferQuota(limits(0, 0, 0), { uploaded: 5, downloaded: 5 });
    assert.equal(transferAllowance(none, 'upload'), -1);
    assert.equal(transferAllowance(none, 'download'), -1);
    const split = transferQuota(limits(2, 0, 0), { uploaded: MB, downloaded: 7 });
    assert.equal(transferAllowance(split, 'upload'), MB);
    assert.equal(transferAllowance(split, 'download'), -1);
    const total = transferQuota(limits(2, 1, 3), { uploaded: MB, downloaded: MB });
    assert.equal(transferAllowance(total, 'upload'), MB);
    assert.equal(transferAllowance(total, 'download'), MB);
    const over = transferQuota(limits(0, 1, 0), { uploaded: 0, downloaded: 2 * MB });
    assert.equal(transferAllowance(over, 'download'), 0);
  });
});
