/** `/token` (basic auth of an admin gives a JWT) and `/logout`. */
import { OTP_HEADER } from '../auth/authenticator.js';
import { ApiResponse, Token } from '../schemas/models.js';
import type { ApiDeps } from './deps.js';
import type { ApiRoute } from './route.js';
import { message, principalOf } from './route.js';

export function tokenRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/token',
      operationId: 'get_token',
      summary: 'Get a new admin access token',
      tag: 'token',
      auth: 'basic',
      headers: {
        'X-SFTPGO-OTP': {
          type: 'string',
          description: 'The one-time password of an admin with two-factor authentication',
        },
      },
      responses: { 200: { description: 'successful operation', schema: Token } },
      handler: async (request) => {
        const otp = request.headers[OTP_HEADER];
        return deps.auth.issueToken({
          authorization: request.headers.authorization,
          apiKey: undefined,
          ip: request.clientIp,
          otp: typeof otp === 'string' ? otp : undefined,
        });
      },
    },
    {
      method: 'GET',
      path: '/logout',
      operationId: 'logout',
      summary: 'Invalidate an admin access token',
      tag: 'token',
      auth: 'admin',
      forbidApiKey: true,
      allowPending: true,
      responses: { 200: { description: 'successful operation', schema: ApiResponse } },
      handler: async (request) => {
        deps.auth.revoke(principalOf(request));
        return message('Your token has been invalidated');
      },
    },
  ];
}
