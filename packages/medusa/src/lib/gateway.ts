import { createClient, type RefundkitClient } from '@refundkit/sdk';
import type { ResolvedOptions } from './options';

export type GatewayClient = RefundkitClient;

/** One client per options object: the provider and the module share nothing but the options. */
export function gatewayClient(options: ResolvedOptions): GatewayClient {
  return createClient({
    dialect: 'convergegate',
    baseUrl: options.baseUrl,
    secretKey: options.apiKey,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
}

/** The checkout-session fields the plugin reads (the gateway sends more). */
export interface CheckoutSession {
  id: string;
  status: string;
  url?: string | null;
  amount_total: number;
  amount_refunded?: number;
  currency: string;
  metadata?: Record<string, string> | null;
  created_at?: number;
  completed_at?: number | null;
}
