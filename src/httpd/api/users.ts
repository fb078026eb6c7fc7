/** `/users`: user CRUD. Admins with a role only see and manage the users of their role. */
import type { FastifyRequest } from 'fastify';
import type { User } from '../../dataprovider/index.js';
import { userToJSON } from '../../dataprovider/index.js';
import { withRole } from './admin-role.js';
import { crudRoutes } from './crud.js';
import type { ApiDeps } from './deps.js';
import type { ApiRoute } from './route.js';
import { principalOf, queryOf } from './route.js';
import { User as UserSchema } from '../schemas/models.js';

/** Closes every session of `username`. */
export function disconnectUser(deps: ApiDeps, username: string): void {
  for (const connection of deps.registry.list()) {
    if (connection.username === username) deps.registry.close(connection.id, 'user changed by an admin');
  }
}

export function userRoutes(deps: ApiDeps): ApiRoute[] {
  const users = deps.provider.users;
  const visible = (request: FastifyRequest, user: User | undefined): User | undefined => {
    const role = principalOf(request).role;
    return user !== undefined && (role === '' || user.role === role) ? user : undefined;
  };
  return crudRoutes<User>({
    collection: 'users',
    key: 'username',
    label: 'User',
    one: 'user',
    many: 'users',
    tag: 'users',
    schema: UserSchema,
    permissions: { list: 'view_users', add: 'add_users', edit: 'edit_users', del: 'del_users' },
    updateQuery: { disconnect: { type: 'integer', enum: [0, 1], default: 0 } },
    list: async (query, request) =>
      (await users.list(query)).filter((u) => visible(request, u) !== undefined),
    get: async (name, request) => visible(request, await users.get(name)),
    add: async (body, ctx, request) => {
      const user = await users.add(withRole(body, principalOf(request).role), ctx);
      return { name: user.username, body: userToJSON(user, { forDump: false }) };
    },
    update: async (name, body, ctx, request) => {
      const user = await users.update(name, withRole(body, principalOf(request).role), ctx);
      if (queryOf<{ disconnect: number }>(request).disconnect === 1) disconnectUser(deps, user.username);
    },
    delete: async (name, ctx) => {
      const user = await users.delete(name, ctx);
      disconnectUser(deps, user.username);
    },
    toJSON: (user) => userToJSON(user, { forDump: false }),
  });
}
