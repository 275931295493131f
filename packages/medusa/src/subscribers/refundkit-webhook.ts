import type { SubscriberArgs, SubscriberConfig } from '@medusajs/framework';
import { ContainerRegistrationKeys } from '@medusajs/framework/utils';
import { refundkitModule, syncGatewayRefund } from '../lib/sync';
import type { WebhookPayload } from '../lib/webhook';

interface WebhookReceived {
  provider: string;
  payload: WebhookPayload;
}

/**
 * Medusa turns every `POST /hooks/payment/refundkit_<id>` into this event; the provider handles the
 * session events, this keeps refund statuses. The event is only a hint: the signature is checked
 * and the refund is re-fetched from the gateway before anything is recorded.
 */
export default async function refundkitWebhook({ event, container }: SubscriberArgs<WebhookReceived>) {
  const { provider, payload } = event.data;
  if (!provider?.replace(/^pp_/, '').startsWith('refundkit')) return;
  const module = refundkitModule(container);
  const verified = await module.verifyWebhook(payload ?? {});
  if (!verified?.type.startsWith('refund.') || !verified.objectId) return;
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const refund = await module.gateway().refunds.retrieve(verified.objectId);
  const change = await syncGatewayRefund(container, refund, { source: `webhook:${verified.type}` });
  if (change?.changed)
    logger.info(`refundkit: refund ${refund.id} is ${change.record.status} (${verified.type})`);
}

export const config: SubscriberConfig = {
  event: 'payment.webhook_received',
  context: { subscriberId: 'refundkit-refund-webhook' },
};
