/** `/apikeys`: API key CRUD, super admins only and never through an API key. */
import type { APIKey } from '../../dataprovider/index.js';
import { apiKeyToJSON } from '../../dataprovider/index.js';
import { APIKey as APIKeySchema } from '../schemas/models.js';
import { crudRoutes } from './crud.js';
import type { ApiDeps } from './deps.js';
import type { ApiRoute } from './route.js';

/** Shown with the key, once: the secret part is never stored in clear. */
const CREATED_MESSAGE = 'API key created. This is the only time the API key is visible, please save it.';

export function apiKeyRoutes(deps: ApiDeps): ApiRoute[] {
  const keys = deps.provider.apiKeys;
  const toJSON = (key: APIKey) => {
    const json = apiKeyToJSON(key, { forDump: false });
    delete json['key'];
    return json;
  };
  const routes = crudRoutes<APIKey>({
    collection: 'apikeys',
    key: 'id',
    label: 'API key',
    one: 'api_key',
    many: 'api_keys',
    tag: 'API keys',
    schema: APIKeySchema,
    permissions: { list: '*', add: '*', edit: '*', del: '*' },
    forbidApiKey: true,
    list: (query) => keys.list(query),
    get: (id) => keys.get(id),
    add: async (body, ctx) => {
      const added = await keys.add(body, ctx);
      return { name: added.apiKey.id, body: { message: CREATED_MESSAGE, key: added.key ?? '' } };
    },
    update: async (id, body, ctx) => {
      await keys.update(id, body, ctx);
    },
    delete: async (id, ctx) => {
      await keys.delete(id, ctx);
    },
    toJSON,
  });
  // SFTPGo answers a new key with the key itself, not the stored object; managing keys stays open
  // to admins with pending requirements, as there.
  return routes.map((route) =>
    route.method === 'POST'
      ? {
          ...route,
          allowPending: true,
          responses: {
            201: {
              description: 'successful operation',
              schema: {
                type: 'object',
                properties: {
                  message: { type: 'string' },
                  key: { type: 'string', description: 'the generated API key' },
                },
              },
            },
          },
        }
      : { ...route, allowPending: true },
  );
}
