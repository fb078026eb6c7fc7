/**
 * `/defender/hosts`: the hosts the defender knows (banned, or with a score), one host by its id (the
 * hexadecimal text of its address), and unbanning one.
 */
import { defenderHostIdToIP, defenderHostToJSON } from '../../common/defender/index.js';
import type { Defender } from '../../common/defender/index.js';
import { parseIP } from '../../util/cidr.js';
import { arrayOf, str } from '../schemas/json-schema.js';
import { ApiResponse, DefenderEntry } from '../schemas/models.js';
import type { ApiDeps } from './deps.js';
import { badRequest, notFound } from './errors.js';
import type { ApiRoute } from './route.js';
import { message, pathParam } from './route.js';

/** An id of a well-formed address, for examples: `192.0.2.1`. */
const EXAMPLE_ID = Buffer.from('192.0.2.1').toString('hex');

/** The address the `{id}` of the request names. @throws {HttpError} 400 for an id that names no address. */
function hostIP(id: string): string {
  const ip = defenderHostIdToIP(id);
  if (ip === undefined) throw badRequest('invalid host id', 'Bad Request');
  if (parseIP(ip) === undefined)
    throw badRequest(`ip address ${JSON.stringify(ip)} is not valid`, 'Bad Request');
  return ip;
}

export function defenderRoutes(deps: ApiDeps): ApiRoute[] {
  const defender = (): Defender => {
    const found = deps.guards?.defender;
    if (found === undefined) throw notFound('defender is disabled');
    return found;
  };
  const common = { tag: 'defender', auth: 'admin' as const };
  const params = { id: { ...str('host id: the address as hexadecimal text'), example: EXAMPLE_ID } };
  return [
    {
      ...common,
      method: 'GET',
      path: '/defender/hosts',
      operationId: 'get_defender_hosts',
      summary: 'Get hosts',
      permission: 'view_defender',
      responses: { 200: { description: 'successful operation', schema: arrayOf(DefenderEntry) } },
      handler: async () => {
        const hosts = (await deps.guards?.defender?.listHosts()) ?? [];
        return hosts.map(defenderHostToJSON);
      },
    },
    {
      ...common,
      method: 'GET',
      path: '/defender/hosts/{id}',
      operationId: 'get_defender_host_by_id',
      summary: 'Get host by id',
      permission: 'view_defender',
      params,
      responses: { 200: { description: 'successful operation', schema: DefenderEntry } },
      errors: [400, 404],
      handler: async (request) => {
        const ip = hostIP(pathParam(request, 'id'));
        const host = await defender().getHost(ip);
        if (host === undefined) throw notFound(`host ${JSON.stringify(ip)} not found`);
        return defenderHostToJSON(host);
      },
    },
    {
      ...common,
      method: 'DELETE',
      path: '/defender/hosts/{id}',
      operationId: 'delete_defender_host_by_id',
      summary: 'Removes a host from the defender lists',
      permission: 'manage_defender',
      params,
      responses: {
        200: { description: 'successful operation', schema: ApiResponse, example: { message: 'OK' } },
      },
      errors: [400, 404],
      handler: async (request) => {
        const ip = hostIP(pathParam(request, 'id'));
        if (!(await defender().unban(ip))) throw notFound(`host ${JSON.stringify(ip)} not found`);
        return message('OK');
      },
    },
  ];
}
