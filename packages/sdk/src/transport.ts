import {
  defaultType,
  errorClassFor,
  parseRetryAfter,
  RefundkitAPIError,
  RefundkitConnectionError,
  type RefundkitError,
} from './errors.js';
import { encodeQuery, type FormValue } from './form.js';
import { newIdempotencyKey } from './idempotency.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** One logical API call, in the dialect's terms but before encoding. */
export interface ApiRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>> | undefined;
  readonly body?: Readonly<Record<string, FormValue>> | undefined;
}

/** Per-call options, accepted as the last argument of every method. */
export interface RequestOptions {
  /** Sent as `Idempotency-Key`, never replaced. Writes get a generated one when omitted. */
  idempotencyKey?: string | undefined;
  /** Cancels the call, including its retries and back-off waits; the call rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number | undefined;
  /** Overrides the client's retry budget. */
  maxRetries?: number | undefined;
}

/** The decoded error body a dialect reads out of a failed response. */
export interface WireError {
  readonly type?: string | null | undefined;
  readonly code?: string | null | undefined;
  readonly message?: string | null | undefined;
  readonly param?: string | null | undefined;
}

/** What the transport needs from a dialect: how to authenticate, encode and read errors. */
export interface WireProtocol {
  authHeaders(secretKey: string): Record<string, string>;
  encodeBody(body: Readonly<Record<string, FormValue>>): { contentType: string; body: string };
  decodeError(body: unknown): WireError | null;
}

export interface RequestEvent {
  readonly method: HttpMethod;
  readonly url: string;
  readonly path: string;
  /** 0 for the first try, 1 for the first retry, … */
  readonly attempt: number;
  readonly idempotencyKey: string | null;
}

export interface ResponseEvent extends RequestEvent {
  /** `null` when no response arrived. */
  readonly statusCode: number | null;
  readonly requestId: string | null;
  readonly replayed: boolean;
  readonly durationMs: number;
  readonly error: RefundkitError | null;
  /** The wait before the next attempt, or `null` when this attempt was the last. */
  readonly retryInMs: number | null;
}

export interface TransportConfig {
  readonly baseUrl: string;
  readonly secretKey: string;
  readonly wire: WireProtocol;
  readonly fetch?: typeof fetch | undefined;
  readonly timeoutMs?: number | undefined;
  readonly maxRetries?: number | undefined;
  readonly retryOn429?: boolean | undefined;
  /** Full-jitter exponential back-off: a random wait in [0, min(maxMs, initialMs × 2^retry)]. */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number } | undefined;
  /** A `Retry-After` longer than this is not waited for: the 429 is thrown instead. */
  readonly maxRetryAfterMs?: number | undefined;
  readonly userAgent?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly onRequest?: ((event: RequestEvent) => void) | undefined;
  readonly onResponse?: ((event: ResponseEvent) => void) | undefined;
}

export interface ApiResponse<T> {
  readonly data: T;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string | null;
  /** The server answered from its idempotency store (`Idempotent-Replayed: true`). */
  readonly replayed: boolean;
  readonly idempotencyKey: string | null;
  /** How many HTTP attempts the call took. */
  readonly attempts: number;
}

export const DEFAULTS = {
  timeoutMs: 30_000,
  maxRetries: 2,
  initialBackoffMs: 250,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 60_000,
} as const;

const USER_AGENT = 'refundkit-sdk/0.1';

/** What happened on one attempt, before deciding whether to try again. */
type ResponseOutcome = { kind: 'response'; status: number; headers: Record<string, string>; text: string };
type NetworkOutcome = { kind: 'network'; timedOut: boolean; cause: unknown };
type Outcome = ResponseOutcome | NetworkOutcome;

/** The dialect-neutral HTTP core: everything above it deals in decoded objects, everything below is `fetch`. */
export interface Transport {
  request<T>(req: ApiRequest, options?: RequestOptions): Promise<ApiResponse<T>>;
}

/**
 * Auth, encoding, timeouts, retries, idempotency keys and hooks. Built from closures rather than a
 * class so a minifier can shorten every internal name: the SDK's bundle budget is kilobytes.
 */
