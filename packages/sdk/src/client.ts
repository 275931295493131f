import { type CheckoutClient, createCheckoutClient } from './dialects/checkout/client.js';
import { type ConvergeGateClient, createConvergeGateClient } from './dialects/convergegate/client.js';
import { createStripeClient, type StripeClient } from './dialects/stripe/client.js';
import { RefundkitInvalidRequestError } from './errors.js';
import type { RequestEvent, ResponseEvent } from './transport.js';

export interface ClientConfig {
  /** The gateway's API flavour. Stripe and Checkout adapters plug in behind the same interface. */
  readonly dialect: 'convergegate';
  /** The gateway's base URL (`https://{provided url}`), without `/v1`. */
  readonly baseUrl: string;
  /** `sk_test_…` or `sk_live_…`. Keep it on the server: it also verifies webhooks. */
  readonly secretKey: string;
  /** Per attempt, covering connect, headers and body. Default 30 000 ms. */
  readonly timeoutMs?: number | undefined;
  /** Retries after the first attempt (network errors, 409, 5xx, and 429 with `retryOn429`). Default 2. */
  readonly maxRetries?: number | undefined;
  /** A fetch implementation (default: the global one). */
  readonly fetch?: typeof fetch | undefined;
  readonly userAgent?: string | undefined;
  /** Retry 429 after the server's `Retry-After` (up to `maxRetryAfterMs`). Default false. */
  readonly retryOn429?: boolean | undefined;
  /** Back-off between retries: full jitter on min(maxMs, initialMs × 2^retry). Default 250 ms / 8 000 ms. */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number } | undefined;
  /** Longest `Retry-After` the client will wait for. Default 60 000 ms. */
  readonly maxRetryAfterMs?: number | undefined;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Replay window for `webhooks.verify`. Default 300 s. */
  readonly webhookToleranceSec?: number | undefined;
  /** Called before every attempt (retries included). Synchronous; a throw fails the call. */
  readonly onRequest?: ((event: RequestEvent) => void) | undefined;
  /** Called after every attempt with its outcome, error and the wait before a retry. */
  readonly onResponse?: ((event: ResponseEvent) => void) | undefined;
}

export type RefundkitClient = ConvergeGateClient;

/** The Stripe-compatible and Checkout dialects: the same options, another `dialect`. */
export type DialectClientConfig<D extends 'stripe' | 'checkout'> = Omit<ClientConfig, 'dialect'> & {
  readonly dialect: D;
};
/** Any dialect's client: `refunds` returns the same canonical `Refund` everywhere. */
export type AnyRefundkitClient = ConvergeGateClient | StripeClient | CheckoutClient;
/** A config whose dialect is only known at run time (from settings, or a loop over dialects). */
export type AnyClientConfig = ClientConfig | DialectClientConfig<'stripe'> | DialectClientConfig<'checkout'>;

const configError = (param: string, message: string) =>
  new RefundkitInvalidRequestError({
    message,
    type: 'invalid_request_error',
    code: 'client_config_invalid',
    param,
  });

/** A client for one gateway account. */
export function createClient(config: ClientConfig): RefundkitClient;
export function createClient(config: DialectClientConfig<'stripe'>): StripeClient;
export function createClient(config: DialectClientConfig<'checkout'>): CheckoutClient;
export function createClient(config: AnyClientConfig): AnyRefundkitClient;
export function createClient(config: AnyClientConfig): AnyRefundkitClient {
  const { dialect, secretKey, baseUrl } = config;
  if (dialect !== 'convergegate' && dialect !== 'stripe' && dialect !== 'checkout') {
    throw configError('dialect', `Dialect "${String(dialect)}" is not supported.`);
  }
  // Printable ASCII: it travels in a Basic auth header.
  if (!/^[!-~]+$/.test(secretKey)) throw configError('secretKey', 'secretKey must be a key like sk_test_….');
  if (!/^https?:\/\/./.test(String(baseUrl))) throw configError('baseUrl', `baseUrl must be an http(s) URL.`);
  for (const name of ['timeoutMs', 'maxRetries', 'maxRetryAfterMs'] as const) {
    const value = config[name];
    if (value !== undefined && !(value >= 0)) throw configError(name, `${name} must be a number ≥ 0.`);
  }
  if (config.dialect === 'stripe') return createStripeClient(config);
  if (config.dialect === 'checkout') return createCheckoutClient(config);
  return createConvergeGateClient(config);
}
