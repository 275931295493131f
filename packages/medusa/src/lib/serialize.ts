import type { RefundRecord } from '../modules/refundkit/service';

/** A record as the admin API sends it. Amounts in minor units of `currency_code`. */
export function serializeRecord(refund: RefundRecord) {
  return {
    id: refund.id,
    gateway_refund_id: refund.gateway_refund_id,
    session_id: refund.session_id,
    payment_id: refund.payment_id,
    medusa_refund_id: refund.medusa_refund_id,
    order_id: refund.order_id,
    amount: refund.amount,
    currency_code: refund.currency_code,
    status: refund.status,
    reason: refund.reason,
    failure_reason: refund.failure_reason,
    history: refund.history?.entries ?? [],
    created_at: refund.created_at,
    updated_at: refund.updated_at,
  };
}

export type SerializedRefund = ReturnType<typeof serializeRecord>;
