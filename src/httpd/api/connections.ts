/** `/connections`: the active sessions of every protocol, as SFTPGo's `ConnectionStatus`, and kicking one. */
import type { ActiveConnection } from '../../common/connection-info.js';
import { str, arrayOf } from '../schemas/json-schema.js';
import { ApiResponse, ConnectionStatus } from '../schemas/models.js';
import type { ApiDeps } from './deps.js';
import { notFound } from './errors.js';
import type { ApiRoute } from './route.js';
import { message, pathParam } from './route.js';

/** A connection as the API lists it. */
export function connectionStatus(connection: ActiveConnection): Record<string, unknown> {
  return {
    username: connection.username,
    connection_id: connection.id,
    client_version: connection.clientVersion ?? '',
    remote_address: connection.remoteAddress,
    connection_time: connection.connectedAt,
    command: connection.lastCommand?.() ?? '',
    last_activity: connection.lastActivity(),
    protocol: connection.protocol,
    active_transfers: connection.activeTransfers().map((t) => ({
      operation_type: t.operationType,
      path: t.path,
      start_time: t.startTime,
      size: t.size,
    })),
  };
}

export function connectionRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/connections',
      operationId: 'get_connections',
      summary: 'Get connections details',
      tag: 'connections',
      auth: 'admin',
      permission: 'view_conns',
      responses: { 200: { description: 'successful operation', schema: arrayOf(ConnectionStatus) } },
      handler: async () => deps.registry.list().map(connectionStatus),
    },
    {
      method: 'DELETE',
      path: '/connections/{connectionID}',
      operationId: 'close_connection',
      summary: 'Close connection',
      tag: 'connections',
      auth: 'admin',
      permission: 'close_conns',
      params: { connectionID: str('ID of the connection to close') },
      responses: {
        200: {
          description: 'successful operation',
          schema: ApiResponse,
          example: { message: 'Connection closed' },
        },
      },
      errors: [404],
      handler: async (request) => {
        const id = pathParam(request, 'connectionID');
        if (!deps.registry.close(id, 'closed by an admin'))
          throw notFound(`connection ${JSON.stringify(id)} not found`);
        return message('Connection closed');
      },
    },
  ];
}
