/**
 * Puts the REST API on a fastify instance: every route of {@link RESOURCES} under `/api/v2` with
 * its validation schemas and auth hook, SFTPGo's error JSON for every failure, and the OpenAPI
 * document with its Swagger UI page.
 */
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { API_KEY_HEADER } from '../auth/authenticator.js';
import { hasPermission } from '../auth/principal.js';
import type { JsonSchema } from '../schemas/json-schema.js';
import { openApiDocument } from '../schemas/openapi.js';
import { swaggerUiAssets, swaggerUiPage } from '../schemas/swagger-ui.js';
import type { ApiDeps } from './deps.js';
import { HttpError, errorReply, forbidden, statusText } from './errors.js';
import { apiRoutes } from './resources.js';
import { useApiValidators } from './validators.js';
import type { ApiRoute } from './route.js';
import { errorMessage } from '../../util/error-message.js';

export const API_PREFIX = '/api/v2';

/** Where the generated document and its UI are served. */
export const OPENAPI_PATHS = {
  document: '/openapi',
  json: '/openapi/openapi.json',
  ui: '/openapi/swagger-ui',
} as const;

function objectSchema(properties: Readonly<Record<string, JsonSchema>>, required: boolean): JsonSchema {
  return { type: 'object', properties, ...(required ? { required: Object.keys(properties) } : {}) };
}

function fastifySchema(route: ApiRoute): FastifySchema {
  return {
    ...(route.params ? { params: objectSchema(route.params, true) } : {}),
    ...(route.query ? { querystring: objectSchema(route.query, false) } : {}),
    ...(route.body ? { body: route.body } : {}),
  };
}

/** The fastify URL of a route: `/api/v2/users/:username`. */
function routeUrl(route: ApiRoute): string {
  return `${route.root === true ? '' : API_PREFIX}${route.path.replace(/\{(\w+)\}/g, ':$1')}`;
}

const PENDING_MESSAGES = {
  password_change: 'Password change required. Please set a new password to continue to use your account',
  two_factor: 'Two-factor authentication requirements not met, please configure two-factor authentication',
} as const;

function authHook(route: ApiRoute, deps: ApiDeps) {
  return async (request: FastifyRequest): Promise<void> => {
    const apiKey = request.headers[API_KEY_HEADER];
    const principal = await deps.auth.authenticate({
      authorization: request.headers.authorization,
      apiKey: typeof apiKey === 'string' ? apiKey : undefined,
      ip: request.clientIp,
    });
    request.principal = principal;
    if (route.forbidApiKey === true && principal.source === 'api_key') {
      throw new HttpError(403, '', { hint: 'API key authentication is not allowed' });
    }
    if (principal.pending !== undefined && route.allowPending !== true) {
      throw forbidden(PENDING_MESSAGES[principal.pending]);
    }
    if (route.permission !== undefined && !hasPermission(principal, route.permission)) {
      throw forbidden(statusText(403));
    }
  };
}

export interface RegisterApiOptions {
  /** `enable_rest_api` of the binding. */
  readonly restApi: boolean;
  /** `render_openapi` of the binding. */
  readonly openApi: boolean;
}

/** Registers the API (and `/healthz`, always) on `app`. */
export function registerApi(app: FastifyInstance, deps: ApiDeps, options: RegisterApiOptions): void {
  app.decorateRequest('principal', null);
  useApiValidators(app);
  app.setErrorHandler(async (err, request, reply) => {
    const { status, body } = errorReply(err);
    if (status >= 500) {
      deps.logger.error('httpd', 'request failed', {
        method: request.method,
        url: request.url,
        error: errorMessage(err),
      });
    }
    if (status === 401 && request.routeOptions.url === `${API_PREFIX}/token`) {
      void reply.header('www-authenticate', 'Basic realm="SFTPGo"');
    }
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({ error: `${request.method} ${request.url} not found`, message: statusText(404) }),
  );
  const routes = apiRoutes(deps).filter((r) => options.restApi || r.root === true);
  for (const route of routes) {
    app.route({
      method: route.method,
      url: routeUrl(route),
      schema: fastifySchema(route),
      ...(route.bodyLimit !== undefined ? { bodyLimit: route.bodyLimit } : {}),
      ...(route.auth === 'admin' ? { onRequest: authHook(route, deps) } : {}),
      handler: route.handler,
    });
  }
  if (options.restApi && options.openApi) {
    const document = openApiDocument(routes);
    app.get(OPENAPI_PATHS.document, async () => document);
    app.get(OPENAPI_PATHS.json, async () => document);
    app.get(OPENAPI_PATHS.ui, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(swaggerUiPage(OPENAPI_PATHS.ui)),
    );
    for (const [name, asset] of swaggerUiAssets(OPENAPI_PATHS.json)) {
      app.get(`${OPENAPI_PATHS.ui}/${name}`, async (_request, reply) =>
        reply.type(asset.type).send(await asset.body()),
      );
    }
  }
}
