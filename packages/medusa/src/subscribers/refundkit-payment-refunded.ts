import type { SubscriberArgs, SubscriberConfig } from '@medusajs/framework';
import { recordFromPaymentData } from '../lib/sync';

/**
 * After Medusa's refund workflow: record the gateway refund(s) the provider wrote into the payment's
 * data, tied to Medusa's refund row and the order, so the status is tracked from the first moment.
 */
export default async function refundkitPaymentRefunded({ event, container }: SubscriberArgs<{ id: string }>) {
  await recordFromPaymentData(container, event.data.id);
}

export const config: SubscriberConfig = {
  event: 'payment.refunded',
  context: { subscriberId: 'refundkit-payment-refunded' },
};
