import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeHook,
  hookFailureMessage,
  hookTargetProblem,
  isHttpHook,
} from '../../../src/common/hooks/hook-target.js';
import { HttpClientError } from '../../../src/common/hooks/http-client.js';

test('hooks are told apart by the http prefix and named in logs without credentials or query', () => {
  assert.equal(isHttpHook('https://x'), true);
  assert.equal(isHttpHook('/usr/local/bin/hook'), false);
  assert.equal(
    describeHook('https://user:pw@hooks.example:8443/n?token=t#f'),
    'https://hooks.example:8443/n',
  );
  assert.equal(describeHook('/usr/local/bin/hook'), '/usr/local/bin/hook');
  assert.equal(describeHook('http://[bad'), '<invalid URL>');
});

test('a hook that can never run is explained; an empty one is not a problem', () => {
  assert.equal(hookTargetProblem(''), undefined);
  assert.equal(hookTargetProblem('/usr/local/bin/hook'), undefined);
  assert.equal(hookTargetProblem('https://hooks.example/n'), undefined);
  assert.equal(hookTargetProblem('hooks/run.sh'), 'must be an absolute path or an HTTP URL');
  assert.equal(hookTargetProblem('http://[bad'), 'is not a valid URL');
});

test('failure messages name an HTTP hook without its password or query', () => {
  const hook = 'https://user:pw@hooks.example/n?token=s3cret';
  const err = new HttpClientError('POST https://user:***@hooks.example/n?token=s3cret failed: boom');
  assert.equal(hookFailureMessage(err, hook), 'POST https://hooks.example/n failed: boom');
  assert.equal(hookFailureMessage(new Error('exited with code 1'), '/bin/hook'), 'exited with code 1');
  assert.equal(hookFailureMessage('plain', '/bin/hook'), 'plain');
});
