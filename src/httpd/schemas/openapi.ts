/**
 * The OpenAPI 3.0 document of the REST API, generated from the route list: what fastify validates
 * is what the document says. Named schemas become `$ref`s to `components.schemas`.
 */
import { version } from '../../version.js';
import type { ApiRoute } from '../api/route.js';
import { statusText } from '../api/errors.js';
import type { JsonSchema } from './json-schema.js';
import { NAMED_SCHEMAS } from './models.js';

type Json = Record<string, unknown>;

const SCHEMA_NAMES = new Map<JsonSchema, string>(Object.entries(NAMED_SCHEMAS).map(([name, s]) => [s, name]));

/** `schema` with every named sub-schema replaced by a `$ref` (the top one too unless `inline`). */
function withRefs(schema: JsonSchema, inline = false): Json {
  const name = SCHEMA_NAMES.get(schema);
  if (name !== undefined && !inline) return { $ref: `#/components/schemas/${name}` };
  const out: Json = { ...schema };
  if (schema.properties) {
    out['properties'] = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, withRefs(v)]),
    );
  }
  if (schema.items) out['items'] = withRefs(schema.items);
  if (typeof schema.additionalProperties === 'object')
    out['additionalProperties'] = withRefs(schema.additionalProperties);
  if (schema.anyOf) out['anyOf'] = schema.anyOf.map((s) => withRefs(s));
  return out;
}

function errorResponse(status: number): Json {
  return {
    description: statusText(status),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiResponse' } } },
  };
}

/**
 * The error statuses a route can answer: its own, those of its authentication, and those of the
 * connection guards every request passes (403 for a banned or not allowed address, 429 over a rate
 * limit).
 */
export function errorStatuses(route: ApiRoute): number[] {
  const statuses = new Set<number>([...(route.errors ?? []), 403, 429]);
  if (route.body !== undefined || route.query !== undefined) statuses.add(400);
  if (route.auth !== 'none') statuses.add(401);
  // A malformed API key is a 400, as in SFTPGo.
  if (route.auth === 'admin') statuses.add(400);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

function parametersIn(
  where: 'path' | 'query' | 'header',
  schemas: Readonly<Record<string, JsonSchema>> | undefined,
  required: boolean,
): Json[] {
  return Object.entries(schemas ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required,
    schema: withRefs(schema),
  }));
}

function operation(route: ApiRoute): Json {
  const parameters = [
    ...parametersIn('path', route.params, true),
    ...parametersIn('query', route.query, false),
    ...parametersIn('header', route.headers, false),
  ];
  const responses: Json = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const contentType = response.contentType ?? 'application/json';
    const media: Json = { schema: response.schema ? withRefs(response.schema) : { type: 'string' } };
    if (response.example !== undefined) media['example'] = response.example;
    responses[status] = {
      description: response.description,
      ...(status === '201' && route.method === 'POST'
        ? {
            headers: {
              Location: { schema: { type: 'string' }, description: 'URI of the newly created object' },
            },
          }
        : {}),
      content: { [contentType]: media },
    };
  }
  for (const status of errorStatuses(route)) responses[String(status)] = errorResponse(status);
  const op: Json = {
    tags: [route.tag],
    summary: route.summary,
    operationId: route.operationId,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: withRefs(route.body) } } } }
      : {}),
    responses,
  };
  if (route.auth === 'none') op['security'] = [];
  if (route.auth === 'basic') op['security'] = [{ BasicAuth: [] }];
  if (route.auth === 'admin' && route.forbidApiKey === true) op['security'] = [{ BearerAuth: [] }];
  if (route.root === true) op['servers'] = [{ url: '/' }];
  // Which admin permission the operation needs, for clients and for people reading the document.
  if (route.permission !== undefined) op['x-sftpgo-permission'] = route.permission;
  return op;
}

/** The document for these routes. */
export function openApiDocument(routes: readonly ApiRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'SFTPGo',
      description:
        'REST API to manage users, virtual folders, admins, API keys, connections, quotas, backups, the defender and the IP lists.',
      version,
      license: { name: 'AGPL-3.0-only', url: 'https://www.gnu.org/licenses/agpl-3.0.en.html' },
    },
    servers: [{ url: '/api/v2' }],
    security: [{ BearerAuth: [] }, { APIKeyAuth: [] }],
    paths,
    components: {
      schemas: Object.fromEntries(
        Object.entries(NAMED_SCHEMAS).map(([name, s]) => [name, withRefs(s, true)]),
      ),
      securitySchemes: {
        BasicAuth: { type: 'http', scheme: 'basic' },
        BearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        APIKeyAuth: {
          type: 'apiKey',
          in: 'header',
          name: 'X-SFTPGO-API-KEY',
          description:
            'API key to use for authentication. An API key not tied to an admin is followed by a dot and the admin username to act as',
        },
      },
    },
  };
}
