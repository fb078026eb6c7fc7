/**
 * The five routes of a named resource (list, add, get, update, delete) that users, folders, admins
 * and API keys share: the same statuses, messages and `Location` header as SFTPGo.
 */
import type { FastifyRequest } from 'fastify';
import type { ActionContext, AdminPermission, ListQuery } from '../../dataprovider/index.js';
import type { JsonSchema } from '../schemas/json-schema.js';
import { arrayOf, str } from '../schemas/json-schema.js';
import { ApiResponse } from '../schemas/models.js';
import { actionContext } from './action-context.js';
import { notFound } from './errors.js';
import { LIST_QUERY, listQueryOf } from './list-query.js';
import type { ApiRoute } from './route.js';
import { message, pathParam } from './route.js';

/** What a resource offers to the shared routes. */
export interface CrudResource<T> {
  /** URL segment: `users`. */
  readonly collection: string;
  /** Path parameter name: `username`. */
  readonly key: string;
  /** Singular, capitalised, for messages: `User`. */
  readonly label: string;
  /** Operation id suffixes: `user` / `users`. */
  readonly one: string;
  readonly many: string;
  readonly tag: string;
  readonly schema: JsonSchema;
  readonly permissions: {
    readonly list: AdminPermission;
    readonly add: AdminPermission;
    readonly edit: AdminPermission;
    readonly del: AdminPermission;
  };
  readonly forbidApiKey?: boolean;
  list(query: ListQuery, request: FastifyRequest): Promise<T[]>;
  get(name: string, request: FastifyRequest): Promise<T | undefined>;
  add(body: unknown, ctx: ActionContext, request: FastifyRequest): Promise<{ name: string; body: unknown }>;
  /** Called once {@link get} found the object. */
  update(name: string, body: unknown, ctx: ActionContext, request: FastifyRequest): Promise<void>;
  /** Called once {@link get} found the object. */
  delete(name: string, ctx: ActionContext, request: FastifyRequest): Promise<void>;
  toJSON(item: T): unknown;
  /** Extra query parameters of the update route. */
  readonly updateQuery?: Readonly<Record<string, JsonSchema>>;
}

/** The routes of a resource. */
export function crudRoutes<T>(r: CrudResource<T>): ApiRoute[] {
  const base = `/${r.collection}`;
  const item = `${base}/{${r.key}}`;
  const params = { [r.key]: str() };
  const common = { tag: r.tag, auth: 'admin' as const, ...(r.forbidApiKey ? { forbidApiKey: true } : {}) };
  const ok = (text: string) => ({
    200: { description: 'successful operation', schema: ApiResponse, example: text },
  });
  const mustGet = async (request: FastifyRequest): Promise<T> => {
    const name = pathParam(request, r.key);
    const found = await r.get(name, request);
    if (found === undefined) throw notFound(`${r.label} ${JSON.stringify(name)} does not exist`);
    return found;
  };
  return [
    {
      ...common,
      method: 'GET',
      path: base,
      operationId: `get_${r.many}`,
      summary: `Get ${r.many}`,
      permission: r.permissions.list,
      query: LIST_QUERY,
      responses: { 200: { description: 'successful operation', schema: arrayOf(r.schema) } },
      errors: [400],
      handler: async (request) => (await r.list(listQueryOf(request.query), request)).map((i) => r.toJSON(i)),
    },
    {
      ...common,
      method: 'POST',
      path: base,
      operationId: `add_${r.one}`,
      summary: `Add ${r.one}`,
      permission: r.permissions.add,
      body: r.schema,
      responses: { 201: { description: 'successful operation', schema: r.schema } },
      errors: [400, 409],
      handler: async (request, reply) => {
        const added = await r.add(request.body, actionContext(request), request);
        void reply.code(201).header('location', `/api/v2${base}/${encodeURIComponent(added.name)}`);
        return added.body;
      },
    },
    {
      ...common,
      method: 'GET',
      path: item,
      operationId: `get_${r.one}_by_${r.key}`,
      summary: `Find ${r.many} by ${r.key}`,
      permission: r.permissions.list,
      params,
      responses: { 200: { description: 'successful operation', schema: r.schema } },
      errors: [404],
      handler: async (request) => r.toJSON(await mustGet(request)),
    },
    {
      ...common,
      method: 'PUT',
      path: item,
      operationId: `update_${r.one}`,
      summary: `Update ${r.one}`,
      permission: r.permissions.edit,
      params,
      ...(r.updateQuery ? { query: r.updateQuery } : {}),
      body: r.schema,
      responses: ok(`${r.label} updated`),
      errors: [400, 404],
      handler: async (request) => {
        // An unknown object is a 404 whatever the body, as in SFTPGo.
        await mustGet(request);
        await r.update(pathParam(request, r.key), request.body, actionContext(request), request);
        return message(`${r.label} updated`);
      },
    },
    {
      ...common,
      method: 'DELETE',
      path: item,
      operationId: `delete_${r.one}`,
      summary: `Delete ${r.one}`,
      permission: r.permissions.del,
      params,
      responses: ok(`${r.label} deleted`),
      errors: [400, 404],
      handler: async (request) => {
        await mustGet(request);
        await r.delete(pathParam(request, r.key), actionContext(request), request);
        return message(`${r.label} deleted`);
      },
    },
  ];
}
