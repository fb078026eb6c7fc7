// Walks every operation of the served OpenAPI document: each one must answer 401 without
// credentials, 403 to an admin without its permission, 404 for an unknown object and 400 naming
// the field for a body of the wrong shape, and each answer must match the document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, startApi } from './harness.js';

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly security?: unknown[];
  readonly permission?: string;
  readonly bodySchema?: { $ref?: string; properties?: Record<string, { type?: string }> };
  readonly hasPathParams: boolean;
  /** Creations (POST) and lists (an array answer) have no object to miss, even under a path parameter. */
  readonly canMiss: boolean;
  /** Examples of path parameters (a well-formed value that names no object), by name. */
  readonly examples: Readonly<Record<string, string>>;
}

type Doc = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, { properties?: Record<string, { type?: string }> }> };
};

function operations(doc: Doc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const body = (
        op['requestBody'] as { content: Record<string, { schema: Operation['bodySchema'] }> } | undefined
      )?.content['application/json']?.schema;
      return {
        method: method.toUpperCase(),
        path,
        ...(op['security'] ? { security: op['security'] as unknown[] } : {}),
        ...(typeof op['x-sftpgo-permission'] === 'string' ? { permission: op['x-sftpgo-permission'] } : {}),
        ...(body ? { bodySchema: body } : {}),
        hasPathParams: path.includes('{'),
        canMiss:
          method !== 'post' &&
          (op['responses'] as Record<string, { content?: Record<string, { schema?: { type?: string } }> }>)[
            '200'
          ]?.content?.['application/json']?.schema?.type !== 'array',
        examples: Object.fromEntries(
          (
            (op['parameters'] as { name: string; in: string; schema: { example?: unknown } }[] | undefined) ??
            []
          )
            .filter((p) => p.in === 'path' && p.schema.example !== undefined)
            .map((p) => [p.name, String(p.schema.example)]),
        ),
      };
    }),
  );
}

/** A URL for the operation, with `value` for every path parameter that has no example. */
function url(op: Operation, value: string): string {
  const prefix = op.path === '/healthz' ? '' : '/api/v2';
  return (
    prefix +
    op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(op.examples[name] ?? value))
  );
}

/** A value of another JSON type than the schema's. */
function wrongValue(type: string | undefined): unknown {
  return type === 'string' ? 12 : 'not-a-number';
}

test('every operation answers 401, 403, 404 and 400 as documented', async (t) => {
  const api = await startApi(t);
  const token = await api.token();
  const doc = (await api.request('GET', '/openapi', { unchecked: true })).json as Doc;
  const ops = operations(doc);
  assert.ok(ops.length >= 35, `${ops.length} operations`);

  const weak = { username: 'weak', password: 'weak-password' };
  const weakPermissions = ['view_defender'];
  const added = await api.request('POST', '/api/v2/admins', {
    token,
    body: { ...weak, status: 1, permissions: weakPermissions },
  });
  assert.equal(added.status, 201, added.text);
  const weakToken = await api.token(weak);

  for (const op of ops) {
    const isPublic = Array.isArray(op.security) && op.security.length === 0;
    const target = url(op, 'missing-object');
    if (isPublic) {
      assert.equal((await api.request(op.method, target)).status, 200);
    } else {
      const res = await api.request(op.method, target, op.bodySchema ? { body: {} } : {});
      assertError(res, 401);
    }
    if (op.permission !== undefined && !weakPermissions.includes(op.permission)) {
      const res = await api.request(op.method, target, {
        token: weakToken,
        ...(op.bodySchema ? { body: {} } : {}),
      });
      assertError(res, 403);
    }
    if (op.hasPathParams && op.canMiss) {
      const res = await api.request(op.method, target, { token, ...(op.bodySchema ? { body: {} } : {}) });
      assertError(res, 404);
    }
    if (op.bodySchema !== undefined) {
      const name = op.bodySchema.$ref?.split('/').pop();
      const properties = (name ? doc.components.schemas[name]?.properties : op.bodySchema.properties) ?? {};
      const [field, schema] = Object.entries(properties)[0] ?? [];
      assert.ok(field, `${op.method} ${op.path} body has properties`);
      const res = await api.request(op.method, url(op, 'root'), {
        token,
        body: { [field]: wrongValue(schema?.type) },
      });
      // The error names a field of the body (a required one may come first).
      assertError(res, 400, new RegExp(Object.keys(properties).join('|')));
    }
  }
  for (const op of ops) {
    assert.ok(
      [...api.checker.seen].some((s) => s.startsWith(`${op.method} ${op.path} `)),
      `${op.method} ${op.path} was exercised`,
    );
  }
});

test('the response check rejects bodies and statuses the document does not describe', async (t) => {
  const api = await startApi(t);
  const { checker } = api;
  assert.throws(
    () => checker.check('GET', '/api/v2/users', 200, 'application/json', { not: 'a list' }),
    /does not match/,
  );
  assert.throws(
    () => checker.check('GET', '/api/v2/users', 200, 'application/json', [{ username: 7 }]),
    /does not match/,
  );
  assert.throws(() => checker.check('GET', '/api/v2/users', 418, 'application/json', {}), /does not list/);
  assert.throws(
    () => checker.check('GET', '/api/v2/users/x', 404, 'application/json', { error: 'x', extra: 1 }),
    /does not match/,
  );
  assert.throws(
    () => checker.check('GET', '/api/v2/nowhere', 200, 'application/json', {}),
    /not in the OpenAPI document/,
  );
  checker.check('GET', '/api/v2/users', 200, 'application/json', [{ username: 'alice', status: 1 }]);
});
