import { isRefundError } from '@refundkit/core';
import { clientErrorCode, DomainError, type ErrorKind } from '../../domain/errors.js';

/** Checkout's error object: `{ status, code, message, param? }`. */
export interface CheckoutError {
  status: number;
  code: string;
  message: string;
  param?: string;
}

// Seed 003: 403 for a missing or wrong key (not 401), 409 for a key in flight, 422 for a key reused
// with another payload.
const STATUS: Record<ErrorKind, number> = {
  invalid_request: 400,
  authentication: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  declined: 402,
  refused: 400,
  rate_limited: 429,
  api: 500,
};

const body = (status: number, code: string, message: string, param?: string): CheckoutError => ({
  status,
  code,
  message,
  ...(param ? { param } : {}),
});

export function renderCheckoutError(error: unknown): { statusCode: number; body: CheckoutError } {
  if (error instanceof DomainError) {
    const status = STATUS[error.kind];
    return { statusCode: status, body: body(status, error.code, error.message, error.param) };
  }
  if (isRefundError(error)) {
    const message =
      error.code === 'partial_not_supported'
        ? 'Partial refunds are not supported in the Checkout API: omit amount (or send the full amount) to refund the whole checkout.'
        : error.message;
    return { statusCode: 400, body: body(400, error.code, message, error.param) };
  }
  const e = error as {
    validation?: {
      keyword: string;
      instancePath: string;
      params: Record<string, unknown>;
      message?: string;
    }[];
    statusCode?: number;
    message?: string;
  };
  const issue = e.validation?.[0];
  if (issue) {
    const path = issue.instancePath.split('/').filter(Boolean).join('.');
    if (issue.keyword === 'required') {
      const param = [path, String(issue.params['missingProperty'])].filter(Boolean).join('.');
      return { statusCode: 400, body: body(400, 'parameter_missing', `${param} is required.`, param) };
    }
    if (issue.keyword === 'additionalProperties') {
      const param = [path, String(issue.params['additionalProperty'])].filter(Boolean).join('.');
      return { statusCode: 400, body: body(400, 'parameter_unknown', `Unknown parameter ${param}.`, param) };
    }
    return {
      statusCode: 400,
      body: body(
        400,
        'parameter_invalid',
        `${path || 'request'} ${issue.message ?? 'is invalid'}.`,
        path || undefined,
      ),
    };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      statusCode: e.statusCode,
      body: body(e.statusCode, clientErrorCode(e.statusCode), e.message ?? 'Malformed request.'),
    };
  }
  return {
    statusCode: 500,
    body: body(500, 'internal_error', 'Something went wrong on our side; retry the request.'),
  };
}
