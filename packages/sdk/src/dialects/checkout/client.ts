import type { Refund } from '@refundkit/core';
import { type ClientOptions, checkConfig, keyLivemode } from '../../config.js';
import { type RefundsResource, refundsResource } from '../../refunds.js';
import type { RequestOptions } from '../../transport.js';
import { type ApiRequest, type ApiResponse, createTransport } from '../../transport.js';
import { type EndpointWebhooks, endpointWebhooks } from '../timestamped.js';
import type { CreateRefundParams, RefundResult } from '../types.js';
import { checkoutRefunds } from './refunds.js';
import type { CheckoutEvent, CheckoutRefund, CheckoutRefundAccepted } from './types.js';

export const CHECKOUT_SIGNATURE_HEADER = 'Checkout-Signature';

export type CheckoutWebhookEvent = CheckoutEvent & { readonly refund: Refund | null };

/** A Checkout refund result also keeps the 202 acceptance it was read back from. */
export type CheckoutRefundResult = RefundResult<CheckoutRefund> & {
  readonly accepted: CheckoutRefundAccepted;
};

export interface CheckoutRefundsResource extends RefundsResource<CheckoutRefund> {
  /**
   * Checkout answers `202 { status: "successful" }` (accepted); the refund is then read back, so the
   * result is the canonical refund (`pending`) with that answer in `accepted`.
   */
  create(params: CreateRefundParams, options?: RequestOptions): Promise<CheckoutRefundResult>;
}

export interface CheckoutClient {
  readonly dialect: 'checkout';
  readonly refunds: CheckoutRefundsResource;
  readonly webhooks: EndpointWebhooks<CheckoutWebhookEvent>;
  /** A raw call through the same transport, for Checkout's other endpoints (checkouts, webhooks). */
  request<T = unknown>(request: ApiRequest, options?: RequestOptions): Promise<ApiResponse<T>>;
}

/** `createClient({ dialect: 'checkout', … })` without the other dialects. */
export function createCheckoutClient(
  config: ClientOptions & { readonly dialect?: 'checkout' },
): CheckoutClient {
  const transport = createTransport({ ...checkConfig(config), wire: checkoutRefunds.wire });
  return {
    dialect: 'checkout',
    refunds: refundsResource(transport, checkoutRefunds, {
      livemode: keyLivemode(config.secretKey),
    }) as CheckoutRefundsResource,
    webhooks: endpointWebhooks(
      CHECKOUT_SIGNATURE_HEADER,
      config.webhookToleranceSec,
      (event: CheckoutEvent) =>
        event.type.startsWith('refund.')
          ? checkoutRefunds.toRefund(event.data as unknown as CheckoutRefund, {
              livemode: event.livemode === true,
            })
          : null,
    ),
    request: transport.request,
  };
}
