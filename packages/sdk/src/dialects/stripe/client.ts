import type { Refund } from '@refundkit/core';
import { statusFromWebhook } from '@refundkit/core';
import type { RawBody } from '../../crypto.js';
import { RefundkitSignatureError } from '../../errors.js';
import type { HeadersLike } from '../../headers.js';
import { type RefundsResource, refundsResource } from '../../refunds.js';
import {
  type ApiRequest,
  type ApiResponse,
  createTransport,
  type RequestOptions,
  type TransportConfig,
} from '../../transport.js';
import { stripeRefunds } from './refunds.js';
import { type EndpointVerifyOptions, verifyTimestamped } from './signature.js';
import type { StripeEvent, StripeRefund } from './types.js';

export const STRIPE_SIGNATURE_HEADER = 'Stripe-Signature';

/** A verified Stripe event; refund events carry the canonical refund. */
export type StripeWebhookEvent = StripeEvent & { readonly refund: Refund | null };

export interface EndpointWebhooks<Event> {
  /** Resolves when the body is authentic and fresh; throws `RefundkitSignatureError` otherwise. */
  verify(rawBody: RawBody, headers: HeadersLike, options: EndpointVerifyOptions): Promise<void>;
  parse(rawBody: RawBody, headers: HeadersLike, options: EndpointVerifyOptions): Promise<Event>;
}

export interface StripeClient {
  readonly dialect: 'stripe';
  readonly refunds: RefundsResource<StripeRefund>;
  readonly webhooks: EndpointWebhooks<StripeWebhookEvent>;
  request<T = unknown>(request: ApiRequest, options?: RequestOptions): Promise<ApiResponse<T>>;
}

export const unreadable = (cause: unknown): RefundkitSignatureError =>
  new RefundkitSignatureError({
    message: `The signed body is not a readable event: ${(cause as Error).message}`,
    type: 'signature_error',
    code: 'payload_invalid',
    cause,
  });

export function createStripeClient(config: Omit<TransportConfig, 'wire'>): StripeClient {
  const transport = createTransport({ ...config, wire: stripeRefunds.wire });
  const verify = (rawBody: RawBody, headers: HeadersLike, options: EndpointVerifyOptions) =>
    verifyTimestamped(STRIPE_SIGNATURE_HEADER, rawBody, headers, options);
  return {
    dialect: 'stripe',
    refunds: refundsResource(transport, stripeRefunds),
    webhooks: {
      verify,
      async parse(rawBody, headers, options) {
        await verify(rawBody, headers, options);
        try {
          const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
          const event = JSON.parse(text) as StripeEvent;
          const object = event.data.object as unknown as StripeRefund;
          const isRefund = object.object === 'refund';
          const refund = isRefund ? stripeRefunds.toRefund(object) : null;
          // Stripe's refund.updated carries the status on the object; core reads it the same way.
          if (isRefund) statusFromWebhook('stripe', event.type, object.status);
          return { ...event, refund };
        } catch (cause) {
          throw unreadable(cause);
        }
      },
    },
    request: transport.request,
  };
}
