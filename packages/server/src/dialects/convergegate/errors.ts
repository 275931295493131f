import { isRefundError, type RefundErrorCode } from '@refundkit/core';
import { clientErrorCode, DomainError, type ErrorKind } from '../../domain/errors.js';
import type { ConvergeGateError, ConvergeGateErrorType } from './objects.js';

// HTTP status per error kind, after the vendor's sibling table (spec 5.4): 400 bad parameters,
// 401 no valid key, 402 valid parameters but the operation failed, 404, 409 idempotency clash.
const BY_KIND: Record<ErrorKind, [number, ConvergeGateErrorType]> = {
  invalid_request: [400, 'invalid_request_error'],
  authentication: [401, 'authentication_error'],
  not_found: [404, 'invalid_request_error'],
  conflict: [409, 'invalid_request_error'],
  unprocessable: [422, 'invalid_request_error'],
  declined: [402, 'voucher_error'],
  refused: [402, 'invalid_request_error'],
  rate_limited: [429, 'invalid_request_error'],
  api: [500, 'api_error'],
};

// Core codes about the request's shape are 400; the rest refuse a well-formed request (402).
const SHAPE_CODES: ReadonlySet<RefundErrorCode> = new Set([
  'amount_invalid',
  'reason_invalid',
  'metadata_invalid',
  'currency_invalid',
  'currency_mismatch',
  'status_invalid',
]);

// Validation errors on these parameters carry core's code, so a client sees one code per problem.
const PARAM_CODES: Record<string, RefundErrorCode> = {
  amount: 'amount_invalid',
  reason: 'reason_invalid',
  metadata: 'metadata_invalid',
  currency: 'currency_invalid',
};

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string | undefined;
}

export interface RenderedError {
  statusCode: number;
  body: ConvergeGateError;
}

const body = (
  type: ConvergeGateErrorType,
  code: string,
  message: string,
  param?: string,
  extra: Record<string, unknown> = {},
): ConvergeGateError => ({
  error: { type, message, ...(param ? { param } : {}), code, ...extra },
});

/** `/metadata/foo` -> `metadata[foo]`, the way form encoding names a nested parameter. */
const paramName = (path: string[]): string => path.map((p, i) => (i === 0 ? p : `[${p}]`)).join('');

function fromValidation(issue: ValidationIssue): RenderedError {
  const path = issue.instancePath.split('/').filter(Boolean).map(decodeURIComponent);
  if (issue.keyword === 'required') {
    const param = paramName([...path, String(issue.params['missingProperty'])]);
    return {
      statusCode: 400,
      body: body('invalid_request_error', 'parameter_missing', `Missing required param: ${param}.`, param),
    };
  }
  if (issue.keyword === 'additionalProperties') {
    const param = paramName([...path, String(issue.params['additionalProperty'])]);
    return {
      statusCode: 400,
      body: body(
        'invalid_request_error',
        'parameter_unknown',
        `Received unknown parameter: ${param}.`,
        param,
      ),
    };
  }
  if (path[0] === 'idempotency-key') {
    return {
      statusCode: 400,
      body: body(
        'invalid_request_error',
        'idempotency_key_invalid',
        'Idempotency-Key must be 1 to 255 characters.',
        'Idempotency-Key',
      ),
    };
  }
  const param = paramName(path);
  const code = PARAM_CODES[path[0] ?? ''] ?? 'parameter_invalid';
  return {
    statusCode: 400,
    body: body(
      'invalid_request_error',
      code,
      `Invalid ${param || 'request'}: ${issue.message ?? 'invalid value'}.`,
      param,
    ),
  };
}

/** Any thrown value -> the ConvergeGate error object and its HTTP status. Unknown errors are 500s. */
export function renderError(error: unknown): RenderedError {
  if (error instanceof DomainError) {
    const [statusCode, type] = BY_KIND[error.kind];
    return { statusCode, body: body(type, error.code, error.message, error.param, { ...error.extra }) };
  }
  if (isRefundError(error)) {
    const statusCode = SHAPE_CODES.has(error.code) ? 400 : 402;
    return { statusCode, body: body('invalid_request_error', error.code, error.message, error.param) };
  }
  const e = error as { validation?: ValidationIssue[]; statusCode?: number; code?: string; message?: string };
  if (Array.isArray(e.validation) && e.validation[0]) return fromValidation(e.validation[0]);
  // Fastify's own client errors: malformed JSON, unsupported media type, body too large, …
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      statusCode: e.statusCode,
      body: body('invalid_request_error', clientErrorCode(e.statusCode), e.message ?? 'Malformed request.'),
    };
  }
  return {
    statusCode: 500,
    body: body(
      'api_error',
      'internal_error',
      'Something went wrong on our side. The request may be retried.',
    ),
  };
}
