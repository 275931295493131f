import type { Dialect, Payment, Refund, RefundStatus } from '@refundkit/core';

/** A paid payment of `amount` minor units. */
export function payment(
  amount: number,
  currency = 'USD',
  dialect: Dialect = 'convergegate',
  id = 'pay_1',
): Payment {
  return {
    id,
    dialect,
    amount: { amount, currency },
    captured: amount,
    refunded: 0,
    state: 'succeeded',
    livemode: false,
    // Recent, so no refund window is ever closed by the clock.
    createdAt: Math.floor(Date.now() / 1000) - 3600,
  };
}

let next = 100;

export function refund(
  of: Payment,
  amount: number,
  status: RefundStatus = 'succeeded',
  extra: Partial<Refund> = {},
): Refund {
  next += 1;
  return {
    id: `re_${next}`,
    dialect: of.dialect,
    paymentId: of.id,
    amount: { amount, currency: of.amount.currency },
    status,
    reason: 'requested_by_customer',
    reasonText: null,
    metadata: {},
    failureReason: status === 'failed' ? 'The card was closed.' : null,
    livemode: false,
    createdAt: 1_760_000_000,
    updatedAt: 1_760_000_000,
    ...extra,
  };
}
