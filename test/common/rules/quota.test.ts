import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QuotaUsage, UploadQuotaRequest } from '../../../src/common/rules/quota.js';
import {
  availableUploadSpace,
  checkQuota,
  checkQuotaForUpload,
  checkRenameQuota,
  hasQuotaRestrictions,
  isIncludedInUserQuota,
  isWithinWriteLimit,
  quotaDeltaAfterUpload,
  quotaTargetForPath,
  renameNeedsQuotaCheck,
} from '../../../src/common/rules/quota.js';
import { transferQuota } from '../../../src/common/rules/transfer-quota.js';
import { mount, userWithMounts } from './users.js';

const usage = (quotaSize: number, quotaFiles: number, usedSize: number, usedFiles: number): QuotaUsage => ({
  quotaSize,
  quotaFiles,
  usedSize,
  usedFiles,
});

const user = userWithMounts(
  [
    mount('inc', '/inc'),
    mount('inc2', '/inc2'),
    mount('own', '/own', { quota_size: 500, quota_files: 5 }),
    mount('own2', '/own2', { quota_size: 100, quota_files: 1 }),
    mount('unl', '/unl', { quota_size: 0, quota_files: 0 }),
  ],
  { quota_size: 1000, quota_files: 10 },
);

describe('quotaTargetForPath', () => {
  it('uses the folder quota unless the folder is counted in the user quota', () => {
    const cases: [string, string][] = [
      ['/f', 'user 1000 10'],
      ['/d/f', 'user 1000 10'],
      ['/inc/f', 'user 1000 10'],
      ['/own/f', 'folder own 500 5'],
      ['/own/sub/f', 'folder own 500 5'],
      ['/unl/f', 'folder unl 0 0'],
      ['/own', 'user 1000 10'],
      ['/ownx/f', 'user 1000 10'],
    ];
    for (const [p, expected] of cases) {
      const t = quotaTargetForPath(user, p);
      const name = t.kind === 'folder' ? ` ${t.folderName}` : '';
      assert.equal(`${t.kind}${name} ${t.limits.quotaSize} ${t.limits.quotaFiles}`, expected, p);
    }
  });

  it('isIncludedInUserQuota needs both limits at -1', () => {
    assert.equal(isIncludedInUserQuota({ quota_size: -1, quota_files: -1 }), true);
    assert.equal(isIncludedInUserQuota({ quota_size: 0, quota_files: 0 }), false);
    assert.equal(isIncludedInUserQuota({ quota_size: -1, quota_files: 0 }), false);
  });
});

describe('checkQuota', () => {
  it('reaches a limit when the usage equals it', () => {
    assert.deepEqual(checkQuota(usage(100, 0, 99, 0), true), {
      hasSpace: true,
      remainingSize: 1,
      remainingFiles: -1,
    });
    assert.deepEqual(checkQuota(usage(100, 0, 100, 0), true), {
      hasSpace: false,
      remainingSize: 0,
      remainingFiles: -1,
    });
    assert.deepEqual(checkQuota(usage(100, 0, 101, 0), true), {
      hasSpace: false,
      remainingSize: -1,
      remainingFiles: -1,
    });
  });

  it('counts files only when asked', () => {
    assert.equal(checkQuota(usage(0, 10, 5000, 10), true).hasSpace, false);
    assert.deepEqual(checkQuota(usage(0, 10, 5000, 10), false), {
      hasSpace: true,
      remainingSize: -1,
      remainingFiles: 0,
    });
    assert.equal(checkQuota(usage(0, 10, 0, 9), true).hasSpace, true);
  });

  it('0 means unlimited', () => {
    assert.deepEqual(checkQuota(usage(0, 0, 1e12, 1e6), true), {
      hasSpace: true,
      remainingSize: -1,
      remainingFiles: -1,
    });
    assert.equal(hasQuotaRestrictions({ quotaSize: 0, quotaFiles: 0 }, true), false);
    assert.equal(hasQuotaRestrictions({ quotaSize: 0, quotaFiles: 3 }, false), false);
    assert.equal(hasQuotaRestrictions({ quotaSize: 0, quotaFiles: 3 }, true), true);
    assert.equal(hasQuotaRestrictions({ quotaSize: 1, quotaFiles: 0 }, false), true);
  });
});

