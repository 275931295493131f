import type { SubscriberArgs, SubscriberConfig } from '@medusajs/framework';
import { ContainerRegistrationKeys } from '@medusajs/framework/utils';
import { readData } from '../lib/data';
import { syncGatewayRefund } from '../lib/sync';

/**
 * After Medusa's refund workflow: record the gateway refund(s) the provider wrote into the payment's
 * data, tied to Medusa's refund row and the order, so the status is tracked from the first moment.
 */
export default async function refundkitPaymentRefunded({ event, container }: SubscriberArgs<{ id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data: payments } = await query.graph({
    entity: 'payment',
    fields: ['id', 'provider_id', 'data'],
    filters: { id: event.data.id },
  });
  const payment = payments[0] as
    | { id: string; provider_id: string; data: Record<string, unknown> | null }
    | undefined;
  if (!payment?.provider_id.startsWith('pp_refundkit')) return;
  const data = readData(payment.data ?? undefined);
  for (const entry of data.refunds) {
    await syncGatewayRefund(
      container,
      {
        id: entry.id,
        paymentId: data.session_id,
        amount: { amount: entry.amount, currency: data.currency },
        status: entry.status,
        reason: entry.reason,
        failureReason: null,
        metadata: {},
      },
      {
        source: 'refund_payment',
        paymentId: payment.id,
        medusaRefundId: entry.medusa_refund_id,
        idempotencyKey: entry.idempotency_key,
      },
    );
  }
}

export const config: SubscriberConfig = {
  event: 'payment.refunded',
  context: { subscriberId: 'refundkit-payment-refunded' },
};
