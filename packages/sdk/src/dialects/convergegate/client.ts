import { type RefundsResource, refundsResource } from '../../refunds.js';
import {
  type ApiRequest,
  type ApiResponse,
  createTransport,
  type RequestOptions,
  type TransportConfig,
} from '../../transport.js';
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

export function createConvergeGateClient(
  config: Omit<TransportConfig, 'wire'> & { webhookToleranceSec?: number | undefined },
): ConvergeGateClient {
  const transport = createTransport({ ...config, wire: convergeGateRefunds.wire });
  return {
    dialect: 'convergegate',
    checkoutSessions: checkoutSessionsResource(transport),
    refunds: refundsResource(transport, convergeGateRefunds),
    webhooks: convergeGateWebhooks(config.secretKey, config.webhookToleranceSec),
    request: transport.request,
  };
}
