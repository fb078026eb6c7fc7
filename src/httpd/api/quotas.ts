/** `/quotas/...`: background quota scans and direct updates of the usage counters. */
import type { FastifyRequest } from 'fastify';
import type { QuotaUpdate } from '../../dataprovider/provider/user-service.js';
import type { JsonSchema } from '../schemas/json-schema.js';
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

const common = { tag: 'quota', auth: 'admin' as const };

const ok = (text: string) => ({
  description: 'successful operation',
  schema: ApiResponse,
  example: { message: text },
});

const reset = (request: FastifyRequest): boolean => queryOf<{ mode: string }>(request).mode === 'reset';

function checkTracking(deps: ApiDeps): void {
  if (deps.provider.trackQuota === 0) throw forbidden('quota tracking is disabled');
}

type HolderKind = 'user' | 'folder';

/** The path parameter naming a user or a folder, also the name field of its running scans. */
const PARAM = { user: 'username', folder: 'name' } as const;

/** The user or folder the request's path names. @throws a 404 when there is none. */
async function mustGet<T>(
  request: FastifyRequest,
  kind: HolderKind,
  get: (name: string) => Promise<T | undefined>,
): Promise<T> {
  const name = pathParam(request, PARAM[kind]);
  const found = await get(name);
  if (found === undefined) throw notFound(`${kind} ${JSON.stringify(name)} does not exist`);
  return found;
}

/** A user or folder whose usage is set: its stored name and how to set it. */
interface QuotaHolder {
  readonly name: string;
  updateQuota(change: QuotaUpdate): Promise<unknown>;
}

/** What tells the user routes from the folder routes; everything else they share. */
interface QuotaTarget {
  readonly kind: HolderKind;
  readonly scanSchema: JsonSchema;
  readonly usageSummary: string;
  readonly usagePermission: NonNullable<ApiRoute['permission']>;
  find(name: string): Promise<QuotaHolder | undefined>;
  startScan(name: string): boolean;
}

/** The scans list, the scan start and the usage update of users or of folders. */
function scanAndUsageRoutes(deps: ApiDeps, target: QuotaTarget): ApiRoute[] {
  const { scans } = deps;
  const { kind } = target;
  const param = PARAM[kind];
  const params = { [param]: str() };
  return [
    {
      ...common,
      method: 'GET',
      path: `/quotas/${kind}s/scans`,
      operationId: `get_${kind}s_quota_scans`,
      summary: `Get active ${kind} quota scans`,
      permission: 'quota_scans',
      responses: { 200: { description: 'successful operation', schema: arrayOf(target.scanSchema) } },
      handler: async () => scans.list(kind).map((s) => ({ [param]: s.name, start_time: s.startTime })),
    },
    {
      ...common,
      method: 'POST',
      path: `/quotas/${kind}s/{${param}}/scan`,
      operationId: `start_${kind}_quota_scan`,
      summary: `Start a ${kind} quota scan`,
      permission: 'quota_scans',
      params,
      responses: { 202: ok('Scan started') },
      errors: [404, 409],
      handler: async (request, reply) => {
        checkTracking(deps);
        const holder = await mustGet(request, kind, target.find);
        if (!target.startScan(holder.name)) throw conflict('another scan is already in progress');
        void reply.code(202);
        return message('Scan started');
      },
    },
    {
      ...common,
      method: 'PUT',
      path: `/quotas/${kind}s/{${param}}/usage`,
      operationId: `${kind}_quota_update_usage`,
      summary: target.usageSummary,
      permission: target.usagePermission,
      params,
      query: MODE,
      body: QuotaUsage,
      responses: { 200: ok('Quota updated') },
      errors: [400, 404, 409],
      handler: async (request) => {
        checkTracking(deps);
        const holder = await mustGet(request, kind, target.find);
        const body = request.body as { used_quota_size?: number; used_quota_files?: number };
        if (scans.list(kind).some((s) => s.name === holder.name))
          throw conflict('another scan is in progress');
        await holder.updateQuota({
          size: body.used_quota_size ?? 0,
          files: body.used_quota_files ?? 0,
          reset: reset(request),
        });
        return message('Quota updated');
      },
    },
  ];
}

export function quotaRoutes(deps: ApiDeps): ApiRoute[] {
  const { provider, scans } = deps;
  const getUser = (name: string) => provider.users.get(name);
  const users = scanAndUsageRoutes(deps, {
    kind: 'user',
    scanSchema: QuotaScan,
    usageSummary: 'Update disk quota usage limits',
    usagePermission: 'edit_users',
    find: async (name) => {
      const user = await getUser(name);
      return (
        user && { name: user.username, updateQuota: (change) => provider.users.updateQuota(user, change) }
      );
    },
    startScan: (name) => scans.startUser(name),
  });
  const folders = scanAndUsageRoutes(deps, {
    kind: 'folder',
    scanSchema: FolderQuotaScan,
    usageSummary: 'Update folder quota usage limits',
    usagePermission: 'manage_folders',
    find: async (name) => {
      const folder = await provider.folders.get(name);
      return (
        folder && {
          name: folder.name,
          updateQuota: (change) => provider.folders.updateQuota(folder.name, change),
        }
      );
    },
    startScan: (name) => scans.startFolder(name),
  });
  const transferUsage: ApiRoute = {
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
      checkTracking(deps);
      const user = await mustGet(request, 'user', getUser);
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
  };
  return [...users, transferUsage, ...folders];
}
