import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError, errorReply } from '../../src/httpd/api/errors.js';
import {
  InvalidDumpError,
  ObjectConflictError,
  ObjectNotFoundError,
  QuotaTrackingDisabledError,
  ValidationError,
} from '../../src/dataprovider/index.js';

test('failures map to SFTPGo statuses with the {error, message} shape', () => {
  const cases: [unknown, number][] = [
    [new ValidationError('filters.allowed_ip[2]', 'bad network'), 400],
    [new InvalidDumpError('users[0] (a): home_dir: bad'), 400],
    [new ObjectNotFoundError('user', 'x'), 404],
    [new ObjectConflictError('user', 'x', 'already exists'), 409],
    [new QuotaTrackingDisabledError(), 403],
    [new HttpError(418, 'teapot', { hint: 'short and stout' }), 418],
    [new Error('secret internals'), 500],
  ];
  for (const [err, status] of cases) {
    const reply = errorReply(err);
    assert.equal(reply.status, status, String(err));
    assert.equal(typeof reply.body.error, 'string');
    assert.equal(typeof reply.body.message, 'string');
  }
  assert.equal(errorReply(new Error('secret internals')).body.error, 'Internal Server Error', 'no leak');
  assert.match(
    errorReply(new ValidationError('filters.allowed_ip[2]', 'bad')).body.error ?? '',
    /^filters\.allowed_ip\[2\]: /,
  );
});

test('schema validation issues name the field as a JSON path', () => {
  const fastifyError = (instancePath: string, params: Record<string, unknown>, message: string) =>
    Object.assign(new Error('validation'), {
      statusCode: 400,
      validation: [{ instancePath, params, message }],
      validationContext: 'body',
    });
  assert.equal(
    errorReply(fastifyError('/virtual_folders/1/quota_size', {}, 'must be integer')).body.error,
    'virtual_folders[1].quota_size: must be integer',
  );
  assert.equal(
    errorReply(
      fastifyError('', { missingProperty: 'new_password' }, "must have required property 'new_password'"),
    ).body.error,
    "new_password: must have required property 'new_password'",
  );
  assert.equal(
    errorReply(fastifyError('/permissions/~1dir', {}, 'must be array')).body.error,
    'permissions./dir: must be array',
  );
});
