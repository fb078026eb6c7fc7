import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpClientConfig } from '../../../src/common/hooks/http-client.js';
import { HttpClient, HttpClientError, redactUrl } from '../../../src/common/hooks/http-client.js';

const config: HttpClientConfig = {
  timeout: 2,
  retry_wait_min: 0.01,
  retry_wait_max: 0.05,
  retry_max: 2,
  ca_certificates: [],
  certificates: [],
  skip_tls_verify: false,
  headers: [{ key: 'X-Hook', value: 'yes', url: 'http://127.0.0.1' }],
};

async function receiver(
  t: { after(fn: () => unknown): void },
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('retries 5xx answers and returns the final answer', async (t) => {
  let calls = 0;
  const url = await receiver(t, (req, res) => {
    calls++;
    res.statusCode = calls < 3 ? 503 : 200;
    res.end(`call ${calls} ${req.headers['x-hook']}`);
  });
  const answer = await new HttpClient(config).call({ method: 'GET', url, retry: true });
  assert.equal(answer.status, 200);
  assert.equal(answer.body, 'call 3 yes');
});

test('without retry the first answer is returned, whatever its status', async (t) => {
  let calls = 0;
  const url = await receiver(t, (_req, res) => {
    calls++;
    res.statusCode = 500;
    res.end();
  });
  const answer = await new HttpClient(config).call({ method: 'POST', url, body: '{}', retry: false });
  assert.equal(answer.status, 500);
  assert.equal(calls, 1);
});

test('POST sends the body; retries stop after retry_max and fail with a typed error', async (t) => {
  const bodies: string[] = [];
  const url = await receiver(t, (_req, res, body) => {
    bodies.push(body);
    res.statusCode = 502;
    res.end();
  });
  await assert.rejects(
    new HttpClient(config).call({ method: 'POST', url, body: '{"a":1}', retry: true }),
    HttpClientError,
  );
  assert.deepEqual(bodies, ['{"a":1}', '{"a":1}', '{"a":1}']);
});

test('a receiver that never answers fails after the time limit', async (t) => {
  const url = await receiver(t, () => {});
  const started = Date.now();
  await assert.rejects(
    new HttpClient({ ...config, timeout: 1, retry_max: 0 }).call({ method: 'GET', url, retry: true }),
    /no answer/,
  );
  assert.ok(Date.now() - started < 3000);
});

test('redactUrl hides passwords', () => {
  assert.equal(redactUrl('http://user:secret@host/path'), 'http://user:***@host/path');
  assert.equal(redactUrl('not a url'), '<invalid URL>');
});
