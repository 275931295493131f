import { invalidRequest } from './errors.js';
import type { RequestEvent, ResponseEvent } from './transport.js';

/** Everything a client takes except the dialect: the same options for every gateway. */
export interface ClientOptions {
  /** The gateway's base URL (`https://{provided url}`), without `/v1` (or `/api`). */
  readonly baseUrl: string;
  /** `sk_test_…` or `sk_live_…`. Keep it on the server: for ConvergeGate it also verifies webhooks. */
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
  /**
   * Adds trace context to each call's headers (W3C `traceparent`, `tracestate`), in the caller's
   * context; `otelPropagate` from `@refundkit/sdk/otel` does it with OpenTelemetry.
   */
  readonly propagate?: ((headers: Record<string, string>) => void) | undefined;
}

/**
 * The mode a secret key works in: live for `sk_live_…` and Stripe's restricted `rk_live_…`, test
 * otherwise. It is the mode of every object the key reads, which matters where an object does not say.
 */
export const keyLivemode = (secretKey: string): boolean => /^[rs]k_live_/.test(secretKey);

export const configError = (param: string, message: string) =>
  invalidRequest('client_config_invalid', message, param);

/** Refuses a config that could only fail later, and less clearly, on the first request. */
export function checkConfig<T extends ClientOptions>(config: T): T {
  // Printable ASCII: it travels in an Authorization header.
  if (!/^[!-~]+$/.test(config.secretKey))
    throw configError('secretKey', 'secretKey must be a key like sk_test_….');
  if (!/^https?:\/\/./.test(String(config.baseUrl)))
    throw configError('baseUrl', 'baseUrl must be an http(s) URL.');
  for (const name of ['timeoutMs', 'maxRetries', 'maxRetryAfterMs', 'webhookToleranceSec'] as const) {
    const value = config[name];
    if (value !== undefined && !(value >= 0)) throw configError(name, `${name} must be a number ≥ 0.`);
  }
  return config;
}