export function createTransport(config: TransportConfig): Transport {
  const fetchImpl = config.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== 'function') throw new TypeError('No fetch implementation: pass one as `fetch`.');
  const baseUrl = config.baseUrl.replace(/\/+$/, '');

  /** One HTTP exchange; the timeout covers connecting, the headers and the whole body. */
  const attempt = async (
    url: string,
    init: { method: HttpMethod; headers: Record<string, string>; body: string | undefined },
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forward = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forward, { once: true });
    try {
      const response = await fetchImpl(url, { ...init, signal: controller.signal });
      const text = await response.text();
      return {
        kind: 'response',
        status: response.status,
        headers: Object.fromEntries(response.headers),
        text,
      };
    } catch (cause) {
      // The caller's own cancellation is not a failure to retry: it ends the call as fetch would.
      if (signal?.aborted) throw signal.reason;
      return { kind: 'network', timedOut, cause };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  };

  /** `null` when this outcome must not be retried; otherwise the wait before the next try. */
  const retryDelay = (outcome: Outcome, retry: number): number | null => {
    const initial = config.backoff?.initialMs ?? DEFAULTS.initialBackoffMs;
    const max = config.backoff?.maxMs ?? DEFAULTS.maxBackoffMs;
    const jittered = Math.random() * Math.min(max, initial * 2 ** retry);
    if (outcome.kind === 'network') return jittered;
    const { status } = outcome;
    if (!(status === 409 || status >= 500 || (status === 429 && config.retryOn429))) return null;
    const retryAfter = parseRetryAfter(outcome.headers['retry-after']);
    if (retryAfter === null) return jittered;
    return retryAfter <= (config.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs) ? retryAfter : null;
  };

  const request = async <T>(req: ApiRequest, options: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const maxRetries = options.maxRetries ?? config.maxRetries ?? DEFAULTS.maxRetries;
    const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? DEFAULTS.timeoutMs;
    const url = baseUrl + req.path + (req.query ? encodeQuery(req.query) : '');
    const encoded = req.body && config.wire.encodeBody(req.body);
    // One key per logical call, reused by every retry: that is what makes a retried write safe.
    const idempotencyKey = req.method === 'POST' ? (options.idempotencyKey ?? newIdempotencyKey()) : null;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': config.userAgent ?? USER_AGENT,
      ...config.headers,
      ...config.wire.authHeaders(config.secretKey),
    };
    if (encoded) headers['Content-Type'] = encoded.contentType;
    if (idempotencyKey !== null) headers['Idempotency-Key'] = idempotencyKey;
    const init = { method: req.method, headers, body: encoded ? encoded.body : undefined };

    for (let tries = 0; ; tries++) {
      options.signal?.throwIfAborted();
      const event: RequestEvent = { method: req.method, url, path: req.path, attempt: tries, idempotencyKey };
      config.onRequest?.(event);
      const started = now();
      const outcome = await attempt(url, init, timeoutMs, options.signal);
      const response = outcome.kind === 'response' ? outcome : null;
      const requestId = response && requestIdOf(response.headers);
      const replayed = response?.headers['idempotent-replayed'] === 'true';
      let data: unknown;
      let error: RefundkitError | null = null;
      let retryInMs: number | null = null;
      if (response && response.status < 400) {
        try {
          data = response.text ? JSON.parse(response.text) : null;
        } catch (cause) {
          error = new RefundkitAPIError({
            message: `HTTP ${response.status} with a body that is not JSON.`,
            code: 'invalid_response',
            statusCode: response.status,
            requestId,
            raw: response.text,
            headers: response.headers,
            cause,
          });
        }
      } else {
        error = response
          ? toError(response, config.wire)
          : connectionError(outcome as NetworkOutcome, timeoutMs);
        if (tries < maxRetries) retryInMs = retryDelay(outcome, tries);
      }
      config.onResponse?.({
        ...event,
        statusCode: response ? response.status : null,
        requestId,
        replayed,
        durationMs: now() - started,
        error,
        retryInMs,
      });
      if (!error) {
        return {
          data: data as T,
          statusCode: response!.status,
          headers: response!.headers,
          requestId,
          replayed,
          idempotencyKey,
          attempts: tries + 1,
        };
      }
      if (retryInMs === null) throw error;
      await sleep(retryInMs, options.signal);
    }
  };

  return { request };
}

function toError(outcome: ResponseOutcome, wire: WireProtocol): RefundkitError {
  let body: unknown = outcome.text;
  try {
    body = JSON.parse(outcome.text);
  } catch {
    // Not JSON (a proxy's error page, say): keep the text as `raw`.
  }
  const decoded = wire.decodeError(body);
  const ErrorClass = errorClassFor(outcome.status, decoded?.type, decoded?.code);
  return new ErrorClass({
    message: decoded?.message || `HTTP ${outcome.status}.`,
    type: decoded?.type ?? defaultType(outcome.status),
    code: decoded?.code,
    param: decoded?.param,
    statusCode: outcome.status,
    requestId: requestIdOf(outcome.headers),
    raw: body,
    headers: outcome.headers,
  });
}

function connectionError(outcome: NetworkOutcome, timeoutMs: number): RefundkitError {
  const detail = describeCause(outcome.cause);
  return new RefundkitConnectionError({
    message: outcome.timedOut
      ? `Timed out after ${timeoutMs} ms.`
      : `Connection failed${detail ? `: ${detail}` : ''}.`,
    type: 'connection_error',
    code: outcome.timedOut ? 'timeout' : 'network_error',
    raw: outcome.cause,
    cause: outcome.cause,
  });
}

/** undici hides the socket error one level down (`TypeError: fetch failed`, cause `other side closed`). */
function describeCause(cause: unknown): string {
  const error = cause as { message?: unknown; cause?: { message?: unknown } } | null;
  return [error?.message, error?.cause?.message].filter(Boolean).join(': ');
}

function requestIdOf(headers: Readonly<Record<string, string>>): string | null {
  return headers['request-id'] ?? headers['x-request-id'] ?? null;
}

const now = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now());

/** A wait that the caller's signal cuts short. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
