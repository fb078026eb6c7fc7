/** The paging query of every list endpoint (`offset`, `limit`, `order`), as SFTPGo defines it. */
import type { ListQuery } from '../../dataprovider/index.js';
import type { JsonSchema } from '../schemas/json-schema.js';

export const LIST_QUERY: Readonly<Record<string, JsonSchema>> = {
  offset: { type: 'integer', minimum: 0, default: 0 },
  limit: {
    type: 'integer',
    minimum: 1,
    maximum: 500,
    default: 100,
    description: 'The maximum number of items to return. Max value is 500, default is 100',
  },
  order: {
    type: 'string',
    enum: ['ASC', 'DESC'],
    default: 'ASC',
    description: 'Ordering by name. Default ASC',
  },
};

/** The page asked for (fastify has applied the defaults and checked the ranges). */
export function listQueryOf(query: unknown): ListQuery {
  const q = query as { offset: number; limit: number; order: 'ASC' | 'DESC' };
  return { offset: q.offset, limit: q.limit, order: q.order };
}
