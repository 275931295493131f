import { isRefundStatus, type Refund, type RefundReason } from '@refundkit/core';

/** What a refund request carries from the dialog to the merchant's backend. */
export interface CreateRefundInput {
  readonly paymentId: string;
  /** Minor units of the payment's currency. */
  readonly amount: number;
  readonly reason: RefundReason | null;
  /** Free text kept with the refund; the reason's text when `reason` is `other`. */
  readonly note?: string | undefined;
  /** One per attempt: the same key again is a retry of the same refund, never a second one. */
  readonly idempotencyKey: string;
}

/**
 * How the components reach the merchant's backend (never a gateway: no secret key in the browser).
 * The fetch transport speaks the JSON contract in the README; the Medusa widget brings its own.
 */
export interface RefundTransport {
  createRefund(input: CreateRefundInput, signal?: AbortSignal): Promise<Refund>;
  getRefund(id: string, signal?: AbortSignal): Promise<Refund>;
  listRefunds?(paymentId: string, signal?: AbortSignal): Promise<Refund[]>;
}

/** A refusal or failure from the backend, with the backend's stable `code` (or `network_error`, `http_error`, `invalid_response`). */
export class RefundRequestError extends Error {
  override readonly name = 'RefundRequestError';
  readonly code: string;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly param: string | undefined;

  constructor(code: string, message: string, status: number, param?: string) {
    super(message);
    this.code = code;
    this.status = status;
    this.param = param;
  }
}

/** Any thrown value as a RefundRequestError, keeping a `code` and `status` when it has them (a custom transport's error). */
export function asRequestError(caught: unknown): RefundRequestError {
  if (caught instanceof RefundRequestError) return caught;
  const e = caught as { code?: unknown; message?: unknown; status?: unknown; param?: unknown } | null;
  return new RefundRequestError(
    typeof e?.code === 'string' ? e.code : 'network_error',
    typeof e?.message === 'string' ? e.message : String(caught),
    typeof e?.status === 'number' ? e.status : 0,
    typeof e?.param === 'string' ? e.param : undefined,
  );
}

type HeaderSource = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);

export interface FetchTransportOptions {
  /** Where the backend's refund routes live, e.g. `/api` or `https://shop.example/admin/refundkit`. */
  baseUrl: string;
  /** Extra headers (a session or CSRF token); a function is called before every request. */
  headers?: HeaderSource | undefined;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch | undefined;
  /** Defaults to `same-origin`, so a dashboard's session cookie goes along. */
  credentials?: RequestCredentials | undefined;
}

const isRefund = (value: unknown): value is Refund => {
  const r = value as Refund | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.paymentId === 'string' &&
    typeof r.amount?.amount === 'number' &&
    typeof r.amount.currency === 'string' &&
    isRefundStatus(r.status)
  );
};

/** A transport for a JSON backend: `POST /refunds`, `GET /refunds/:id`, `GET /payments/:id/refunds`. */
export function createFetchTransport(options: FetchTransportOptions): RefundTransport {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function request(
    method: string,
    path: string,
    body?: unknown,
    extra?: HeadersInit,
    signal?: AbortSignal,
  ) {
    const source = options.headers;
    const headers = new Headers(typeof source === 'function' ? await source() : source);
    headers.set('accept', 'application/json');
    if (body !== undefined) headers.set('content-type', 'application/json');
    for (const [key, value] of new Headers(extra)) headers.set(key, value);
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(base + path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        credentials: options.credentials ?? 'same-origin',
        signal: signal ?? null,
      });
    } catch (error) {
      // An abort is the caller's own doing: let it through as it is.
      if (signal?.aborted) throw error;
      throw new RefundRequestError('network_error', (error as Error).message || 'Network error.', 0);
    }
    const text = await response.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!response.ok) {
      const error = (data as { error?: { code?: unknown; message?: unknown; param?: unknown } } | undefined)
        ?.error;
      throw new RefundRequestError(
        typeof error?.code === 'string' ? error.code : 'http_error',
        typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
        response.status,
        typeof error?.param === 'string' ? error.param : undefined,
      );
    }
    return data;
  }

  const refund = (data: unknown, status = 200): Refund => {
    if (!isRefund(data))
      throw new RefundRequestError('invalid_response', 'The backend sent no refund.', status);
    return data;
  };

  return {
    async createRefund(input, signal) {
      const { idempotencyKey, ...body } = input;
      return refund(await request('POST', '/refunds', body, { 'idempotency-key': idempotencyKey }, signal));
    },
    async getRefund(id, signal) {
      return refund(await request('GET', `/refunds/${encodeURIComponent(id)}`, undefined, undefined, signal));
    },
    async listRefunds(paymentId, signal) {
      const data = (await request(
        'GET',
        `/payments/${encodeURIComponent(paymentId)}/refunds`,
        undefined,
        undefined,
        signal,
      )) as { data?: unknown } | undefined;
      if (!Array.isArray(data?.data)) {
        throw new RefundRequestError('invalid_response', 'The backend sent no refund list.', 200);
      }
      return data.data.map((item) => refund(item));
    },
  };
}
