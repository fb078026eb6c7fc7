/**
 * The REST API's resource modules. Adding a resource is one line here: a function from the
 * dependencies to its routes.
 */
import { adminRoutes } from './admins.js';
import { apiKeyRoutes } from './api-keys.js';
import { connectionRoutes } from './connections.js';
import { defenderRoutes } from './defender.js';
import type { ApiDeps } from './deps.js';
import { dumpRoutes } from './dump.js';
import { folderRoutes } from './folders.js';
import { ipListRoutes } from './ip-lists.js';
import { quotaRoutes } from './quotas.js';
import type { ApiRoute } from './route.js';
import { statusRoutes } from './status.js';
import { tokenRoutes } from './token.js';
import { userRoutes } from './users.js';

export type ResourceModule = (deps: ApiDeps) => ApiRoute[];

export const RESOURCES: readonly ResourceModule[] = [
  statusRoutes,
  tokenRoutes,
  userRoutes,
  folderRoutes,
  adminRoutes,
  apiKeyRoutes,
  connectionRoutes,
  quotaRoutes,
  dumpRoutes,
  defenderRoutes,
  ipListRoutes,
];

/** Every route of the API. */
export function apiRoutes(deps: ApiDeps, resources: readonly ResourceModule[] = RESOURCES): ApiRoute[] {
  return resources.flatMap((resource) => resource(deps));
}
