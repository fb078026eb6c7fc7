import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PasswordError,
  PasswordFormatError,
  PasswordHasherClosedError,
  PasswordOptionsError,
  PasswordQueueFullError,
  PasswordTooLongError,
  PasswordWorkerError,
} from '../../../src/dataprovider/password/index.js';

test('each error has its class name, a stable code and keeps its cause', () => {
  const cause = new Error('underlying');
  const errors: [PasswordError, string, string][] = [
    [new PasswordFormatError('m', { cause }), 'PasswordFormatError', 'ERR_PASSWORD_FORMAT'],
    [new PasswordTooLongError('m', { maxBytes: 72, cause }), 'PasswordTooLongError', 'ERR_PASSWORD_TOO_LONG'],
    [new PasswordOptionsError('m', { cause }), 'PasswordOptionsError', 'ERR_PASSWORD_OPTIONS'],
    [new PasswordQueueFullError('m', { cause }), 'PasswordQueueFullError', 'ERR_PASSWORD_QUEUE_FULL'],
    [
      new PasswordHasherClosedError('m', { cause }),
      'PasswordHasherClosedError',
      'ERR_PASSWORD_HASHER_CLOSED',
    ],
    [new PasswordWorkerError('m', { cause }), 'PasswordWorkerError', 'ERR_PASSWORD_WORKER'],
  ];
  for (const [error, name, code] of errors) {
    assert.ok(error instanceof Error && error instanceof PasswordError);
    assert.equal(error.name, name);
    assert.equal(error.code, code);
    assert.equal(error.cause, cause);
    assert.equal(error.message, 'm');
  }
});