describe('checkQuotaForUpload', () => {
  const upload = (parts: Partial<UploadQuotaRequest>): string => {
    const d = checkQuotaForUpload({
      usage: usage(0, 0, 0, 0),
      maxUploadFileSize: 0,
      mode: 'new',
      existingSize: 0,
      ...parts,
    });
    return d.allowed ? `allowed ${d.maxWriteSize}` : `${d.error}`;
  };

  it('new files', () => {
    assert.equal(upload({}), 'allowed -1');
    assert.equal(upload({ usage: usage(100, 10, 40, 3) }), 'allowed 60');
    assert.equal(upload({ usage: usage(100, 10, 99, 3) }), 'allowed 1');
    assert.equal(upload({ usage: usage(100, 10, 100, 3) }), 'quota-exceeded');
    assert.equal(upload({ usage: usage(100, 10, 150, 3) }), 'quota-exceeded');
    assert.equal(upload({ usage: usage(100, 10, 10, 10) }), 'quota-exceeded');
    assert.equal(upload({ usage: usage(0, 10, 10, 9) }), 'allowed -1');
  });

  it('overwrites add no file and may reuse the replaced bytes', () => {
    assert.equal(upload({ mode: 'overwrite', usage: usage(0, 10, 10, 10), existingSize: 5 }), 'allowed -1');
    assert.equal(upload({ mode: 'overwrite', usage: usage(100, 0, 90, 0), existingSize: 30 }), 'allowed 40');
    assert.equal(
      upload({ mode: 'overwrite', usage: usage(100, 0, 100, 0), existingSize: 30 }),
      'quota-exceeded',
    );
    assert.equal(upload({ mode: 'overwrite', usage: usage(100, 10, 60, 10), existingSize: 0 }), 'allowed 40');
  });

  it('max_upload_file_size bounds the final size', () => {
    assert.equal(upload({ maxUploadFileSize: 50 }), 'allowed 50');
    assert.equal(upload({ maxUploadFileSize: 50, usage: usage(100, 0, 70, 0) }), 'allowed 30');
    assert.equal(upload({ maxUploadFileSize: 50, usage: usage(100, 0, 20, 0) }), 'allowed 50');
    assert.equal(
      upload({ mode: 'overwrite', maxUploadFileSize: 50, usage: usage(100, 0, 90, 0), existingSize: 30 }),
      'allowed 40',
    );
    assert.equal(
      upload({ mode: 'overwrite', maxUploadFileSize: 50, usage: usage(100, 0, 70, 0), existingSize: 30 }),
      'allowed 50',
    );
  });

  it('resumes count from the resume offset', () => {
    assert.equal(upload({ mode: 'resume', existingSize: 20 }), 'allowed -1');
    assert.equal(upload({ mode: 'resume', existingSize: 20, maxUploadFileSize: 50 }), 'allowed 30');
    assert.equal(
      upload({ mode: 'resume', existingSize: 20, maxUploadFileSize: 50, usage: usage(100, 0, 90, 0) }),
      'allowed 10',
    );
    assert.equal(upload({ mode: 'resume', existingSize: 20, usage: usage(100, 0, 90, 0) }), 'allowed 10');
    assert.equal(upload({ mode: 'resume', existingSize: 20, maxUploadFileSize: 20 }), 'quota-exceeded');
    assert.equal(upload({ mode: 'resume', existingSize: 20, maxUploadFileSize: 10 }), 'quota-exceeded');
    assert.equal(upload({ mode: 'resume', existingSize: 20, resumeSupported: false }), 'unsupported');
    assert.equal(upload({ mode: 'resume', existingSize: 20, usage: usage(0, 10, 0, 10) }), 'allowed -1');
  });

  it('an exhausted data transfer quota refuses uploads', () => {
    const limits = { upload_data_transfer: 1, download_data_transfer: 0, total_data_transfer: 0 };
    assert.equal(
      upload({ transfer: transferQuota(limits, { uploaded: 1024 * 1024, downloaded: 0 }) }),
      'quota-exceeded',
    );
    assert.equal(upload({ transfer: transferQuota(limits, { uploaded: 1, downloaded: 0 }) }), 'allowed -1');
  });

  it('the write limit is inclusive', () => {
    assert.equal(isWithinWriteLimit(40, 40), true);
    assert.equal(isWithinWriteLimit(40, 41), false);
    assert.equal(isWithinWriteLimit(-1, 1e15), true);
    assert.equal(isWithinWriteLimit(0, 1), false);
  });

  it('quota usage changes after an upload', () => {
    assert.deepEqual(quotaDeltaAfterUpload({ createdFile: true, finalSize: 100, countedSize: 0 }), {
      files: 1,
      size: 100,
    });
    assert.deepEqual(quotaDeltaAfterUpload({ createdFile: false, finalSize: 30, countedSize: 100 }), {
      files: 0,
      size: -70,
    });
    assert.deepEqual(quotaDeltaAfterUpload({ createdFile: false, finalSize: 150, countedSize: 100 }), {
      files: 0,
      size: 50,
    });
  });
});

