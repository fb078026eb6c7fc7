/**
 * The one place where failures become REST API answers: SFTPGo's `{"error": …, "message": …}` body
 * with the status its API uses for the same failure.
 */
import { STATUS_CODES } from 'node:http';
import {
  InvalidCredentialsError,
  InvalidDumpError,
  ObjectConflictError,
  ObjectNotFoundError,
  QuotaTrackingDisabledError,
  StoreConflictError,
  StoreInvalidArgumentError,
  StoreNotFoundError,
  ValidationError,
} from '../../dataprovider/index.js';

/** A failure with its HTTP status, thrown by handlers and the auth hooks. */
export class HttpError extends Error {
  readonly statusCode: number;
  /** SFTPGo's `message` field: a hint for people; the `error` field is this error's message. */
  readonly hint: string;

  constructor(statusCode: number, error: string, options?: { hint?: string; cause?: unknown }) {
    super(error, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.hint = options?.hint ?? '';
  }
}

/** The body of every API answer that is not an object: SFTPGo's `ApiResponse`. */
export interface ApiResponse {
  readonly error?: string;
  readonly message: string;
}

/** The standard text of a status ("Not Found"). */
export function statusText(code: number): string {
  return STATUS_CODES[code] ?? 'Error';
}

/** Shortcuts for the statuses handlers throw. */
export const badRequest = (error: string, hint = ''): HttpError => new HttpError(400, error, { hint });
export const unauthorized = (error: string): HttpError =>
  new HttpError(401, error, { hint: statusText(401) });
export const forbidden = (error: string): HttpError => new HttpError(403, error, { hint: statusText(403) });
export const notFound = (error: string): HttpError => new HttpError(404, error, { hint: statusText(404) });
export const conflict = (error: string): HttpError => new HttpError(409, error, { hint: statusText(409) });

interface FastifyValidationIssue {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

interface FastifyLikeError {
  readonly statusCode?: number;
  readonly validation?: readonly FastifyValidationIssue[];
  readonly validationContext?: string;
  readonly code?: string;
  readonly message: string;
}

/** `limit`, `filters.allowed_ip[2]`: the field a JSON-schema issue is about, as the models name fields. */
function issueField(issue: FastifyValidationIssue): string {
  const segments = (issue.instancePath ?? '').split('/').filter((s) => s !== '');
  const missing = issue.params?.['missingProperty'];
  if (typeof missing === 'string') segments.push(missing);
  const additional = issue.params?.['additionalProperty'];
  if (typeof additional === 'string') segments.push(additional);
  return segments
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path === '' ? s : `${path}.${s}`), '');
}

/** What a failure answers: status and body. Unknown failures are 500s that do not leak details. */
export function errorReply(err: unknown): { readonly status: number; readonly body: ApiResponse } {
  const reply = (status: number, error: string, message = ''): ReturnType<typeof errorReply> => ({
    status,
    body: { error, message },
  });
  if (err instanceof HttpError) return reply(err.statusCode, err.message, err.hint);
  if (err instanceof ValidationError) return reply(400, err.message, 'Validation error');
  if (err instanceof InvalidDumpError) return reply(400, err.message, 'Validation error');
  if (err instanceof StoreInvalidArgumentError) return reply(400, err.message, statusText(400));
  if (err instanceof ObjectNotFoundError || err instanceof StoreNotFoundError) {
    return reply(404, err.message, statusText(404));
  }
  if (err instanceof ObjectConflictError || err instanceof StoreConflictError) {
    return reply(409, err.message, statusText(409));
  }
  if (err instanceof QuotaTrackingDisabledError) return reply(403, err.message, statusText(403));
  if (err instanceof InvalidCredentialsError) return reply(401, err.message, statusText(401));
  const fastifyError = err as FastifyLikeError;
  const first = fastifyError.validation?.[0];
  if (first !== undefined) {
    const field = issueField(first);
    const problem = first.message ?? 'is invalid';
    return reply(
      400,
      field === '' ? `${fastifyError.validationContext ?? 'request'} ${problem}` : `${field}: ${problem}`,
      'Validation error',
    );
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return reply(status, fastifyError.message, statusText(status));
  }
  return reply(500, statusText(500), '');
}
