import { heldAmount, type Payment, type Refund, refundableAmount } from '@refundkit/core';

/** A payment's refund figures in minor units. Pure and DOM-free: the backend and the dashboard share it. */
export interface Figures {
  /** Refunded for good (succeeded). */
  readonly refunded: number;
  /** Held by refunds still on their way (pending, requires_action). */
  readonly pending: number;
  /** Still refundable: core's cap rule (captured − everything held). */
  readonly refundable: number;
}

export function figuresOf(payment: Payment, refunds: readonly Refund[]): Figures {
  const mine = refunds.filter((r) => r.paymentId === payment.id);
  const sum = (statuses: readonly string[]) =>
    mine.filter((r) => statuses.includes(r.status)).reduce((total, r) => total + r.amount.amount, 0);
  const holds = mine.map((r) => ({ amount: r.amount.amount, status: r.status }));
  // What the payment reports as held beyond the refunds listed here (a list that lags) counts as refunded.
  const unlisted = Math.max(0, payment.refunded - heldAmount(holds));
  if (unlisted > 0) holds.push({ amount: unlisted, status: 'succeeded' });
  return {
    refunded: sum(['succeeded']) + unlisted,
    pending: sum(['pending', 'requires_action']),
    refundable: payment.state === 'succeeded' ? refundableAmount(payment, holds) : 0,
  };
}
