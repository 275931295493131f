import { RefundsResource } from '../../refunds.js';
import {
  type ApiRequest,
  type ApiResponse,
  type RequestOptions,
  Transport,
  type TransportConfig,
} from '../../transport.js';
import { convergeGateRefunds } from './refunds.js';
import { CheckoutSessionsResource } from './sessions.js';
import type { ConvergeGateRefund } from './types.js';
import { ConvergeGateWebhooks } from './webhooks.js';

export interface ConvergeGateClient {
  readonly dialect: 'convergegate';
  readonly checkoutSessions: CheckoutSessionsResource;
  readonly refunds: RefundsResource<ConvergeGateRefund>;
  readonly webhooks: ConvergeGateWebhooks;
  /** A raw call through the same transport (auth, retries, idempotency, hooks), for endpoints without a method. */
  request<T = unknown>(request: ApiRequest, options?: RequestOptions): Promise<ApiResponse<T>>;
}

export function createConvergeGateClient(
  config: Omit<TransportConfig, 'wire'> & { webhookToleranceSec?: number | undefined },
): ConvergeGateClient {
  const transport = new Transport({ ...config, wire: convergeGateRefunds.wire });
  return {
    dialect: 'convergegate',
    checkoutSessions: new CheckoutSessionsResource(transport),
    refunds: new RefundsResource(transport, convergeGateRefunds),
    webhooks: new ConvergeGateWebhooks(config.secretKey, config.webhookToleranceSec),
    request: (request, options) => transport.request(request, options),
  };
}
