import type { ClientOptions } from './config.js';
import { configError } from './config.js';
import { type CheckoutClient, createCheckoutClient } from './dialects/checkout/client.js';
import { type ConvergeGateClient, createConvergeGateClient } from './dialects/convergegate/client.js';
import { createStripeClient, type StripeClient } from './dialects/stripe/client.js';

export interface ClientConfig extends ClientOptions {
  /** The gateway's API flavour; `'stripe'` and `'checkout'` take the same options (`DialectClientConfig`). */
  readonly dialect: 'convergegate';
}

export type RefundkitClient = ConvergeGateClient;

/** The Stripe-compatible and Checkout dialects: the same options, another `dialect`. */
export type DialectClientConfig<D extends 'stripe' | 'checkout'> = ClientOptions & { readonly dialect: D };
/** Any dialect's client: `refunds` returns the same canonical `Refund` everywhere. */
export type AnyRefundkitClient = ConvergeGateClient | StripeClient | CheckoutClient;
/** A config whose dialect is only known at run time (from settings, or a loop over dialects). */
export type AnyClientConfig = ClientConfig | DialectClientConfig<'stripe'> | DialectClientConfig<'checkout'>;

/**
 * A client for one gateway account, in the dialect the config names. It carries every dialect's
 * adapter; `createConvergeGateClient`, `createStripeClient` and `createCheckoutClient` are the same
 * thing for one dialect, for bundles that should carry only that one.
 */
export function createClient(config: ClientConfig): RefundkitClient;
export function createClient(config: DialectClientConfig<'stripe'>): StripeClient;
export function createClient(config: DialectClientConfig<'checkout'>): CheckoutClient;
export function createClient(config: AnyClientConfig): AnyRefundkitClient;
export function createClient(config: AnyClientConfig): AnyRefundkitClient {
  const { dialect } = config;
  if (dialect === 'stripe') return createStripeClient(config);
  if (dialect === 'checkout') return createCheckoutClient(config);
  if (dialect === 'convergegate') return createConvergeGateClient(config);
  throw configError('dialect', `Dialect "${String(dialect)}" is not supported.`);
}
