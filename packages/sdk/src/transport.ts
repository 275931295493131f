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

/** The string members `type`, `code`, `message`, `param` of a decoded error object; `null` when it is none. */
export function errorFields(value: unknown): WireError | null {
  if (typeof value !== 'object' || value === null) return null;
  const field = (name: string): string | null => {
    const member = (value as Record<string, unknown>)[name];
    return typeof member === 'string' ? member : null;
  };
  return { type: field('type'), code: field('code'), message: field('message'), param: field('param') };
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
  readonly propagate?: ((headers: Record<string, string>) => void) | undefined;
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
  const { wire, backoff, onRequest, onResponse } = config;
  const baseUrl = config.baseUrl.replace(/\/+$/, '');

  /** `null` when this outcome must not be retried; otherwise the wait before the next try. */
  const retryDelay = (status: number, headers: Record<string, string>, retry: number): number | null => {
    const cap = Math.min(
      backoff?.maxMs ?? DEFAULTS.maxBackoffMs,
      (backoff?.initialMs ?? DEFAULTS.initialBackoffMs) * 2 ** retry,
    );
    // status 0: no response at all (network error, timeout).
    if (!(status === 0 || status === 409 || status >= 500 || (status === 429 && config.retryOn429)))
      return null;
    const retryAfter = parseRetryAfter(headers['retry-after']);
    if (retryAfter === null) return Math.random() * cap;
    return retryAfter <= (config.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs) ? retryAfter : null;
  };

  const request = async <T>(req: ApiRequest, options: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const { method, path, body } = req;
    const { signal } = options;
    const maxRetries = options.maxRetries ?? config.maxRetries ?? DEFAULTS.maxRetries;
    const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? DEFAULTS.timeoutMs;
    const url = baseUrl + path + (req.query ? encodeQuery(req.query) : '');
    const encoded = body && wire.encodeBody(body);
    // One key per logical call, reused by every retry: that is what makes a retried write safe.
    const idempotencyKey = method === 'POST' ? (options.idempotencyKey ?? newIdempotencyKey()) : null;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': config.userAgent ?? USER_AGENT,
      ...config.headers,
      ...wire.authHeaders(config.secretKey),
    };
    if (encoded) headers['Content-Type'] = encoded.contentType;
    if (idempotencyKey !== null) headers['Idempotency-Key'] = idempotencyKey;
    // Once per call, before its first await: the caller's active context, shared by every retry.
    config.propagate?.(headers);

    for (let tries = 0; ; tries++) {
      signal?.throwIfAborted();
      const event: RequestEvent = { method, url, path, attempt: tries, idempotencyKey };
      onRequest?.(event);
      const started = now();
      // One signal per attempt, so the timeout covers connecting, the headers and the whole body.
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const forward = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', forward, { once: true });
      let status = 0;
      let answer: Record<string, string> = {};
      let text = '';
      let error: RefundkitError | null = null;
      try {
        const response = await fetchImpl(url, {
          method,
          headers,
          body: encoded ? encoded.body : undefined,
          signal: controller.signal,
        });
        text = await response.text();
        status = response.status;
        answer = Object.fromEntries(response.headers);
      } catch (cause) {
        // The caller's own cancellation is not a failure to retry: it ends the call as fetch would.
        if (signal?.aborted) throw signal.reason;
        // undici hides the socket error one level down (`fetch failed`, cause `other side closed`).
        const detail = [(cause as Error)?.message, ((cause as Error)?.cause as Error)?.message]
          .filter(Boolean)
          .join(': ');
        error = new RefundkitConnectionError({
          message: timedOut
            ? `Timed out after ${timeoutMs} ms.`
            : `Connection failed${detail && `: ${detail}`}.`,
          type: 'connection_error',
          code: timedOut ? 'timeout' : 'network_error',
          raw: cause,
          cause,
        });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', forward);
      }
      const requestId = answer['request-id'] ?? answer['x-request-id'] ?? null;
      const replayed = answer['idempotent-replayed'] === 'true';
      let data: unknown = text;
      let json = !!status;
      try {
        if (status) data = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON (a proxy's error page, say): the text stays as `raw`.
        json = false;
      }
      if (status >= 400) {
        const decoded = wire.decodeError(data);
        const ErrorClass = errorClassFor(status, decoded?.type, decoded?.code);
        error = new ErrorClass({
          message: decoded?.message || `HTTP ${status}.`,
          type: decoded?.type ?? defaultType(status),
          code: decoded?.code,
          param: decoded?.param,
          statusCode: status,
          requestId,
          raw: data,
          headers: answer,
        });
      } else if (status && !json) {
        error = new RefundkitAPIError({
          message: `HTTP ${status} with a body that is not JSON.`,
          code: 'invalid_response',
          statusCode: status,
          requestId,
          raw: text,
          headers: answer,
        });
      }
      // A 2xx the client cannot read is not retried: the server acted on the request.
      const retryInMs =
        error && tries < maxRetries && !(status && status < 400) ? retryDelay(status, answer, tries) : null;
      onResponse?.({
        ...event,
        statusCode: status || null,
        requestId,
        replayed,
        durationMs: now() - started,
        error,
        retryInMs,
      });
      if (!error) {
        return {
          data: data as T,
          statusCode: status,
          headers: answer,
          requestId,
          replayed,
          idempotencyKey,
          attempts: tries + 1,
        };
      }
      if (retryInMs === null) throw error;
      await sleep(retryInMs, signal);
    }
  };

  return { request };
}

// Node 20, browsers and edge runtimes all have the monotonic clock.
const now = (): number => performance.now();

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