describe('rename quota', () => {
  it('renameNeedsQuotaCheck', () => {
    const cases: [string, string, boolean][] = [
      ['/a', '/b', false],
      ['/own/a', '/own/b', false],
      ['/a', '/inc/a', false],
      ['/inc/a', '/a', false],
      ['/a', '/own/a', true],
      ['/own/a', '/a', true],
      ['/own/a', '/own2/a', true],
      ['/inc/a', '/own/a', true],
      ['/inc/a', '/inc2/a', true],
      ['/unl/a', '/a', true],
    ];
    for (const [s, t, expected] of cases)
      assert.equal(renameNeedsQuotaCheck(user, s, t), expected, `${s} ${t}`);
  });

  it('checkRenameQuota', () => {
    const file = (size: number) => ({ kind: 'file', size }) as const;
    assert.equal(checkRenameQuota({ usage: usage(0, 0, 500, 5), moved: file(1e9) }), true);
    assert.equal(checkRenameQuota({ usage: usage(100, 10, 50, 5), moved: file(50) }), true);
    assert.equal(checkRenameQuota({ usage: usage(100, 10, 50, 5), moved: file(51) }), false);
    assert.equal(checkRenameQuota({ usage: usage(100, 10, 50, 9), moved: file(10) }), true);
    assert.equal(checkRenameQuota({ usage: usage(100, 10, 50, 10), moved: file(10) }), false);
    const dir = { kind: 'dir', files: 3, size: 20 } as const;
    assert.equal(checkRenameQuota({ usage: usage(100, 10, 50, 8), moved: dir }), false);
    assert.equal(checkRenameQuota({ usage: usage(100, 10, 50, 7), moved: dir }), true);
    assert.equal(checkRenameQuota({ usage: usage(100, 10, 81, 0), moved: dir }), false);
    assert.equal(checkRenameQuota({ usage: usage(100, 10, 50, 5), moved: { kind: 'other' } }), true);
    assert.equal(checkRenameQuota({ usage: usage(100, 10, 100, 5), moved: { kind: 'other' } }), false);
  });

  it('checkRenameQuota when replacing a file', () => {
    const file = (size: number) => ({ kind: 'file', size }) as const;
    assert.equal(
      checkRenameQuota({ usage: usage(100, 0, 100, 0), moved: file(30), overwrittenSize: 40 }),
      true,
    );
    assert.equal(
      checkRenameQuota({ usage: usage(100, 0, 100, 0), moved: file(30), overwrittenSize: 30 }),
      true,
    );
    assert.equal(
      checkRenameQuota({ usage: usage(100, 0, 100, 0), moved: file(30), overwrittenSize: 20 }),
      false,
    );
    assert.equal(
      checkRenameQuota({ usage: usage(0, 10, 0, 10), moved: file(30), overwrittenSize: 20 }),
      true,
    );
    // A full files limit does not matter: a replacement adds no file.
    assert.equal(
      checkRenameQuota({ usage: usage(100, 1, 50, 1), moved: file(30), overwrittenSize: 20 }),
      true,
    );
    assert.equal(
      checkRenameQuota({ usage: usage(100, 0, 50, 0), moved: file(80), overwrittenSize: 20 }),
      false,
    );
    assert.equal(
      checkRenameQuota({ usage: usage(100, 0, 50, 0), moved: file(80), overwrittenSize: 40 }),
      true,
    );
  });
});

describe('availableUploadSpace', () => {
  const limits = (ul: number, total: number) => ({
    upload_data_transfer: ul,
    download_data_transfer: 0,
    total_data_transfer: total,
  });
  const MB = 1024 * 1024;

  it('asks the storage when nothing limits uploads', () => {
    assert.equal(availableUploadSpace({ usage: usage(0, 0, 0, 0), maxUploadFileSize: 0 }), 'storage');
    assert.equal(availableUploadSpace({ usage: usage(0, 10, 0, 10), maxUploadFileSize: 0 }), 'storage');
    assert.equal(availableUploadSpace({ usage: usage(0, 0, 0, 0), maxUploadFileSize: 100 }), 100);
  });

  it('takes the smallest limit', () => {
    assert.equal(availableUploadSpace({ usage: usage(1000, 0, 400, 0), maxUploadFileSize: 0 }), 600);
    assert.equal(availableUploadSpace({ usage: usage(1000, 0, 400, 0), maxUploadFileSize: 100 }), 100);
    assert.equal(availableUploadSpace({ usage: usage(1000, 0, 400, 0), maxUploadFileSize: 1000 }), 600);
    const transfer = transferQuota(limits(1, 0), { uploaded: MB - 50, downloaded: 0 });
    assert.equal(availableUploadSpace({ usage: usage(1000, 0, 400, 0), maxUploadFileSize: 0, transfer }), 50);
    assert.equal(availableUploadSpace({ usage: usage(0, 0, 0, 0), maxUploadFileSize: 0, transfer }), 50);
    const total = transferQuota(limits(1, 1), { uploaded: MB - 70, downloaded: 0 });
    assert.equal(
      availableUploadSpace({ usage: usage(1000, 0, 400, 0), maxUploadFileSize: 0, transfer: total }),
      70,
    );
  });

  it('is 0 when a quota is exhausted', () => {
    assert.equal(availableUploadSpace({ usage: usage(1000, 0, 1000, 0), maxUploadFileSize: 0 }), 0);
    const transfer = transferQuota(limits(1, 0), { uploaded: MB, downloaded: 0 });
    assert.equal(availableUploadSpace({ usage: usage(0, 0, 0, 0), maxUploadFileSize: 0, transfer }), 0);
  });
});
