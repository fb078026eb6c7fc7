/** `/healthz`, `/version` and `/status`. */
import { version } from '../../version.js';
import { ServicesStatus, VersionInfo } from '../schemas/models.js';
import type { ApiDeps } from './deps.js';
import type { ApiRoute } from './route.js';
import { errorMessage } from '../../util/error-message.js';

/** The data provider drivers this build has, in SFTPGo's `features` notation. */
const FEATURES = ['+sqlite', '+pgsql', '+mysql', '-bolt'];

export function statusRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      root: true,
      operationId: 'healthz',
      summary: 'health check',
      tag: 'healthcheck',
      auth: 'none',
      responses: { 200: { description: 'successful operation', contentType: 'text/plain; charset=utf-8' } },
      handler: async (_request, reply) => reply.type('text/plain; charset=utf-8').send('ok'),
    },
    {
      method: 'GET',
      path: '/version',
      operationId: 'get_version',
      summary: 'Get version details',
      tag: 'maintenance',
      auth: 'admin',
      allowPending: true,
      responses: { 200: { description: 'successful operation', schema: VersionInfo } },
      handler: async () => ({ version, build_date: '', commit_hash: '', features: FEATURES }),
    },
    {
      method: 'GET',
      path: '/status',
      operationId: 'get_status',
      summary: 'Get status',
      tag: 'maintenance',
      auth: 'admin',
      permission: 'view_status',
      responses: { 200: { description: 'successful operation', schema: ServicesStatus } },
      handler: async () => {
        let providerError = '';
        try {
          await deps.provider.admins.count();
        } catch (err) {
          providerError = errorMessage(err);
        }
        return {
          ...(await deps.status()),
          data_provider: {
            is_active: providerError === '',
            driver: deps.provider.driver,
            error: providerError,
          },
        };
      },
    },
  ];
}
