import { isRefundError, type RefundErrorCode } from '@refundkit/core';
import { clientErrorCode, DomainError, type ErrorKind } from '../../domain/errors.js';

export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'authentication_error';

export interface StripeError {
  error: {
    type: StripeErrorType;
    code?: string;
    message: string;
    param?: string;
    doc_url?: string;
    [k: string]: unknown;
  };
}

// Stripe answers 400 for bad parameters and refusals alike, 401 for keys, 402 for declined cards.
const BY_KIND: Record<ErrorKind, [number, StripeErrorType]> = {
  invalid_request: [400, 'invalid_request_error'],
  authentication: [401, 'invalid_request_error'],
  not_found: [404, 'invalid_request_error'],
  conflict: [409, 'invalid_request_error'],
  unprocessable: [400, 'idempotency_error'],
  declined: [402, 'card_error'],
  refused: [400, 'invalid_request_error'],
  rate_limited: [429, 'invalid_request_error'],
  api: [500, 'api_error'],
};

// Core refusals without payment context (the routes translate the ones that name the charge).
const CORE_CODES: Partial<Record<RefundErrorCode, string>> = {
  amount_invalid: 'parameter_invalid_integer',
  metadata_invalid: 'parameter_invalid_empty',
  reason_invalid: 'parameter_invalid_string',
  currency_invalid: 'parameter_invalid_string',
  invalid_transition: 'refund_update_invalid',
};

// Stripe documents these codes; the others (route_missing, path_invalid, …) are refundkit's, and a
// link to a Stripe page that does not exist would mislead.
const STRIPE_CODES = new Set([
  'amount_too_large',
  'amount_too_small',
  'balance_insufficient',
  'card_declined',
  'charge_already_refunded',
  'charge_disputed',
  'email_invalid',
  'idempotency_key_in_use',
  'parameter_invalid_empty',
  'parameter_invalid_integer',
  'parameter_missing',
  'parameter_unknown',
  'payment_intent_unexpected_state',
  'resource_missing',
  'url_invalid',
]);
const docUrl = (code: string) =>
  STRIPE_CODES.has(code)
    ? { doc_url: `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}` }
    : {};

export const stripeError = (
  type: StripeErrorType,
  message: string,
  code?: string,
  param?: string,
  extra: Record<string, unknown> = {},
): StripeError => ({
  error: {
    ...(code ? { code, ...docUrl(code) } : {}),
    message,
    ...(param ? { param } : {}),
    type,
    ...extra,
  },
});

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string | undefined;
}

const paramName = (path: string[]): string => path.map((p, i) => (i === 0 ? p : `[${p}]`)).join('');

function fromValidation(issue: ValidationIssue): { statusCode: number; body: StripeError } {
  const path = issue.instancePath.split('/').filter(Boolean).map(decodeURIComponent);
  if (issue.keyword === 'required') {
    const param = paramName([...path, String(issue.params['missingProperty'])]);
    return {
      statusCode: 400,
      body: stripeError(
        'invalid_request_error',
        `Missing required param: ${param}.`,
        'parameter_missing',
        param,
      ),
    };
  }
  if (issue.keyword === 'additionalProperties') {
    const param = paramName([...path, String(issue.params['additionalProperty'])]);
    return {
      statusCode: 400,
      body: stripeError(
        'invalid_request_error',
        `Received unknown parameter: ${param}`,
        'parameter_unknown',
        param,
      ),
    };
  }
  const param = paramName(path);
  // Every bound in these schemas is on an integer (amounts, limits): Stripe's words for them.
  if (issue.keyword === 'minimum' || issue.keyword === 'maximum') {
    const bound = String(issue.params['limit']);
    return {
      statusCode: 400,
      body: stripeError(
        'invalid_request_error',
        `This value must be ${issue.keyword === 'minimum' ? 'greater' : 'less'} than or equal to ${bound}.`,
        'parameter_invalid_integer',
        param,
      ),
    };
  }
  if (issue.keyword === 'type' && issue.params['type'] === 'integer') {
    return {
      statusCode: 400,
      body: stripeError('invalid_request_error', 'Invalid integer', 'parameter_invalid_integer', param),
    };
  }
  if (issue.keyword === 'enum') {
    const allowed = (issue.params['allowedValues'] as unknown[])
      .filter((v) => typeof v === 'string')
      .join(', ');
    return {
      statusCode: 400,
      body: stripeError(
        'invalid_request_error',
        `Invalid ${param}: must be one of ${allowed}`,
        'parameter_invalid_string',
        param,
      ),
    };
  }
  return {
    statusCode: 400,
    body: stripeError(
      'invalid_request_error',
      `Invalid ${param || 'request'}: ${issue.message ?? 'invalid value'}`,
      'parameter_invalid',
      param,
    ),
  };
}

/** Any thrown value -> Stripe's error object and HTTP status. */
export function renderStripeError(error: unknown): { statusCode: number; body: StripeError } {
  if (error instanceof DomainError) {
    const [statusCode, type] = BY_KIND[error.kind];
    if (error.code === 'idempotency_key_reused') {
      return { statusCode: 400, body: stripeError('idempotency_error', error.message, 'idempotency_error') };
    }
    return {
      statusCode,
      body: stripeError(
        (error.extra['type'] as StripeErrorType | undefined) ?? type,
        error.message,
        error.code,
        error.param,
        Object.fromEntries(Object.entries(error.extra).filter(([k]) => k !== 'type')),
      ),
    };
  }
  if (isRefundError(error)) {
    return {
      statusCode: 400,
      body: stripeError(
        'invalid_request_error',
        error.message,
        CORE_CODES[error.code] ?? error.code,
        error.param,
      ),
    };
  }
  const e = error as { validation?: ValidationIssue[]; statusCode?: number; message?: string };
  if (Array.isArray(e.validation) && e.validation[0]) return fromValidation(e.validation[0]);
  // Fastify's own client errors: malformed JSON, unsupported media type, body too large, …
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      statusCode: e.statusCode,
      body: stripeError(
        'invalid_request_error',
        e.message ?? 'Malformed request.',
        clientErrorCode(e.statusCode),
      ),
    };
  }
  return {
    statusCode: 500,
    body: stripeError('api_error', 'An unknown error occurred while processing your request.'),
  };
}

/** Stripe's own wording for the rule refusals that name the charge. */
export function refusal(
  code: string,
  message: string,
  param?: string,
  kind: ErrorKind = 'refused',
): DomainError {
  return new DomainError(kind, code, message, param);
}
