import { isRefundReason, type RefundReason } from '@refundkit/core';
import { HttpError } from './http.js';

/** The dashboard's refund request, as `createFetchTransport` sends it. */
export interface RefundRequestBody {
  readonly paymentId: string;
  readonly amount: number;
  readonly reason: RefundReason | null;
  readonly note: string | undefined;
}

const invalid = (param: string, message: string) => new HttpError(400, 'parameter_invalid', message, param);

/** Checks the shape of the body; the refund rules themselves are the server's (core) to apply. */
export function parseRefundRequest(body: unknown): RefundRequestBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'body_invalid', 'The body must be a JSON object.');
  }
  const b = body as Record<string, unknown>;
  if (typeof b['paymentId'] !== 'string' || !/^[\w-]{1,255}$/.test(b['paymentId'])) {
    throw invalid('paymentId', 'paymentId must be a payment id.');
  }
  const amount = b['amount'];
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    throw invalid('amount', 'amount must be a positive whole number of minor units.');
  }
  const reason = b['reason'] ?? null;
  if (reason !== null && !isRefundReason(reason)) {
    throw invalid('reason', 'reason must be one of requested_by_customer, duplicate, fraudulent, or null.');
  }
  const note = b['note'];
  if (note !== undefined && note !== null && (typeof note !== 'string' || note.length > 500)) {
    throw invalid('note', 'note must be text of at most 500 characters.');
  }
  return {
    paymentId: b['paymentId'],
    amount,
    reason: reason as RefundReason | null,
    note: typeof note === 'string' && note.trim() ? note.trim() : undefined,
  };
}

/** The browser's key, namespaced so it can never collide with the seed's keys. */
export function idempotencyKeyFrom(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) throw new HttpError(400, 'parameter_missing', 'The Idempotency-Key header is required.');
  if (!/^[\w-]{8,200}$/.test(key)) {
    throw new HttpError(
      400,
      'parameter_invalid',
      'The Idempotency-Key header is malformed.',
      'idempotency-key',
    );
  }
  return `dashboard-${key}`;
}
