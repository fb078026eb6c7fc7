/**
 * `/iplists/{type}`: the entries of the allow list (1), the defender list (2) and the rate
 * limiters' safe list (3), as SFTPGo 2.5+ serves them. Only super admins manage them. The
 * connection guards read the lists through a cache that reloads after each change made here.
 */
import type { FastifyRequest } from 'fastify';
import type { IPListEntry, IPListType } from '../../dataprovider/index.js';
import { arrayOf, str } from '../schemas/json-schema.js';
import { ApiResponse, IPListEntry as EntrySchema, IPListType as TypeSchema } from '../schemas/models.js';
import { actionContext } from './action-context.js';
import type { ApiDeps } from './deps.js';
import { badRequest, notFound } from './errors.js';
import { LIST_QUERY } from './list-query.js';
import type { ApiRoute } from './route.js';
import { message, pathParam, queryOf } from './route.js';

/** The query of the list route. */
export interface IPListQuery {
  /** Only entries whose `ipornet` starts with this text. */
  readonly filter?: string;
  /** Only entries after this `ipornet` in the order asked for (the last one of the previous page). */
  readonly from?: string;
  readonly limit: number;
  readonly order: 'ASC' | 'DESC';
}

/** One page of one list, ordered by the text of `ipornet` as SFTPGo's providers order it. */
export function selectIPListEntries(
  entries: readonly IPListEntry[],
  type: IPListType,
  query: IPListQuery,
): IPListEntry[] {
  const { filter = '', from = '', limit, order } = query;
  const byText = (a: IPListEntry, b: IPListEntry): number =>
    a.ipornet < b.ipornet ? -1 : a.ipornet > b.ipornet ? 1 : 0;
  const after = (e: IPListEntry): boolean =>
    from === '' || (order === 'ASC' ? e.ipornet > from : e.ipornet < from);
  const selected = entries.filter((e) => e.type === type && e.ipornet.startsWith(filter) && after(e));
  selected.sort(order === 'ASC' ? byText : (a, b) => byText(b, a));
  return selected.slice(0, limit);
}

/** An entry as the API shows it: SFTPGo leaves out an empty description. */
function entryToJSON(entry: IPListEntry): Record<string, unknown> {
  const { description, ...rest } = entry;
  return description === '' ? rest : { ...rest, description };
}

/** The list type of the path (fastify checked it is 1, 2 or 3). */
function listType(request: FastifyRequest): IPListType {
  return (request.params as { type: IPListType }).type;
}

export function ipListRoutes(deps: ApiDeps): ApiRoute[] {
  const lists = deps.provider.ipLists;
  const common = { tag: 'IP Lists', auth: 'admin' as const, permission: '*' as const };
  const typeParam = { type: { ...TypeSchema, example: 1 } };
  const itemParams = { ...typeParam, ipornet: { ...str('address or network'), example: '192.0.2.1' } };
  const ok = (text: string) => ({
    200: { description: 'successful operation', schema: ApiResponse, example: { message: text } },
  });
  const mustGet = async (request: FastifyRequest): Promise<IPListEntry> => {
    const ipornet = pathParam(request, 'ipornet');
    const entry = await lists.get(listType(request), ipornet);
    if (entry === undefined) throw notFound(`IP list entry ${JSON.stringify(ipornet)} does not exist`);
    return entry;
  };
  return [
    {
      ...common,
      method: 'GET',
      path: '/iplists/{type}',
      operationId: 'get_ip_list_entries',
      summary: 'Get IP list entries',
      params: typeParam,
      query: {
        filter: str('restrict results to ipornet matching or starting with this filter'),
        from: str('ipornet to start from'),
        limit: LIST_QUERY['limit'] ?? {},
        order: {
          ...(LIST_QUERY['order'] ?? {}),
          description: 'Ordering entries by ipornet field. Default ASC',
        },
      },
      responses: { 200: { description: 'successful operation', schema: arrayOf(EntrySchema) } },
      handler: async (request) =>
        selectIPListEntries(await lists.all(), listType(request), queryOf<IPListQuery>(request)).map(
          entryToJSON,
        ),
    },
    {
      ...common,
      method: 'POST',
      path: '/iplists/{type}',
      operationId: 'add_ip_list_entry',
      summary: 'Add a new IP list entry',
      params: typeParam,
      body: EntrySchema,
      responses: {
        201: {
          description: 'successful operation',
          schema: ApiResponse,
          example: { message: 'Entry added' },
        },
      },
      errors: [400, 409],
      handler: async (request, reply) => {
        const type = listType(request);
        const body = request.body as Record<string, unknown>;
        if (body['type'] !== undefined && body['type'] !== type) {
          throw badRequest(`type: ${String(body['type'])} is not the list type of the path (${type})`);
        }
        const entry = await lists.add({ ...body, type }, actionContext(request));
        void reply
          .code(201)
          .header('location', `/api/v2/iplists/${type}/${encodeURIComponent(entry.ipornet)}`);
        return message('Entry added');
      },
    },
    {
      ...common,
      method: 'GET',
      path: '/iplists/{type}/{ipornet}',
      operationId: 'get_ip_list_by_ipornet',
      summary: 'Find entry by ipornet',
      params: itemParams,
      responses: { 200: { description: 'successful operation', schema: EntrySchema } },
      errors: [400, 404],
      handler: async (request) => entryToJSON(await mustGet(request)),
    },
    {
      ...common,
      method: 'PUT',
      path: '/iplists/{type}/{ipornet}',
      operationId: 'update_ip_list_entry',
      summary: 'Update IP list entry',
      params: itemParams,
      body: EntrySchema,
      responses: ok('Entry updated'),
      errors: [400, 404],
      handler: async (request) => {
        // An unknown entry is a 404 whatever the body, as in SFTPGo.
        const entry = await mustGet(request);
        await lists.update(entry.type, entry.ipornet, request.body, actionContext(request));
        return message('Entry updated');
      },
    },
    {
      ...common,
      method: 'DELETE',
      path: '/iplists/{type}/{ipornet}',
      operationId: 'delete_ip_list_entry',
      summary: 'Delete IP list entry',
      params: itemParams,
      responses: ok('Entry deleted'),
      errors: [400, 404],
      handler: async (request) => {
        const entry = await mustGet(request);
        await lists.delete(entry.type, entry.ipornet, actionContext(request));
        return message('Entry deleted');
      },
    },
  ];
}
