import type { Refund } from '@refundkit/core';
import { type ClientOptions, checkConfig, keyLivemode } from '../../config.js';
import { type RefundsResource, refundsResource, requireId, sendRefund } from '../../refunds.js';
import { type ApiRequest, type ApiResponse, createTransport, type RequestOptions } from '../../transport.js';
import { type EndpointWebhooks, endpointWebhooks } from '../timestamped.js';
import type { RefundResult } from '../types.js';
import { stripeRefunds } from './refunds.js';
import type { StripeEvent, StripeRefund } from './types.js';

export const STRIPE_SIGNATURE_HEADER = 'Stripe-Signature';

/** A verified Stripe event; refund events carry the canonical refund. */
export type StripeWebhookEvent = StripeEvent & { readonly refund: Refund | null };

export interface StripeRefundsResource extends RefundsResource<StripeRefund> {
  /** Cancels a refund that is still `requires_action` (Stripe's only cancellable state). */
  cancel(id: string, options?: RequestOptions): Promise<RefundResult<StripeRefund>>;
}

export interface StripeClient {
  readonly dialect: 'stripe';
  readonly refunds: StripeRefundsResource;
  readonly webhooks: EndpointWebhooks<StripeWebhookEvent>;
  /** A raw call through the same transport, for Stripe's other endpoints (payment intents, customers, …). */
  request<T = unknown>(request: ApiRequest, options?: RequestOptions): Promise<ApiResponse<T>>;
}

/** `createClient({ dialect: 'stripe', … })` without the other dialects. */
export function createStripeClient(config: ClientOptions & { readonly dialect?: 'stripe' }): StripeClient {
  const transport = createTransport({ ...checkConfig(config), wire: stripeRefunds.wire });
  // Stripe's refund objects do not say their mode; the key does.
  const context = { livemode: keyLivemode(config.secretKey) };
  return {
    dialect: 'stripe',
    refunds: {
      ...refundsResource(transport, stripeRefunds, context),
      async cancel(id, options) {
        requireId(id, 'id');
        const path = `/v1/refunds/${encodeURIComponent(id)}/cancel`;
        return sendRefund(transport, stripeRefunds, context, { method: 'POST', path }, options);
      },
    },
    webhooks: endpointWebhooks(STRIPE_SIGNATURE_HEADER, config.webhookToleranceSec, (event: StripeEvent) => {
      const object = event.data.object as unknown as StripeRefund;
      // refund.* carry the refund; charge.refunded carries the charge. The event says the mode.
      return object.object === 'refund'
        ? stripeRefunds.toRefund(object, { livemode: event.livemode === true })
        : null;
    }),
    request: transport.request,
  };
}
