/** The SFTP version 3 protocol layer: a session served over one SSH channel. */
export type { SftpSessionOptions } from './session.js';
export { SftpSession } from './session.js';
export type { SftpLimits } from './limits.js';
export { DEFAULT_SFTP_LIMITS } from './limits.js';
export type { SftpStatus } from './status.js';
export { statusFromError } from './status.js';
export type { StatusCodeValue } from './constants.js';
export {
  ADVERTISED_EXTENSIONS,
  AttrFlag,
  Extension,
  OpenFlag,
  PacketType,
  SFTP_VERSION,
  StatusCode,
} from './constants.js';
export { SftpProtocolError } from './errors.js';
