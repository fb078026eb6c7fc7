/** The authentication and connection hooks, one module each. */
export { CHECK_PASSWORD_SCOPES, CheckPasswordHook } from './check-password.js';
export type { CheckPasswordOptions, CheckPasswordRequest, CheckPasswordVerdict } from './check-password.js';
export { EXTERNAL_AUTH_SCOPES, ExternalAuthHook } from './external-auth.js';
export type { ExternalAuthOptions, ExternalAuthRequest, ExternalAuthScope } from './external-auth.js';
export type { AuthHookOptions } from './hook-call.js';
export { PostConnectHook } from './post-connect.js';
export { POST_DISCONNECT_PROTOCOLS, PostDisconnectHook } from './post-disconnect.js';
export type { DisconnectEvent } from './post-disconnect.js';
export { POST_LOGIN_SCOPES, PostLoginHook } from './post-login.js';
export type { PostLoginEvent } from './post-login.js';
export { PreLoginHook } from './pre-login.js';
export type { PreLoginOptions, PreLoginRequest } from './pre-login.js';
export type { BackgroundLimits } from './background.js';
