import type { Dialect } from './dialect.js';
import type { Metadata } from './metadata.js';
import type { Money } from './money.js';
import type { RefundReason } from './reasons.js';
import type { RefundStatus } from './status.js';

/** Where a payment is in its life; only `succeeded` payments can be refunded. */
export const PAYMENT_STATES = [
  'requires_payment',
  'processing',
  'succeeded',
  'canceled',
  'expired',
  'failed',
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/** What the policy needs to know about a payment. Amounts in minor units of `currency`. */
export interface PaymentSnapshot {
  readonly amount: number;
  readonly currency: string;
  /** Captured (paid) amount; the refund cap starts here. */
  readonly captured: number;
  readonly state: PaymentState;
  /** Unix seconds of capture (or creation), for the refund window. */
  readonly capturedAt: number;
  readonly settled?: boolean | undefined;
  readonly disputed?: boolean | undefined;
}

/** An existing refund as the cap rule sees it. */
export interface RefundHold {
  readonly amount: number;
  readonly status: RefundStatus;
}

/** The canonical refund: what every dialect's refund object becomes. */
export interface Refund {
  readonly id: string;
  readonly dialect: Dialect;
  /** The refunded payment: a checkout session, a charge / payment intent, or a checkout. */
  readonly paymentId: string;
  readonly amount: Money;
  readonly status: RefundStatus;
  readonly reason: RefundReason | null;
  /** Free text that came with `other`, where the dialect allows it. */
  readonly reasonText: string | null;
  readonly metadata: Metadata;
  readonly failureReason: string | null;
  readonly livemode: boolean;
  /** Unix seconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The canonical payment, for components and dashboards. */
export interface Payment {
  readonly id: string;
  readonly dialect: Dialect;
  readonly amount: Money;
  readonly captured: number;
  /** Sum of refunds holding money (pending, requires_action, succeeded). */
  readonly refunded: number;
  readonly state: PaymentState;
  readonly livemode: boolean;
  readonly createdAt: number;
}
