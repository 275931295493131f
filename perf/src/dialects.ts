import { type Api, type ApiResponse, pool } from './http.js';

/**
 * What the suites need to know about a dialect: its endpoints (the bad-input and auth scenarios walk
 * every one of them) and how to make a paid payment and a refund in it (the load scenarios). Stripe
 * and Checkout join by adding an entry to `DIALECTS`: their endpoints, bodies and these few verbs.
 */
export interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  /** `:payment` and `:refund` are replaced by an existing object's id. */
  path: string;
  /** A valid body for this endpoint given the fixture objects (the fuzzer breaks it). */
  body?: (fixture: Fixture) => Record<string, unknown>;
  /** A valid query string (without `?`). */
  query?: (fixture: Fixture) => Record<string, string>;
  /** Body or query fields without which the request is invalid. */
  required?: string[];
  /** Whether a success would change state (rejections of these must leave the database unchanged). */
  writes: boolean;
  /** A customer-facing page: no API key, answers in HTML (so not in the auth scenario, no typed errors). */
  public?: boolean;
}

export interface Fixture {
  paymentId: string;
  refundId: string;
}

export interface Surface {
  dialect: 'convergegate';
  endpoints: Endpoint[];
  /** A completed payment of `amount` minor units (the key decides test or live mode). */
  paidPayment(api: Api, amount: number, options?: { notificationUrl?: string }): Promise<string>;
  /** A refund request; `idempotencyKey` and `metadata` are sent as given. */
  createRefund(
    api: Api,
    input: { paymentId: string; amount?: number; metadata?: Record<string, string>; idempotencyKey?: string },
  ): Promise<ApiResponse>;
  retrieveRefund(api: Api, id: string): Promise<ApiResponse>;
  retrievePayment(api: Api, id: string): Promise<ApiResponse>;
  /** The refunded total as the dialect reports it on the payment. */
  amountRefunded(payment: ApiResponse['body']): number;
}

const session = () => ({
  amount: 10_000,
  currency: 'pln',
  customer_email: 'perf@example.com',
  customer_firstname: 'Jan',
  customer_lastname: 'Kowalski',
  success_url: 'https://shop.example/thanks',
});

export const convergeGate: Surface = {
  dialect: 'convergegate',
  endpoints: [
    {
      name: 'create session',
      method: 'POST',
      path: '/v1/checkout/sessions',
      body: session,
      required: Object.keys(session()),
      writes: true,
    },
    { name: 'retrieve session', method: 'GET', path: '/v1/checkout/sessions/:payment', writes: false },
    {
      name: 'list sessions',
      method: 'GET',
      path: '/v1/checkout/sessions',
      query: () => ({ limit: '3' }),
      writes: false,
    },
    {
      name: 'pay session',
      method: 'POST',
      path: '/v1/checkout/sessions/:payment/pay',
      body: () => ({ blik_code: '123456' }),
      required: ['blik_code'],
      writes: true,
    },
    {
      name: 'pay session (GET)',
      method: 'GET',
      path: '/v1/checkout/sessions/:payment/pay',
      query: () => ({ blik_code: '123456' }),
      required: ['blik_code'],
      writes: true,
    },
    {
      name: 'create refund',
      method: 'POST',
      path: '/v1/refunds',
      body: (f) => ({ session_id: f.paymentId, amount: 1, reason: 'requested_by_customer' }),
      required: ['session_id'],
      writes: true,
    },
    { name: 'retrieve refund', method: 'GET', path: '/v1/refunds/:refund', writes: false },
    {
      name: 'list refunds',
      method: 'GET',
      path: '/v1/refunds',
      query: (f) => ({ session_id: f.paymentId, limit: '3' }),
      writes: false,
    },
    // The hosted payment page at the session's `url`.
    { name: 'hosted pay page', method: 'GET', path: '/pay/:payment', writes: false, public: true },
    {
      name: 'hosted pay page (submit)',
      method: 'POST',
      path: '/pay/:payment',
      body: () => ({ blik_code: '123456' }),
      required: ['blik_code'],
      writes: true,
      public: true,
    },
  ],
  async paidPayment(api, amount, options = {}) {
    const created = await api.request('POST', '/v1/checkout/sessions', {
      json: {
        ...session(),
        amount,
        ...(options.notificationUrl ? { notification_url: options.notificationUrl } : {}),
      },
    });
    if (created.status !== 200) throw new Error(`create session: ${created.status} ${created.text}`);
    const paid = await api.request('POST', `/v1/checkout/sessions/${created.body.id}/pay`, {
      form: 'blik_code=123456',
    });
    if (paid.status !== 200 || paid.body.status !== 'completed') {
      throw new Error(`pay session: ${paid.status} ${paid.text}`);
    }
    return created.body.id as string;
  },
  createRefund(api, input) {
    return api.request('POST', '/v1/refunds', {
      json: {
        session_id: input.paymentId,
        ...(input.amount === undefined ? {} : { amount: input.amount }),
        ...(input.metadata ? { metadata: input.metadata } : {}),
      },
      ...(input.idempotencyKey ? { headers: { 'idempotency-key': input.idempotencyKey } } : {}),
    });
  },
  retrieveRefund: (api, id) => api.request('GET', `/v1/refunds/${encodeURIComponent(id)}`),
  retrievePayment: (api, id) => api.request('GET', `/v1/checkout/sessions/${encodeURIComponent(id)}`),
  amountRefunded: (payment) => payment.amount_refunded as number,
};

/** Every dialect the server speaks today. */
export const DIALECTS: Surface[] = [convergeGate];

/** `count` paid payments, made `concurrency` at a time. */
export function paidPayments(surface: Surface, api: Api, count: number, amount: number, concurrency = 8) {
  return pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    () => surface.paidPayment(api, amount),
  );
}

export const fillPath = (path: string, fixture: Fixture): string =>
  path
    .replace(':payment', encodeURIComponent(fixture.paymentId))
    .replace(':refund', encodeURIComponent(fixture.refundId));
