import { createHmac } from 'node:crypto';
import { asPayment, asRefund } from '../../domain/context.js';
import { newEventId } from '../../domain/ids.js';
import type { EndpointDialect } from '../../workers/endpoint-deliveries.js';
import { bareId, PREFIX, type RefundDetails, renderCharge, renderRefund, stripeEvent } from './objects.js';

/** Stripe's scheme: `Stripe-Signature: t=<unix s>,v1=<hex HMAC-SHA256(endpoint secret, "<t>.<body>")>`. */
export function stripeSignature(secret: string, payload: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export const stripeEndpoints: EndpointDialect = {
  async derive(trx, event) {
    const parsed = JSON.parse(event.payload) as { data: { object: Record<string, unknown> } };
    if (!event.type.startsWith('refund.'))
      return [{ id: event.id, type: event.type, payload: event.payload }];
    const refundId = bareId(PREFIX.refund, String(parsed.data.object['id']));
    const [refund, details] = await Promise.all([
      trx.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirst(),
      trx.selectFrom('refund_details').select('data').where('refund_id', '=', refundId).executeTakeFirst(),
    ]);
    const extra = (details?.data ?? {}) as unknown as RefundDetails;
    // The stored object was rendered when the event happened; the creation-time extras join it here.
    const object = refund
      ? { ...renderRefund(asRefund({ ...refund, ...pick(parsed.data.object) }), extra) }
      : parsed.data.object;
    const out = [
      {
        id: event.id,
        type: event.type,
        payload: JSON.stringify({ ...JSON.parse(event.payload), data: { object } }),
      },
    ];
    // Stripe announces the charge's new amount_refunded with every refund it creates.
    if (event.type === 'refund.created' && refund && extra.origin !== 'customer_balance') {
      const payment = await trx
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', refund.payment_id)
        .executeTakeFirst();
      if (payment) {
        const id = newEventId();
        out.push({
          id,
          type: 'charge.refunded',
          payload: JSON.stringify(
            stripeEvent(
              {
                id,
                type: 'charge.refunded',
                created_at: Math.floor(event.created_at / 1000),
                livemode: event.livemode,
              },
              renderCharge(asPayment(payment)),
            ),
          ),
        });
      }
    }
    return out;
  },
  headers(secret, payload, _eventId, nowMs) {
    return { 'stripe-signature': stripeSignature(secret, payload, Math.floor(nowMs / 1000)) };
  },
};

/** The event-time fields of a rendered refund, so a late fan-out still shows the status it announced. */
function pick(object: Record<string, unknown>) {
  return {
    status: String(object['status']),
    metadata: object['metadata'] as Record<string, string>,
  };
}
