import { type RefundReason, reasonToDialect } from '@refundkit/core';
import type { EventKind, PaymentRow, RefundRow, Renderer } from '../../domain/context.js';

// Stripe ids carry a type prefix; the shared tables keep the bare id, so one payment row is both
// the PaymentIntent `pi_…` and its Charge `ch_…`, and a refund row is `re_…`.
export const PREFIX = {
  intent: 'pi_',
  charge: 'ch_',
  refund: 're_',
  fee: 'fee_',
  transfer: 'tr_',
  feeRefund: 'fr_',
  reversal: 'trr_',
} as const;

export const stripeId = (prefix: string, id: string): string => `${prefix}${id}`;
/**
 * `pi_abc` -> `abc` when the prefix matches. Anything else names nothing, so it maps to an id no row
 * has: issued ids are base64url, which never contains `!`.
 */
export const bareId = (prefix: string, id: string): string =>
  id.startsWith(prefix) ? id.slice(prefix.length) : `!${id}`;

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The payment row's Stripe-only fields, stored in `payments.data`. */
export interface IntentData {
  kind?: 'payment_intent' | 'balance';
  payment_method?: string | null;
  customer?: string | null;
  description?: string | null;
  receipt_email?: string | null;
  application_fee_amount?: number | null;
  transfer_destination?: string | null;
  /** `transfer_data[amount]`; without it the destination gets the amount less the application fee. */
  transfer_amount?: number | null;
  /** Sandbox: what the processor does with this payment's refunds. */
  refund_outcome?: 'failed' | 'requires_action' | null;
  disputed?: boolean;
  last_payment_error?: Record<string, unknown> | null;
}

export const intentData = (row: PaymentRow): IntentData => row.data as IntentData;

