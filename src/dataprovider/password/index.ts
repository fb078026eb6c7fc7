// Password hashing and checking for the data provider: every stored-hash format SFTPGo accepts, new
// hashes in argon2id or bcrypt, all CPU work in worker threads.
export {
  createPasswordHasher,
  maxPasswordBytes,
  type PasswordHasher,
  type PasswordHasherRuntimeOptions,
} from './hasher.js';
export { defaultPasswordHashingOptions, type PasswordHashingOptions } from './options.js';
export { isHashedPassword } from './schemes.js';
export { bcryptMaxPasswordBytes } from './bcrypt.js';
export {
  PasswordError,
  PasswordFormatError,
  PasswordHasherClosedError,
  PasswordOptionsError,
  PasswordQueueFullError,
  PasswordTooLongError,
  PasswordWorkerError,
} from './errors.js';
