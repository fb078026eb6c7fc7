/** Authentication shared by all protocols: login restriction checks, their errors, and the hooks. */
export { AuthHookDeniedError, AuthHookError, LoginDeniedError } from './errors.js';
export type { AuthHookName, LoginDeniedReason } from './errors.js';
export {
  LAST_LOGIN_MIN_DELAY_MS,
  checkAccountUsable,
  checkLoginConditions,
  isAccessTimeAllowed,
  isLoginFromAddressAllowed,
  isLoginMethodAllowed,
  isRecent,
  mustChangePassword,
  recordLogin,
} from './login-checks.js';
export type { LoginAttempt } from './login-checks.js';
export * from './hooks/index.js';
export { PasscodeError, PasscodeVerifier } from './passcodes.js';
export type { PasscodeRefusal } from './passcodes.js';
