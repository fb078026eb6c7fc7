/** `/quotas/...`: background quota scans and direct updates of the usage counters. */
import type { FastifyRequest } from 'fastify';
import { arrayOf, str } from '../schemas/json-schema.js';
import {
  ApiResponse,
  FolderQuotaScan,
  QuotaScan,
  QuotaUsage,
  TransferQuotaUsage,
} from '../schemas/models.js';
import type { ApiDeps } from './deps.js';
import { conflict, forbidden, notFound } from './errors.js';
import type { ApiRoute } from './route.js';
import { message, pathParam, queryOf } from './route.js';

const MODE = { mode: { type: 'string', enum: ['add', 'reset'], default: 'reset' } } as const;

export function quotaRoutes(deps: ApiDeps): ApiRoute[] {
  const { provider, scans } = deps;
  const common = { tag: 'quota', auth: 'admin' as const };
  const ok = (text: string) => ({
    description: 'successful operation',
    schema: ApiResponse,
    example: { message: text },
  });
  const checkTracking = (): void => {
    if (provider.trackQuota === 0) throw forbidden('quota tracking is disabled');
  };
  const reset = (request: FastifyRequest): boolean => queryOf<{ mode: string }>(request).mode === 'reset';
  const mustUser = async (request: FastifyRequest) => {
    const name = pathParam(request, 'username');
    const user = await provider.users.get(name);
    if (user === undefined) throw notFound(`user ${JSON.stringify(name)} does not exist`);
    return user;
  };
  const mustFolder = async (request: FastifyRequest) => {
    const name = pathParam(request, 'name');
    const folder = await provider.folders.get(name);
    if (folder === undefined) throw notFound(`folder ${JSON.stringify(name)} does not exist`);
    return folder;
  };
  return [
    {
      ...common,
      method: 'GET',
      path: '/quotas/users/scans',
      operationId: 'get_users_quota_scans',
      summary: 'Get active user quota scans',
      permission: 'quota_scans',
      responses: { 200: { description: 'successful operation', schema: arrayOf(QuotaScan) } },
      handler: async () => scans.list('user').map((s) => ({ username: s.name, start_time: s.startTime })),
    },
    {
      ...common,
      method: 'POST',
      path: '/quotas/users/{username}/scan',
      operationId: 'start_user_quota_scan',
      summary: 'Start a user quota scan',
      permission: 'quota_scans',
      params: { username: str() },
      responses: { 202: ok('Scan started') },
      errors: [404, 409],
      handler: async (request, reply) => {
        checkTracking();
        const user = await mustUser(request);
        if (!scans.startUser(user.username)) throw conflict('another scan is already in progress');
        void reply.code(202);
        return message('Scan started');
      },
    },
    {
      ...common,
      method: 'PUT',
      path: '/quotas/users/{username}/usage',
      operationId: 'user_quota_update_usage',
      summary: 'Update disk quota usage limits',
      permission: 'edit_users',
      params: { username: str() },
      query: MODE,
      body: QuotaUsage,
      responses: { 200: ok('Quota updated') },
      errors: [400, 404, 409],
      handler: async (request) => {
        checkTracking();
        const user = await mustUser(request);
        const body = request.body as { used_quota_size?: number; used_quota_files?: number };
        if (scans.list('user').some((s) => s.name === user.username))
          throw conflict('another scan is in progress');
        await provider.users.updateQuota(user, {
          size: body.used_quota_size ?? 0,
          files: body.used_quota_files ?? 0,
          reset: reset(request),
        });
        return message('Quota updated');
      },
    },
    {
      ...common,
      method: 'PUT',
      path: '/quotas/users/{username}/transfer-usage',
      operationId: 'user_transfer_quota_update_usage',
      summary: 'Update transfer quota usage limits',
      permission: 'edit_users',
      params: { username: str() },
      query: MODE,
      body: TransferQuotaUsage,
      responses: { 200: ok('Quota updated') },
      errors: [400, 404, 409],
      handler: async (request) => {
        checkTracking();
        const user = await mustUser(request);
        const body = request.body as {
          used_upload_data_transfer?: number;
          used_download_data_transfer?: number;
        };
        await provider.users.updateTransferQuota(user, {
          upload: body.used_upload_data_transfer ?? 0,
          download: body.used_download_data_transfer ?? 0,
          reset: reset(request),
        });
        return message('Quota updated');
      },
    },
    {
      ...common,
      method: 'GET',
      path: '/quotas/folders/scans',
      operationId: 'get_folders_quota_scans',
      summary: 'Get active folder quota scans',
      permission: 'quota_scans',
      responses: { 200: { description: 'successful operation', schema: arrayOf(FolderQuotaScan) } },
      handler: async () => scans.list('folder').map((s) => ({ name: s.name, start_time: s.startTime })),
    },
    {
      ...common,
      method: 'POST',
      path: '/quotas/folders/{name}/scan',
      operationId: 'start_folder_quota_scan',
      summary: 'Start a folder quota scan',
      permission: 'quota_scans',
      params: { name: str() },
      responses: { 202: ok('Scan started') },
      errors: [404, 409],
      handler: async (request, reply) => {
        checkTracking();
        const folder = await mustFolder(request);
        if (!scans.startFolder(folder.name)) throw conflict('another scan is already in progress');
        void reply.code(202);
        return message('Scan started');
      },
    },
    {
      ...common,
      method: 'PUT',
      path: '/quotas/folders/{name}/usage',
      operationId: 'folder_quota_update_usage',
      summary: 'Update folder quota usage limits',
      permission: 'manage_folders',
      params: { name: str() },
      query: MODE,
      body: QuotaUsage,
      responses: { 200: ok('Quota updated') },
      errors: [400, 404, 409],
      handler: async (request) => {
        checkTracking();
        const folder = await mustFolder(request);
        const body = request.body as { used_quota_size?: number; used_quota_files?: number };
        if (scans.list('folder').some((s) => s.name === folder.name))
          throw conflict('another scan is in progress');
        await provider.folders.updateQuota(folder.name, {
          size: body.used_quota_size ?? 0,
          files: body.used_quota_files ?? 0,
          reset: reset(request),
        });
        return message('Quota updated');
      },
    },
  ];
}
