/**
 * A REST API route as data: fastify registers it (with its parameter and body schemas) and the
 * OpenAPI document is generated from the same list, so the two cannot drift apart.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminPermission } from '../../dataprovider/index.js';
import type { Principal } from '../auth/principal.js';
import type { JsonSchema } from '../schemas/json-schema.js';
import { HttpError } from './errors.js';

/** How a route is authenticated: not at all, HTTP basic (`/token`), or as an admin. */
export type RouteAuth = 'none' | 'basic' | 'admin';

/** A successful answer of a route. */
export interface RouteResponse {
  readonly description: string;
  /** JSON body; undefined for `text/plain` (`/healthz`). */
  readonly schema?: JsonSchema;
  readonly contentType?: string;
  readonly example?: unknown;
}

/** One operation of the API. */
export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI form, relative to `/api/v2`: `/users/{username}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly auth: RouteAuth;
  /** Required admin permission; `*` means super admins only. */
  readonly permission?: AdminPermission;
  /**
   * Open to admins that must first change their password or set up two-factor authentication
   * (their own account's routes); every other admin route answers them 403.
   */
  readonly allowPending?: boolean;
  /** SFTPGo refuses API keys on some endpoints (own profile, password, API keys, logout). */
  readonly forbidApiKey?: boolean;
  readonly params?: Readonly<Record<string, JsonSchema>>;
  readonly query?: Readonly<Record<string, JsonSchema>>;
  /** Optional request headers the handler reads (documented only: a handler checks its own). */
  readonly headers?: Readonly<Record<string, JsonSchema>>;
  readonly body?: JsonSchema;
  /** Successful answers by status; the error answers are added for every route. */
  readonly responses: Readonly<Record<number, RouteResponse>>;
  /** Statuses this route can fail with besides 401/403/500 (400 when it has input, 404, 409…). */
  readonly errors?: readonly number[];
  /** Largest accepted body in bytes; default fastify's 1 MiB. */
  readonly bodyLimit?: number;
  /** Served at the root instead of under `/api/v2` (`/healthz`). */
  readonly root?: boolean;
  readonly handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The admin the request acts as, set by the auth hook of admin routes. */
    principal: Principal | null;
  }
}

/** The principal of an authenticated request. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new HttpError(401, 'not authenticated');
  return request.principal;
}

/** The path parameter `name` (always present: fastify matched the route). */
export function pathParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name] ?? '';
}

/** The parsed query string. */
export function queryOf<T>(request: FastifyRequest): T {
  return request.query as T;
}

/** SFTPGo's `ApiResponse` with a message. */
export function message(text: string): { message: string } {
  return { message: text };
}
