import { model } from '@medusajs/framework/utils';

/**
 * One refund as the gateway knows it, tied to Medusa's payment (and refund row, when one exists).
 * Medusa's own Refund has no status, so this is where "did the money actually go back" lives.
 */
export const RefundkitRefund = model
  .define('refundkit_refund', {
    id: model.id({ prefix: 'rkref' }).primaryKey(),
    gateway_refund_id: model.text(),
    session_id: model.text(),
    payment_id: model.text(),
    /** Medusa's refund row; null when Medusa removed it (a failed call) or never had one. */
    medusa_refund_id: model.text().nullable(),
    order_id: model.text().nullable(),
    /** Minor units of `currency_code`, as the gateway counts them. */
    amount: model.number(),
    currency_code: model.text(),
    status: model.enum(['pending', 'requires_action', 'succeeded', 'failed', 'canceled']).default('pending'),
    reason: model.text().nullable(),
    failure_reason: model.text().nullable(),
    idempotency_key: model.text(),
    /** Every status it has had: `{ status, at, source }`, oldest first. */
    history: model.json().default({ entries: [] }),
    /** When the status last came from the gateway (webhook or poll). */
    synced_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ['gateway_refund_id'], unique: true },
    { on: ['order_id'] },
    { on: ['payment_id'] },
    { on: ['status'] },
  ]);
