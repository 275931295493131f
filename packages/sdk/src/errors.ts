/** The error families a gateway reports, plus the SDK's own (`connection_error`, `signature_error`). */
export type RefundkitErrorType =
  | 'api_error'
  | 'authentication_error'
  | 'permission_error'
  | 'invalid_request_error'
  | 'idempotency_error'
  | 'rate_limit_error'
  | 'connection_error'
  | 'signature_error'
  | (string & {});

export interface RefundkitErrorInit {
  message: string;
  type?: RefundkitErrorType | undefined;
  code?: string | null | undefined;
  param?: string | null | undefined;
  statusCode?: number | null | undefined;
  requestId?: string | null | undefined;
  /** The decoded error body, the thrown network error, or the local rule's error. */
  raw?: unknown;
  headers?: Readonly<Record<string, string>> | undefined;
  cause?: unknown;
}

/**
 * Every failure the client reports. Branch on the subclass (or `type`) for the family and on `code`
 * for the precise rule; local refusals carry the same `code` the server would have sent.
 */
export class RefundkitError extends Error {
  override name = 'RefundkitError';
  readonly type: RefundkitErrorType;
  readonly code: string | null;
  readonly param: string | null;
  /** HTTP status; `null` when no response arrived (network, timeout, local validation). */
  readonly statusCode: number | null;
  readonly requestId: string | null;
  readonly raw: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: RefundkitErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.type = init.type ?? 'api_error';
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.statusCode = init.statusCode ?? null;
    this.requestId = init.requestId ?? null;
    this.raw = init.raw ?? null;
    this.headers = init.headers ?? {};
  }
}

/** 401: the key is missing, malformed or unknown. */
export class RefundkitAuthenticationError extends RefundkitError {
  override name = 'RefundkitAuthenticationError';
}

/** 403: the key is valid but may not do this (a test key on a live object, say). */
export class RefundkitPermissionError extends RefundkitError {
  override name = 'RefundkitPermissionError';
}

/** 400 / 404 / 402, or a local rule check: the request itself has to change. */
export class RefundkitInvalidRequestError extends RefundkitError {
  override name = 'RefundkitInvalidRequestError';
}

/** An idempotency key still in flight (409, after retries) or reused with a different payload (422). */
export class RefundkitIdempotencyError extends RefundkitError {
  override name = 'RefundkitIdempotencyError';
}

/** 429 (retried first when `retryOn429` is on). `retryAfterMs` echoes the server's `Retry-After`. */
export class RefundkitRateLimitError extends RefundkitError {
  override name = 'RefundkitRateLimitError';
  get retryAfterMs(): number | null {
    return parseRetryAfter(this.headers['retry-after']);
  }
}

/** No usable response: DNS, refused or dropped connection, timeout. The request may have been applied. */
export class RefundkitConnectionError extends RefundkitError {
  override name = 'RefundkitConnectionError';
}

/** 5xx, or a response the client cannot read. */
export class RefundkitAPIError extends RefundkitError {
  override name = 'RefundkitAPIError';
}

/** A webhook whose signature, timestamp or body does not check out. */
export class RefundkitSignatureError extends RefundkitError {
  override name = 'RefundkitSignatureError';
}

/** `refunds.waitFor` ran out of time before the refund reached the wanted status. */
export class RefundkitWaitTimeoutError extends RefundkitError {
  override name = 'RefundkitWaitTimeoutError';
}

/** A request refused before it was sent: the caller has to change it. */
export function invalidRequest(code: string, message: string, param: string | null, raw?: unknown) {
  return new RefundkitInvalidRequestError({ message, type: 'invalid_request_error', code, param, raw });
}

export function isRefundkitError(value: unknown): value is RefundkitError {
  return value instanceof RefundkitError;
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date. `null` when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

type ErrorClass = new (init: RefundkitErrorInit) => RefundkitError;

// Where the status alone decides the family.
const TYPE_BY_STATUS: Readonly<Record<number, RefundkitErrorType>> = {
  401: 'authentication_error',
  403: 'permission_error',
  409: 'idempotency_error',
  429: 'rate_limit_error',
};

const CLASS_BY_TYPE: Readonly<Record<string, ErrorClass>> = {
  authentication_error: RefundkitAuthenticationError,
  permission_error: RefundkitPermissionError,
  invalid_request_error: RefundkitInvalidRequestError,
  idempotency_error: RefundkitIdempotencyError,
  rate_limit_error: RefundkitRateLimitError,
  api_error: RefundkitAPIError,
};

// ConvergeGate and Checkout send key conflicts without an idempotency `type`; their codes say what they are.
const IDEMPOTENCY_CODES: readonly unknown[] = ['idempotency_key_in_use', 'idempotency_key_reused'];

/** The `type` a response implies when its body does not say. */
export function defaultType(statusCode: number): RefundkitErrorType {
  return TYPE_BY_STATUS[statusCode] ?? (statusCode >= 500 ? 'api_error' : 'invalid_request_error');
}

/**
 * Picks the class from the response: a body that names `authentication_error` (Checkout answers a bad
 * key with 403), then the status where it is unambiguous (401, 403, 409, 429, 5xx), then an
 * idempotency `code`, then the body's `type`; otherwise an invalid request for 4xx (400, 402 declines
 * and refusals, 404, 422) and an API error for the rest.
 */
export function errorClassFor(
  statusCode: number,
  type: string | null | undefined,
  code?: string | null,
): ErrorClass {
  const family =
    type === 'authentication_error'
      ? type
      : (TYPE_BY_STATUS[statusCode] ??
        (statusCode >= 500 ? 'api_error' : IDEMPOTENCY_CODES.includes(code) ? 'idempotency_error' : type));
  return (
    (family && Object.hasOwn(CLASS_BY_TYPE, family) ? CLASS_BY_TYPE[family] : undefined) ??
    (statusCode >= 400 ? RefundkitInvalidRequestError : RefundkitAPIError)
  );
}
