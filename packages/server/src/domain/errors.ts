/**
 * What went wrong, in words every dialect can translate: the dialect picks the HTTP status and the
 * error object's shape from `kind`, and sends `code` as the stable machine-readable reason.
 * Rule refusals from core arrive as core's RefundError and are translated the same way.
 */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'declined'
  | 'refused'
  | 'rate_limited'
  | 'api';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly param?: string | undefined,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string, param?: string): DomainError =>
  new DomainError('not_found', 'resource_missing', `No such ${what}: '${id}'`, param);

/** The stable code of a client error Fastify raised itself (the same word in every dialect). */
export const clientErrorCode = (statusCode: number): string =>
  ({
    408: 'request_timeout',
    413: 'body_too_large',
    415: 'content_type_unsupported',
    431: 'headers_too_large',
  })[statusCode] ?? 'request_malformed';
