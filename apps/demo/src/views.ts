import type { Payment, PaymentState, Refund } from '@refundkit/core';
import type { CheckoutSession } from '@refundkit/sdk';
import { type Figures, figuresOf } from './figures.js';

/** A payment as the dashboard lists it: the canonical payment plus the figures and words around it. */
export interface PaymentView extends Figures {
  readonly payment: Payment;
  readonly customer: { readonly name: string; readonly email: string; readonly country: string };
  readonly description: string;
  /** Newest first. */
  readonly refunds: readonly Refund[];
}

const STATES: Record<CheckoutSession['status'], PaymentState> = {
  open: 'requires_payment',
  completed: 'succeeded',
  expired: 'expired',
};

/** A ConvergeGate checkout session as core's canonical payment. */
export function toPayment(session: CheckoutSession): Payment {
  const state = STATES[session.status] ?? 'requires_payment';
  return {
    id: session.id,
    dialect: 'convergegate',
    amount: { amount: session.amount_total, currency: session.currency.toUpperCase() },
    captured: state === 'succeeded' ? session.amount_total : 0,
    refunded: session.amount_refunded,
    state,
    livemode: session.livemode,
    createdAt: session.created_at,
  };
}

/** Only the canonical fields: the SDK's result also carries the raw object and response details. */
export function toRefund(refund: Refund): Refund {
  return {
    id: refund.id,
    dialect: refund.dialect,
    paymentId: refund.paymentId,
    amount: { amount: refund.amount.amount, currency: refund.amount.currency },
    status: refund.status,
    reason: refund.reason,
    reasonText: refund.reasonText,
    metadata: refund.metadata,
    failureReason: refund.failureReason,
    livemode: refund.livemode,
    createdAt: refund.createdAt,
    updatedAt: refund.updatedAt,
  };
}

export function paymentView(session: CheckoutSession, refunds: readonly Refund[]): PaymentView {
  const payment = toPayment(session);
  const mine = refunds.filter((r) => r.paymentId === session.id).map(toRefund);
  return {
    payment,
    customer: {
      name: `${session.customer_firstname} ${session.customer_lastname}`.trim(),
      email: session.customer_email,
      country: session.customer_country,
    },
    description: session.metadata['description'] ?? '',
    refunds: mine,
    ...figuresOf(payment, mine),
  };
}
