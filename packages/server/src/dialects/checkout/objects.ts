import { createHmac } from 'node:crypto';
import { type RefundReason, reasonToDialect } from '@refundkit/core';
import type { EventKind, PaymentRow, RefundRow, Renderer } from '../../domain/context.js';
import type { EndpointDialect } from '../../workers/endpoint-deliveries.js';

// Checkout ids: `ch_…` for checkouts (the seed's example), `rfd_…` for refunds.
export const CHECKOUT = 'ch_';
export const REFUND = 'rfd_';
export const outward = (prefix: string, id: string): string => `${prefix}${id}`;
/** `ch_abc` -> `abc`; another prefix names nothing: `!` is never in an issued (base64url) id. */
export const inward = (prefix: string, id: string): string =>
  id.startsWith(prefix) ? id.slice(prefix.length) : `!${id}`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const CHECKOUT_STATUS: Record<string, string> = {
  requires_payment: 'pending',
  succeeded: 'paid',
  expired: 'expired',
};

export function renderCheckout(row: PaymentRow): Record<string, unknown> {
  const data = row.data as { reference?: string | null; description?: string | null };
  return {
    id: outward(CHECKOUT, row.id),
    amount: row.amount,
    currency: row.currency,
    status: CHECKOUT_STATUS[row.state] ?? row.state,
    amountRefunded: row.amount_refunded,
    reference: data.reference ?? null,
    description: data.description ?? null,
    metadata: row.metadata,
    livemode: row.livemode,
    createdAt: iso(row.created_at),
    paidAt: iso(row.captured_at),
    expiresAt: iso(row.expires_at),
  };
}

export function renderCheckoutRefund(row: RefundRow): Record<string, unknown> {
  return {
    id: outward(REFUND, row.id),
    checkoutId: outward(CHECKOUT, row.payment_id),
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    reason: row.reason === null ? null : reasonToDialect(row.reason as RefundReason, 'checkout'),
    reasonText: row.reason_text,
    reference: row.reference ?? null,
    metadata: row.metadata,
    failureReason: row.failure_reason,
    livemode: row.livemode,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

// Metadata updates are not announced in this dialect.
const EVENT_TYPES: Record<Exclude<EventKind, 'refund.updated'>, string> = {
  'payment.created': 'checkout.created',
  'payment.succeeded': 'checkout.paid',
  'payment.expired': 'checkout.expired',
  'refund.created': 'refund.pending',
  'refund.succeeded': 'refund.succeeded',
  'refund.failed': 'refund.failed',
  'refund.requires_action': 'refund.pending',
  'refund.canceled': 'refund.failed',
};

export const checkoutRenderer = (): Renderer => ({
  payment: renderCheckout,
  refund: renderCheckoutRefund,
  event: (event, object) => ({
    id: event.id,
    type: event.type,
    createdAt: new Date(event.created_at * 1000).toISOString(),
    livemode: event.livemode,
    data: object,
  }),
  eventType: (kind) => (kind === 'refund.updated' ? undefined : EVENT_TYPES[kind]),
});

/**
 * Checkout's webhook signature (the seed names none; this one is documented in the README):
 * `Checkout-Signature: t=<unix s>,v1=<hex HMAC-SHA256(endpoint secret, "<t>.<raw body>")>`, with
 * the event id in `Checkout-Event-Id`.
 */
export function checkoutSignature(secret: string, payload: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export const checkoutEndpoints: EndpointDialect = {
  async derive(_trx, event) {
    return [{ id: event.id, type: event.type, payload: event.payload }];
  },
  headers(secret, payload, eventId, nowMs) {
    return {
      'checkout-signature': checkoutSignature(secret, payload, Math.floor(nowMs / 1000)),
      'checkout-event-id': eventId,
    };
  },
};
