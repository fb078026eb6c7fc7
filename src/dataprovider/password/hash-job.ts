// The CPU-heavy part of every hash format, as plain data that can cross to a worker thread and one
// function that computes it there. Parsing and comparing stay on the caller's side.
import { pbkdf2Sync } from 'node:crypto';
import { hashRawSync, type Algorithm, type Version } from '@node-rs/argon2';
import { hashSync as bcryptHashSync } from 'bcryptjs';
import { md5CryptChecksum, type Md5CryptMagic } from './md5crypt.js';
import { shaCryptChecksum, type ShaCryptAlgorithm } from './sha-crypt.js';

/** Derive an argon2id key of `length` bytes; the result is the raw key. */
export interface Argon2idJob {
  readonly kind: 'argon2id';
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  /** KiB. */
  readonly memory: number;
  readonly iterations: number;
  readonly parallelism: number;
  readonly length: number;
}

/** Derive a PBKDF2 key of `length` bytes; the result is the raw key. */
export interface Pbkdf2Job {
  readonly kind: 'pbkdf2';
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly length: number;
  readonly digest: 'sha1' | 'sha256' | 'sha512';
}

/**
 * Run bcrypt with `salt` (the first 29 characters of a hash: `$2a$10$` and 22 salt characters); the result
 * is the whole 60-character hash as ASCII bytes, with the salt's version letter.
 */
export interface BcryptJob {
  readonly kind: 'bcrypt';
  /** bcryptjs takes text; the caller passes well-formed UTF-16 so the UTF-8 bytes are the usual ones. */
  readonly password: string;
  readonly salt: string;
}

/** Run md5crypt or apr1; the result is the 22-character checksum as ASCII bytes. */
export interface Md5CryptJob {
  readonly kind: 'md5crypt';
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  readonly magic: Md5CryptMagic;
}

/** Run sha256crypt or sha512crypt; the result is the checksum as ASCII bytes. */
export interface ShaCryptJob {
  readonly kind: 'sha-crypt';
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  readonly rounds: number;
  readonly algorithm: ShaCryptAlgorithm;
}

/** One unit of password work for a worker thread. */
export type HashJob = Argon2idJob | Pbkdf2Job | BcryptJob | Md5CryptJob | ShaCryptJob;

/** Sends a job to wherever it runs (a worker pool) and resolves with its result bytes. */
export type RunHashJob = (job: HashJob) => Promise<Uint8Array>;

// Values of the binding's const enums, which an isolated-modules build cannot read from its typings.
const argon2idAlgorithm = 2 as Algorithm;
const argon2Version13 = 1 as Version;

/**
 * Computes a job synchronously. Meant for worker threads: every kind takes from milliseconds to seconds.
 * @throws Error from the underlying implementation when the parameters are unusable (callers validate
 *   them first, so this means a bug).
 */
export function runHashJob(job: HashJob): Uint8Array {
  switch (job.kind) {
    case 'argon2id':
      return hashRawSync(job.password, {
        algorithm: argon2idAlgorithm,
        version: argon2Version13,
        memoryCost: job.memory,
        timeCost: job.iterations,
        parallelism: job.parallelism,
        outputLen: job.length,
        salt: job.salt,
      });
    case 'pbkdf2':
      return pbkdf2Sync(job.password, job.salt, job.iterations, job.length, job.digest);
    case 'bcrypt':
      return Buffer.from(bcryptHashSync(job.password, job.salt), 'latin1');
    case 'md5crypt':
      return Buffer.from(md5CryptChecksum(job.password, job.salt, job.magic), 'latin1');
    case 'sha-crypt':
      return Buffer.from(shaCryptChecksum(job.password, job), 'latin1');
  }
}
