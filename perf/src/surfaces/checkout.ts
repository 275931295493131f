import fc from 'fast-check';
import type { Api } from '../http.js';
import type { Endpoint, Fixture, Surface } from '../surface.js';

// The Checkout dialect on the main port, under `/checkout`: checkouts `ch_…`, refunds `rfd_…`,
// full refunds only, answered 202; errors `{ status, code, message, param? }`; 403 for keys.
const API = '/checkout/api';
const REASONS = ['requested_by_customer', 'duplicate', 'fraudulent', 'other'];

const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
const notOneOf = (allowed: string[], more: string[]) =>
  fc.oneof(text, fc.constantFrom(...more, '')).filter((s) => !allowed.includes(s));
const notUrl = fc
  .oneof(text, fc.constantFrom('ftp://x', 'javascript:alert(1)', ''))
  .filter((s) => !/^https?:\/\//.test(s));

const endpoints: Endpoint[] = [
  {
    name: 'checkout: create checkout',
    method: 'POST',
    path: `${API}/checkouts`,
    body: () => ({ amount: 10_000, currency: 'EUR', reference: 'order-1' }),
    required: ['amount', 'currency'],
    breaks: { reference: fc.constant('x'.repeat(256)) },
    writes: true,
  },
  { name: 'checkout: retrieve checkout', method: 'GET', path: `${API}/checkouts/:payment`, writes: false },
  {
    name: 'checkout: sandbox pay',
    method: 'POST',
    path: `${API}/checkouts/:payment/sandbox/pay`,
    body: () => ({ outcome: 'paid' }),
    breaks: {
      outcome: notOneOf(['paid', 'declined'], ['PAID', 'failed']),
      refund_outcome: notOneOf(['succeeded', 'failed'], ['pending']),
    },
    writes: true,
  },
  {
    name: 'checkout: refund',
    method: 'POST',
    path: `${API}/checkouts/:payment/refund`,
    body: () => ({ amount: 10_000, reason: 'requested_by_customer' }),
    breaks: {
      reason: notOneOf(REASONS, ['duplicated', 'REQUESTED_BY_CUSTOMER']),
      reason_text: fc.constant('x'.repeat(501)),
      reference: fc.constant('x'.repeat(256)),
    },
    writes: true,
  },
  {
    name: 'checkout: list refunds of a checkout',
    method: 'GET',
    path: `${API}/checkouts/:payment/refunds`,
    writes: false,
  },
  { name: 'checkout: retrieve refund', method: 'GET', path: `${API}/refunds/:refund`, writes: false },
  {
    name: 'checkout: create webhook',
    method: 'POST',
    path: `${API}/webhooks`,
    body: () => ({ url: 'https://shop.example/hooks', events: ['refund.succeeded'] }),
    required: ['url'],
    kinds: { events: 'array' },
    breaks: { url: notUrl, events: fc.constantFrom([], [''], ['not an event'], ['refund.']) },
    writes: true,
  },
  { name: 'checkout: list webhooks', method: 'GET', path: `${API}/webhooks`, writes: false },
  { name: 'checkout: delete webhook', method: 'DELETE', path: `${API}/webhooks/:endpoint`, writes: true },
];

/** `{ status, code, message, param? }` with the HTTP status repeated and nothing else. */
function errorCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const e = body as Record<string, unknown>;
  const extra = Object.keys(e).filter((k) => !['status', 'code', 'message', 'param'].includes(k));
  return extra.length === 0 &&
    typeof e['status'] === 'number' &&
    typeof e['code'] === 'string' &&
    typeof e['message'] === 'string'
    ? e['code']
    : undefined;
}

export const checkout: Surface = {
  dialect: 'checkout',
  authStatus: 403,
  errorCode,
  endpoints,
  async fixture(api: Api, options = {}): Promise<Fixture> {
    // The endpoint first: it gets the events that happen after it, the fixture's among them.
    const hook = await api.request('POST', `${API}/webhooks`, {
      json: options.webhookUrl
        ? { url: options.webhookUrl, events: ['*'] }
        : { url: 'https://shop.example/hooks', events: ['checkout.expired'] },
    });
    if (hook.status !== 201) throw new Error(`checkout webhook: ${hook.status} ${hook.text}`);
    const paymentId = await this.paidPayment(api, 10_000);
    // Checkout refunds only in full: the fixture refund is the whole checkout.
    const refund = await this.createRefund(api, { paymentId });
    if (refund.status !== 202) throw new Error(`checkout refund: ${refund.status} ${refund.text}`);
    return {
      paymentId,
      refundId: refund.body.refundId,
      ids: { endpoint: hook.body.id, endpointSecret: hook.body.secret },
    };
  },
  async paidPayment(api, amount) {
    const created = await api.request('POST', `${API}/checkouts`, { json: { amount, currency: 'EUR' } });
    if (created.status !== 201) throw new Error(`checkout: ${created.status} ${created.text}`);
    const paid = await api.request('POST', `${API}/checkouts/${created.body.id}/sandbox/pay`, { json: {} });
    if (paid.status !== 200 || paid.body.status !== 'paid') {
      throw new Error(`checkout pay: ${paid.status} ${paid.text}`);
    }
    return created.body.id as string;
  },
  createRefund(api, input) {
    return api.request('POST', `${API}/checkouts/${encodeURIComponent(input.paymentId)}/refund`, {
      json: {
        ...(input.amount === undefined ? {} : { amount: input.amount }),
        ...(input.metadata ? { metadata: input.metadata } : {}),
      },
      ...(input.idempotencyKey ? { headers: { 'idempotency-key': input.idempotencyKey } } : {}),
    });
  },
  retrieveRefund: (api, id) => api.request('GET', `${API}/refunds/${encodeURIComponent(id)}`),
  retrievePayment: (api, id) => api.request('GET', `${API}/checkouts/${encodeURIComponent(id)}`),
  amountRefunded: (payment) => payment.amountRefunded as number,
  async ownRefunds(api, fixture) {
    return (await api.request('GET', `${API}/checkouts/${encodeURIComponent(fixture.paymentId)}/refunds`))
      .body.items;
  },
};
