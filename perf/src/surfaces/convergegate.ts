import type { Surface } from '../surface.js';
import { nestedErrorCode } from '../surface.js';

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
  authStatus: 401,
  errorCode: nestedErrorCode,
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
  async fixture(api) {
    const paymentId = await this.paidPayment(api, 10_000);
    const refund = await this.createRefund(api, { paymentId, amount: 100 });
    if (refund.status !== 200) throw new Error(`create refund: ${refund.status} ${refund.text}`);
    return { paymentId, refundId: refund.body.id };
  },
  async ownRefunds(api) {
    return (await api.request('GET', '/v1/refunds?limit=100')).body.data;
  },
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
