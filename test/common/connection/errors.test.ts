import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActionDeniedError } from '../../../src/common/actions/fs-action-event.js';
import type { ConnectionError } from '../../../src/common/connection/index.js';
import {
  ExistsError,
  FailureError,
  InvalidPathError,
  NotEmptyError,
  NotFoundError,
  PermissionDeniedError,
  UnsupportedError,
  connectionErrorFromDecision,
  parseUmask,
  toConnectionError,
  uploadStrategy,
} from '../../../src/common/connection/index.js';
import type { FsErrorClass } from '../../../src/vfs/index.js';
import {
  FsAbortedError,
  FsClosedError,
  FsCrossDeviceError,
  FsError,
  FsExistsError,
  FsInvalidArgumentError,
  FsInvalidPathError,
  FsIsDirectoryError,
  FsNoSpaceError,
  FsNotDirectoryError,
  FsNotEmptyError,
  FsNotFoundError,
  FsOutsideRootError,
  FsPermissionError,
  FsSymlinkLoopError,
  FsUnsupportedError,
} from '../../../src/vfs/index.js';

test('every storage error maps to one connection error, keeping it as cause', () => {
  const table: [FsErrorClass, new (...args: never[]) => ConnectionError][] = [
    [FsError, FailureError],
    [FsNotFoundError, NotFoundError],
    [FsPermissionError, PermissionDeniedError],
    [FsOutsideRootError, PermissionDeniedError],
    [FsExistsError, ExistsError],
    [FsNotDirectoryError, FailureError],
    [FsIsDirectoryError, FailureError],
    [FsNotEmptyError, NotEmptyError],
    [FsUnsupportedError, UnsupportedError],
    [FsCrossDeviceError, UnsupportedError],
    [FsInvalidPathError, InvalidPathError],
    [FsSymlinkLoopError, FailureError],
    [FsNoSpaceError, FailureError],
    [FsInvalidArgumentError, FailureError],
    [FsAbortedError, FailureError],
    [FsClosedError, FailureError],
  ];
  for (const [fsClass, connClass] of table) {
    const cause = new fsClass('boom');
    const mapped = toConnectionError(cause, '/a/b');
    assert.ok(mapped instanceof connClass, `${fsClass.name} -> ${connClass.name}, got ${mapped.name}`);
    assert.equal(mapped.cause, cause);
    assert.equal(mapped.virtualPath, '/a/b');
    assert.match(mapped.code, /^CONN_/);
  }
});

test('denials, denying actions and unknown errors map too; connection errors pass through', () => {
  const base = { allowed: false, reason: 'missing-permission', path: '/x', message: 'no' } as const;
  assert.ok(
    connectionErrorFromDecision({ ...base, error: 'permission-denied' }) instanceof PermissionDeniedError,
  );
  assert.ok(connectionErrorFromDecision({ ...base, error: 'not-found' }) instanceof NotFoundError);
  assert.ok(connectionErrorFromDecision({ ...base, error: 'unsupported' }) instanceof UnsupportedError);
  assert.ok(toConnectionError(new ActionDeniedError('hook exit 1')) instanceof PermissionDeniedError);
  const odd = toConnectionError('weird');
  assert.ok(odd instanceof FailureError);
  assert.equal(odd.code, 'CONN_FAILURE');
  const same = new NotFoundError('gone');
  assert.equal(toConnectionError(same), same);
});

test('settings: upload strategies and umask parsing', () => {
  assert.equal(uploadStrategy(0), 'standard');
  assert.equal(uploadStrategy(1), 'atomic');
  assert.equal(uploadStrategy(2), 'atomic-resume');
  assert.equal(uploadStrategy(3), 'atomic-resume');
  assert.equal(uploadStrategy(4), 'standard');
  assert.equal(parseUmask(''), 0);
  assert.equal(parseUmask('022'), 0o022);
  assert.throws(() => parseUmask('9'), FailureError);
});
