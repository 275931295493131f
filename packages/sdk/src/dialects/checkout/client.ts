import type { RawBody } from '../../crypto.js';
import type { HeadersLike } from '../../headers.js';
import { type RefundsResource, refundsResource } from '../../refunds.js';
import {
  type ApiRequest,
  type ApiResponse,
  createTransport,
  type RequestOptions,
  type TransportConfig,
} from '../../transport.js';
import { type EndpointWebhooks, unreadable } from '../stripe/client.js';
import { type EndpointVerifyOptions, verifyTimestamped } from '../stripe/signature.js';
import type { CreateRefundParams, RefundResult } from '../types.js';
import { checkoutRefunds } from './refunds.js';
import type { CheckoutEvent, CheckoutRefund, CheckoutRefundAccepted } from './types.js';

export const CHECKOUT_SIGNATURE_HEADER = 'Checkout-Signature';

export type CheckoutWebhookEvent = CheckoutEvent & {
  readonly refund: ReturnType<typeof checkoutRefunds.toRefund> | null;
};

/** A Checkout refund result also keeps the 202 acceptance it started from. */
export type CheckoutRefundResult = RefundResult<CheckoutRefund> & {
  readonly accepted?: CheckoutRefundAccepted;
};

export interface CheckoutClient {
  readonly dialect: 'checkout';
  readonly refunds: RefundsResource<CheckoutRefund>;
  readonly webhooks: EndpointWebhooks<CheckoutWebhookEvent>;
  request<T = unknown>(request: ApiRequest, options?: RequestOptions): Promise<ApiResponse<T>>;
}

export function createCheckoutClient(config: Omit<TransportConfig, 'wire'>): CheckoutClient {
  const transport = createTransport({ ...config, wire: checkoutRefunds.wire });
  const base = refundsResource(transport, checkoutRefunds);
  // The refund call answers 202 with ids only; the canonical refund is read right after it.
  const create = async (
    params: CreateRefundParams,
    options?: RequestOptions,
  ): Promise<CheckoutRefundResult> => {
    const accepting = refundsResource(transport, {
      ...checkoutRefunds,
      toRefund: (raw) => ({ id: (raw as unknown as CheckoutRefundAccepted).refundId }) as never,
    });
    const accepted = await accepting.create(params, options);
    const refund = await base.retrieve(accepted.id, { signal: options?.signal });
    return {
      ...refund,
      replayed: accepted.replayed,
      idempotencyKey: accepted.idempotencyKey,
      accepted: accepted.raw as unknown as CheckoutRefundAccepted,
    };
  };
  const verify = (rawBody: RawBody, headers: HeadersLike, options: EndpointVerifyOptions) =>
    verifyTimestamped(CHECKOUT_SIGNATURE_HEADER, rawBody, headers, options);
  return {
    dialect: 'checkout',
    refunds: { ...base, create },
    webhooks: {
      verify,
      async parse(rawBody, headers, options) {
        await verify(rawBody, headers, options);
        try {
          const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
          const event = JSON.parse(text) as CheckoutEvent;
          const refund = event.type.startsWith('refund.')
            ? checkoutRefunds.toRefund(event.data as unknown as CheckoutRefund)
            : null;
          return { ...event, refund };
        } catch (cause) {
          throw unreadable(cause);
        }
      },
    },
    request: transport.request,
  };
}
