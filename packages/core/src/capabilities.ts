import type { Dialect } from './dialect.js';

/** What a gateway allows. The policy check reads only this, so a custom gateway is one object away. */
export interface Capabilities {
  /** Refund part of a payment; when false, only the whole captured amount, once. */
  readonly partialRefunds: boolean;
  /** Refunds holding money per payment; `null` = no limit. */
  readonly maxRefundsPerPayment: number | null;
  /** Smallest refund in minor units. */
  readonly minimumAmount: number;
  /** Days after capture a refund is still accepted; `null` = no window. */
  readonly refundWindowDays: number | null;
  /** Refund only settled payments. */
  readonly requiresSettled: boolean;
  /** Accepts `other` with free text as a reason. */
  readonly freeTextReason: boolean;
  /** Accepts refund metadata. */
  readonly metadata: boolean;
}

// ConvergeGate and Stripe: repeated partial refunds up to the captured amount, any time.
const partial: Capabilities = {
  partialRefunds: true,
  maxRefundsPerPayment: null,
  minimumAmount: 1,
  refundWindowDays: null,
  requiresSettled: false,
  freeTextReason: false,
  metadata: true,
};

export const CAPABILITIES: Readonly<Record<Dialect, Capabilities>> = {
  convergegate: partial,
  stripe: { ...partial },
  // Seed 003: "We do not currently support partial refunds in the Checkout API."
  checkout: { ...partial, partialRefunds: false, maxRefundsPerPayment: 1, freeTextReason: true },
};
