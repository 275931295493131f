import { DIALECTS } from '@refundkit/core';
import { type ConvergeGateClient, createConvergeGateClient } from './dialects/convergegate/client.js';
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

const configError = (param: string, message: string) =>
  new RefundkitInvalidRequestError({
    message,
    type: 'invalid_request_error',
    code: 'client_config_invalid',
    param,
  });

/** A client for one gateway account. */
export function createClient(config: ClientConfig): RefundkitClient {
  if (typeof config !== 'object' || config === null)
    throw configError('config', 'createClient needs a config object.');
  const { dialect } = config;
  if (dialect !== 'convergegate') {
    const known = (DIALECTS as readonly string[]).includes(dialect);
    throw configError(
      'dialect',
      known
        ? `The ${dialect} dialect is not in this version of the SDK yet; use "convergegate".`
        : `Unknown dialect "${String(dialect)}".`,
    );
  }
  if (typeof config.secretKey !== 'string' || config.secretKey.trim() === '') {
    throw configError('secretKey', 'secretKey must be a non-empty string (sk_test_… or sk_live_…).');
  }
  let url: URL | null = null;
  try {
    url = new URL(config.baseUrl);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw configError('baseUrl', `baseUrl must be an http(s) URL, got "${String(config.baseUrl)}".`);
  }
  for (const name of ['timeoutMs', 'maxRetries', 'maxRetryAfterMs'] as const) {
    const value = config[name];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && !Number.isNaN(value))) {
      throw configError(name, `${name} must be a non-negative number.`);
    }
  }
  return createConvergeGateClient(config);
}
