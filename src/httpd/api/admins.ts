/** `/admins` (super admins only), `/admin/profile` and `/admin/changepwd` (the caller's own account). */
import type { Admin } from '../../dataprovider/index.js';
import { adminToJSON } from '../../dataprovider/index.js';
import { Admin as AdminSchema, AdminProfile, ApiResponse, PwdChange } from '../schemas/models.js';
import { actionContext } from './action-context.js';
import { crudRoutes } from './crud.js';
import type { ApiDeps } from './deps.js';
import { badRequest, notFound } from './errors.js';
import type { ApiRoute } from './route.js';
import { message, principalOf } from './route.js';

export function adminRoutes(deps: ApiDeps): ApiRoute[] {
  const admins = deps.provider.admins;
  const toJSON = (admin: Admin) => adminToJSON(admin, { forDump: false });
  /** The caller's own admin account (htpasswd users have none). */
  const own = async (username: string): Promise<Admin> => {
    const admin = await admins.get(username);
    if (admin === undefined) throw notFound(`admin ${JSON.stringify(username)} does not exist`);
    return admin;
  };
  const selfRoute = { tag: 'admins', auth: 'admin' as const, forbidApiKey: true };
  return [
    ...crudRoutes<Admin>({
      collection: 'admins',
      key: 'username',
      label: 'Admin',
      one: 'admin',
      many: 'admins',
      tag: 'admins',
      schema: AdminSchema,
      permissions: { list: '*', add: '*', edit: '*', del: '*' },
      list: (query) => admins.list(query),
      get: (name) => admins.get(name),
      add: async (body, ctx) => {
        const admin = await admins.add(body, ctx);
        return { name: admin.username, body: toJSON(admin) };
      },
      update: async (name, body, ctx, request) => {
        const self = principalOf(request).username === name;
        if (self) {
          const current = await own(name);
          const next = body as { permissions?: unknown; status?: unknown; role?: unknown } | null;
          const perms = Array.isArray(next?.permissions) ? (next.permissions as unknown[]) : [];
          if (!perms.includes('*') && current.permissions.includes('*')) {
            throw badRequest('you cannot remove these permissions to yourself');
          }
          if (next?.status === 0) throw badRequest('you cannot disable yourself');
        }
        await admins.update(name, body, ctx);
      },
      delete: async (name, ctx, request) => {
        if (principalOf(request).username === name) throw badRequest('you cannot delete yourself');
        await admins.delete(name, ctx);
      },
      toJSON,
    }),
    {
      ...selfRoute,
      method: 'GET',
      path: '/admin/profile',
      operationId: 'get_admin_profile',
      allowPending: true,
      summary: 'Get admin profile',
      responses: { 200: { description: 'successful operation', schema: AdminProfile } },
      errors: [404],
      handler: async (request) => {
        const admin = await own(principalOf(request).username);
        return {
          email: admin.email,
          description: admin.description,
          allow_api_key_auth: admin.filters.allow_api_key_auth,
        };
      },
    },
    {
      ...selfRoute,
      method: 'PUT',
      path: '/admin/profile',
      operationId: 'update_admin_profile',
      summary: 'Update admin profile',
      body: AdminProfile,
      responses: { 200: { description: 'successful operation', schema: ApiResponse } },
      errors: [400, 404],
      handler: async (request) => {
        const admin = await own(principalOf(request).username);
        const profile = request.body as {
          email?: string;
          description?: string;
          allow_api_key_auth?: boolean;
        };
        const json = adminToJSON(admin, { forDump: true });
        await admins.update(
          admin.username,
          {
            ...json,
            password: '',
            email: profile.email ?? '',
            description: profile.description ?? '',
            filters: {
              ...(json['filters'] as object),
              allow_api_key_auth: profile.allow_api_key_auth ?? false,
            },
          },
          actionContext(request),
        );
        return message('Profile updated');
      },
    },
    {
      ...selfRoute,
      method: 'PUT',
      path: '/admin/changepwd',
      operationId: 'change_admin_password',
      allowPending: true,
      summary: 'Change admin password',
      body: { ...PwdChange, required: ['current_password', 'new_password'] },
      responses: { 200: { description: 'successful operation', schema: ApiResponse } },
      errors: [400, 404],
      handler: async (request) => {
        const principal = principalOf(request);
        const admin = await own(principal.username);
        const change = request.body as { current_password: string; new_password: string };
        if (change.new_password === '') throw badRequest('please provide the new password');
        if (change.new_password === change.current_password) {
          throw badRequest('the new password must be different from the current one');
        }
        try {
          await admins.checkPassword(admin.username, change.current_password);
        } catch {
          throw badRequest('current password does not match');
        }
        const json = adminToJSON(admin, { forDump: true });
        const filters = { ...(json['filters'] as object), require_password_change: false };
        await admins.update(
          admin.username,
          { ...json, password: change.new_password, filters },
          actionContext(request),
        );
        return message('Password updated');
      },
    },
  ];
}
