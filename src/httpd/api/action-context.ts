/** Who makes a change through the API, for the provider's events and hooks. */
import type { FastifyRequest } from 'fastify';
import type { ActionContext } from '../../dataprovider/index.js';
import { principalOf } from './route.js';

export function actionContext(request: FastifyRequest): ActionContext {
  const principal = principalOf(request);
  return {
    executor: principal.username,
    ip: request.clientIp,
    ...(principal.role ? { role: principal.role } : {}),
  };
}
