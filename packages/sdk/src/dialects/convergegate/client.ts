import { type ClientOptions, checkConfig, keyLivemode } from '../../config.js';
import { type RefundsResource, refundsResource } from '../../refunds.js';
import { type ApiRequest, type ApiResponse, createTransport, type RequestOptions } from '../../transport.js';
import { convergeGateWire } from './protocol.js';
import { convergeGateRefunds } from './refunds.js';
import { type CheckoutSessionsResource, checkoutSessionsResource } from './sessions.js';
import type { ConvergeGateRefund } from './types.js';
import { type ConvergeGateWebhooks, convergeGateWebhooks } from './webhooks.js';

export interface ConvergeGateClient {
  readonly dialect: 'convergegate';
  readonly checkoutSessions: CheckoutSessionsResource;
  readonly refunds: RefundsResource<ConvergeGateRefund>;
  readonly webhooks: ConvergeGateWebhooks;
  /** A raw call through the same transport (auth, retries, idempotency, hooks), for endpoints without a method. */
  request<T = unknown>(request: ApiRequest, options?: RequestOptions): Promise<ApiResponse<T>>;
}

/**
 * `createClient({ dialect: 'convergegate', … })` without the other dialects: an application that
 * speaks only ConvergeGate and imports this ships only ConvergeGate's adapter.
 */
export function createConvergeGateClient(
  config: ClientOptions & { readonly dialect?: 'convergegate' },
): ConvergeGateClient {
  const transport = createTransport({ ...checkConfig(config), wire: convergeGateWire });
  return {
    dialect: 'convergegate',
    checkoutSessions: checkoutSessionsResource(transport),
    refunds: refundsResource(transport, convergeGateRefunds, { livemode: keyLivemode(config.secretKey) }),
    webhooks: convergeGateWebhooks(config.secretKey, config.webhookToleranceSec),
    request: transport.request,
  };
}