export function renderIntent(row: PaymentRow): Record<string, unknown> {
  const d = intentData(row);
  const paid = row.state === 'succeeded';
  const status = paid
    ? 'succeeded'
    : row.state === 'canceled'
      ? 'canceled'
      : d.payment_method
        ? 'requires_confirmation'
        : 'requires_payment_method';
  const id = stripeId(PREFIX.intent, row.id);
  return {
    id,
    object: 'payment_intent',
    amount: row.amount,
    amount_capturable: 0,
    amount_received: paid ? row.captured : 0,
    application_fee_amount: d.application_fee_amount ?? null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${row.id.slice(0, 12)}`,
    confirmation_method: 'automatic',
    created: seconds(row.created_at),
    currency: row.currency.toLowerCase(),
    customer: d.customer ?? null,
    description: d.description ?? null,
    last_payment_error: d.last_payment_error ?? null,
    latest_charge: paid ? stripeId(PREFIX.charge, row.id) : null,
    livemode: row.livemode,
    metadata: row.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: d.payment_method ?? null,
    payment_method_types: ['card'],
    receipt_email: d.receipt_email ?? null,
    status,
    transfer_data: d.transfer_destination
      ? { amount: d.transfer_amount ?? null, destination: d.transfer_destination }
      : null,
  };
}

export function renderCharge(row: PaymentRow): Record<string, unknown> {
  const d = intentData(row);
  return {
    id: stripeId(PREFIX.charge, row.id),
    object: 'charge',
    amount: row.amount,
    amount_captured: row.captured,
    amount_refunded: row.amount_refunded,
    application_fee: d.application_fee_amount ? stripeId(PREFIX.fee, row.id) : null,
    application_fee_amount: d.application_fee_amount ?? null,
    balance_transaction: `txn_${row.id}`,
    captured: true,
    created: seconds(row.captured_at ?? row.created_at),
    currency: row.currency.toLowerCase(),
    customer: d.customer ?? null,
    description: d.description ?? null,
    disputed: d.disputed === true,
    failure_code: null,
    failure_message: null,
    livemode: row.livemode,
    metadata: row.metadata,
    paid: true,
    payment_intent: stripeId(PREFIX.intent, row.id),
    payment_method: d.payment_method ?? null,
    receipt_email: d.receipt_email ?? null,
    refunded: row.captured > 0 && row.amount_refunded === row.captured,
    status: 'succeeded',
    transfer: d.transfer_destination ? stripeId(PREFIX.transfer, row.id) : null,
    transfer_data: d.transfer_destination
      ? { amount: d.transfer_amount ?? null, destination: d.transfer_destination }
      : null,
  };
}

// Stripe's failure reasons; the sandbox's generic failure reads as a closed card.
const FAILURE_REASONS: Record<string, string> = { sandbox_failure: 'expired_or_canceled_card' };

/** Refund extras fixed at creation (refund_details.data). */
export interface RefundDetails {
  charge?: string | null;
  payment_intent?: string | null;
  instructions_email?: string | null;
  origin?: 'customer_balance' | null;
  customer?: string | null;
  transfer_reversal?: string | null;
  /** The part of the transfer this refund reversed (with `reverse_transfer`). */
  transfer_reversal_amount?: number | null;
  /** The part of the application fee this refund gave back (with `refund_application_fee`). */
  fee_refund?: number | null;
}

export function renderRefund(row: RefundRow, details: RefundDetails = {}): Record<string, unknown> {
  const balance = details.origin === 'customer_balance';
  return {
    id: stripeId(PREFIX.refund, row.id),
    object: 'refund',
    amount: row.amount,
    balance_transaction: row.status === 'failed' || row.status === 'canceled' ? null : `txn_${row.id}`,
    charge: balance ? null : stripeId(PREFIX.charge, row.payment_id),
    created: seconds(row.created_at),
    currency: row.currency.toLowerCase(),
    destination_details: balance
      ? { customer_cash_balance: {}, type: 'customer_cash_balance' }
      : {
          card: {
            reference: row.status === 'succeeded' ? row.id.slice(0, 12) : null,
            reference_status: row.status === 'succeeded' ? 'available' : 'pending',
            reference_type: 'acquirer_reference_number',
            type: 'refund',
          },
          type: 'card',
        },
    ...(row.failure_reason
      ? {
          failure_balance_transaction: null,
          failure_reason: FAILURE_REASONS[row.failure_reason] ?? 'unknown',
        }
      : {}),
    ...(details.instructions_email ? { instructions_email: details.instructions_email } : {}),
    metadata: row.metadata,
    ...(row.status === 'requires_action'
      ? {
          next_action: {
            type: 'display_details',
            display_details: {
              email_sent: {
                email_sent_at: seconds(row.updated_at),
                email_sent_to: details.instructions_email ?? null,
              },
              expires_at: seconds(row.updated_at) + 45 * 24 * 3600,
            },
          },
        }
      : {}),
    payment_intent: balance ? null : stripeId(PREFIX.intent, row.payment_id),
    reason: row.reason === null ? null : reasonToDialect(row.reason as RefundReason, 'stripe'),
    receipt_number: null,
    source_transfer_reversal: null,
    status: row.status,
    transfer_reversal: details.transfer_reversal ?? null,
  };
}

export const API_VERSION = '2025-08-27.basil';

// refund.succeeded, requires_action and canceled are all `refund.updated` on Stripe.
const EVENT_TYPES: Record<EventKind, string> = {
  'payment.created': 'payment_intent.created',
  'payment.succeeded': 'payment_intent.succeeded',
  'payment.expired': 'payment_intent.canceled',
  'refund.created': 'refund.created',
  'refund.succeeded': 'refund.updated',
  'refund.failed': 'refund.failed',
  'refund.requires_action': 'refund.updated',
  'refund.canceled': 'refund.updated',
  'refund.updated': 'refund.updated',
};

export function stripeEvent(
  event: { id: string; type: string; created_at: number; livemode: boolean },
  object: unknown,
): Record<string, unknown> {
  return {
    id: event.id,
    object: 'event',
    api_version: API_VERSION,
    created: event.created_at,
    data: { object },
    livemode: event.livemode,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: event.type,
  };
}

export const stripeRenderer = (): Renderer => ({
  payment: renderIntent,
  refund: (row) => renderRefund(row),
  event: stripeEvent,
  eventType: (kind) => EVENT_TYPES[kind],
});

/** What the destination of a destination charge receives. */
export const transferAmount = (row: PaymentRow): number => {
  const d = intentData(row);
  return d.transfer_amount ?? row.captured - (d.application_fee_amount ?? 0);
};
