import type { Payment, Refund, RefundReason } from '@refundkit/core';
import { type CreateRefundInput, RefundRequestError, type RefundTransport } from '@refundkit/react';

/** A refund as the plugin's admin routes send it. */
export interface AdminRefund {
  id: string;
  gateway_refund_id: string;
  session_id: string;
  payment_id: string;
  medusa_refund_id: string | null;
  amount: number;
  currency_code: string;
  status: Refund['status'];
  reason: string | null;
  failure_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface AdminPayment {
  id: string;
  session_id: string | null;
  currency_code: string;
  amount: number;
  captured: number;
  refunded: number;
  created_at: string;
}

export interface OrderRefundsBody {
  order_id: string;
  refund_failed: boolean;
  refunds: AdminRefund[];
  payments: AdminPayment[];
  /** Medusa refund reason codes per reason, from the plugin's `reasons` option. */
  reason_codes?: Partial<Record<RefundReason, readonly string[]>>;
}

type Fetch = typeof fetch;

/** The plugin's default codes, for a backend that does not send its own. */
const REASON_CODES: Readonly<Record<RefundReason, readonly string[]>> = {
  requested_by_customer: ['requested_by_customer', 'customer_request', 'return'],
  duplicate: ['duplicate', 'duplicated'],
  fraudulent: ['fraudulent', 'fraud'],
  other: ['other'],
};

const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

/** A plugin record as the canonical refund the components show. */
export function toRefund(refund: AdminRefund): Refund {
  const reason = refund.reason === 'duplicated' ? 'duplicate' : refund.reason;
  return {
    id: refund.gateway_refund_id,
    dialect: 'convergegate',
    paymentId: refund.payment_id,
    amount: { amount: refund.amount, currency: refund.currency_code.toUpperCase() },
    status: refund.status,
    reason: (reason as RefundReason | null) ?? null,
    reasonText: null,
    metadata: {},
    failureReason: refund.failure_reason,
    livemode: false,
    createdAt: seconds(refund.created_at),
    updatedAt: seconds(refund.updated_at),
  };
}

/** A Medusa payment as the canonical payment `<RefundButton>` checks amounts against. */
export function toPayment(payment: AdminPayment): Payment {
  return {
    id: payment.id,
    dialect: 'convergegate',
    amount: { amount: payment.amount, currency: payment.currency_code.toUpperCase() },
    captured: payment.captured,
    refunded: payment.refunded,
    state: payment.captured > 0 ? 'succeeded' : 'processing',
    livemode: false,
    createdAt: seconds(payment.created_at),
  };
}

export interface MedusaTransportOptions {
  /** The Medusa backend; '' when the admin is served by Medusa itself. */
  baseUrl?: string | undefined;
  /** The store's reason codes (the order route's `reason_codes`); the plugin's defaults without. */
  reasonCodes?: (() => OrderRefundsBody['reason_codes']) | undefined;
  fetch?: Fetch | undefined;
}

/**
 * The widget's way to the backend: refunds go through the plugin's
 * `POST /admin/payments/:id/refundkit-refunds`, which runs Medusa's own refund workflow (so its
 * checks, order transactions and the provider's rules all apply); statuses come from the plugin's
 * routes. The admin's session cookie authenticates every call.
 */
export function createMedusaTransport(options: MedusaTransportOptions): RefundTransport {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(base + path, {
        method,
        credentials: 'include',
        headers: {
          ...(body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' }),
          ...extraHeaders,
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new RefundRequestError('network_error', (error as Error).message || 'Network error.', 0);
    }
    const data = (await response.json().catch(() => undefined)) as
      | (T & { message?: string; code?: string; type?: string })
      | undefined;
    if (!response.ok) {
      // Medusa's errors are `{ type, message }`; the provider puts the rule's words in `message`.
      throw new RefundRequestError(
        data?.code ?? data?.type ?? 'http_error',
        data?.message ?? `HTTP ${response.status}`,
        response.status,
      );
    }
    return data as T;
  }

  async function reasonId(reason: RefundReason | null, signal?: AbortSignal): Promise<string | undefined> {
    if (!reason) return undefined;
    const { refund_reasons } = await call<{ refund_reasons: { id: string; code: string }[] }>(
      'GET',
      '/admin/refund-reasons?limit=100',
      undefined,
      signal,
    );
    const codes = options.reasonCodes?.()?.[reason] ?? REASON_CODES[reason];
    // The first code in the store's order wins when several of its refund reasons match.
    for (const code of codes) {
      const found = refund_reasons.find((row) => row.code === code);
      if (found) return found.id;
    }
    return undefined;
  }

  return {
    async createRefund(input: CreateRefundInput, signal?: AbortSignal) {
      const refundReasonId = await reasonId(input.reason, signal);
      // The plugin's route answers with the refund this request made (never found by diffing the
      // payment's refunds, which picks another admin's when two refund at once), and sends the
      // attempt's key on to the gateway: a retry of this attempt pays once.
      const { refund } = await call<{ refund: AdminRefund }>(
        'POST',
        `/admin/payments/${encodeURIComponent(input.paymentId)}/refundkit-refunds`,
        {
          amount: input.amount,
          ...(refundReasonId ? { refund_reason_id: refundReasonId } : {}),
          ...(input.note ? { note: input.note } : {}),
        },
        signal,
        { 'idempotency-key': input.idempotencyKey },
      );
      return toRefund(refund);
    },
    async getRefund(id: string, signal?: AbortSignal) {
      const { refund } = await call<{ refund: AdminRefund }>(
        'GET',
        `/admin/refundkit/refunds/${encodeURIComponent(id)}`,
        undefined,
        signal,
      );
      return toRefund(refund);
    },
  };
}

export async function fetchOrderRefunds(
  orderId: string,
  options: { baseUrl?: string | undefined; fetch?: Fetch | undefined; signal?: AbortSignal } = {},
): Promise<OrderRefundsBody> {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const response = await (options.fetch ?? fetch)(
    `${base}/admin/orders/${encodeURIComponent(orderId)}/refundkit-refunds`,
    { credentials: 'include', headers: { accept: 'application/json' }, signal: options.signal ?? null },
  );
  if (!response.ok) throw new RefundRequestError('http_error', `HTTP ${response.status}`, response.status);
  return (await response.json()) as OrderRefundsBody;
}
