import fc from 'fast-check';
import type { Api } from '../http.js';
import { type Endpoint, type Fixture, nestedErrorCode, type Surface } from '../surface.js';

// The Stripe-compatible dialect on the main port, under `/stripe`. Every id carries its type
// prefix; one payment is both the PaymentIntent `pi_X` and its charge `ch_X`.
const V1 = '/stripe/v1';
const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'];

const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
const notOneOf = (allowed: string[]) =>
  fc
    .oneof(text, fc.constantFrom('duplicated', 'other', 'REQUESTED_BY_CUSTOMER', ''))
    .filter((s) => !allowed.includes(s));
/** Ids that name nothing: another object's prefix, no prefix, NUL, too long. */
const badId = (prefix: string) =>
  fc.oneof(
    text,
    text.map((s) => `${prefix}${s}`),
    fc.constantFrom(`${prefix}`, `${prefix}a\u0000b`, 'ch_', 're_x', 'a\u0000b'),
    fc.string({ minLength: 256, maxLength: 400 }),
  );
const notUrl = fc
  .oneof(text, fc.constantFrom('ftp://x', 'javascript:alert(1)', ''))
  .filter((s) => !/^https?:\/\//.test(s));
/** Payment methods that are not test cards (every `pm_card_<word>` is one, and pays). */
const notTestCard = fc
  .oneof(fc.constantFrom('card', 'pm_', 'pm_card_'), badId('pm_card_'))
  .filter((s) => !/^pm_card_[A-Za-z0-9_]+$/.test(s));
const notEmail = fc.constantFrom('no-at-sign', 'a@b@c', 'a b@c', '@', '');

const intent = () => ({ amount: 1_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });

const endpoints: Endpoint[] = [
  {
    name: 'stripe: create payment intent',
    method: 'POST',
    path: `${V1}/payment_intents`,
    body: intent,
    required: ['amount', 'currency'],
    kinds: { confirm: 'boolean' },
    breaks: {
      // A declined card (pm_card_chargeDeclined) is not bad input: Stripe keeps the declined intent.
      payment_method: notTestCard,
    },
    writes: true,
  },
  {
    name: 'stripe: confirm payment intent',
    method: 'POST',
    path: `${V1}/payment_intents/:payment/confirm`,
    body: () => ({ payment_method: 'pm_card_visa' }),
    breaks: { payment_method: notTestCard },
    writes: true,
  },
  {
    name: 'stripe: retrieve payment intent',
    method: 'GET',
    path: `${V1}/payment_intents/:payment`,
    writes: false,
  },
  {
    name: 'stripe: list payment intents',
    method: 'GET',
    path: `${V1}/payment_intents`,
    query: () => ({ limit: '3' }),
    writes: false,
  },
  { name: 'stripe: retrieve charge', method: 'GET', path: `${V1}/charges/:charge`, writes: false },
  {
    name: 'stripe: retrieve application fee',
    method: 'GET',
    path: `${V1}/application_fees/:fee`,
    writes: false,
  },
  { name: 'stripe: retrieve transfer', method: 'GET', path: `${V1}/transfers/:transfer`, writes: false },
  {
    name: 'stripe: list charges',
    method: 'GET',
    path: `${V1}/charges`,
    query: (f) => ({ payment_intent: f.paymentId, limit: '3' }),
    breaks: { payment_intent: badId('pi_') },
    writes: false,
  },
  {
    name: 'stripe: create refund',
    method: 'POST',
    path: `${V1}/refunds`,
    body: (f) => ({ payment_intent: f.paymentId, amount: 1, reason: 'requested_by_customer' }),
    kinds: { refund_application_fee: 'boolean', reverse_transfer: 'boolean' },
    breaks: { reason: notOneOf(REASONS), payment_intent: badId('pi_') },
    writes: true,
  },
  { name: 'stripe: retrieve refund', method: 'GET', path: `${V1}/refunds/:refund`, writes: false },
  {
    name: 'stripe: update refund',
    method: 'POST',
    path: `${V1}/refunds/:refund`,
    body: () => ({ metadata: { note: 'checked' } }),
    kinds: { metadata: 'object' },
    writes: true,
  },
  {
    name: 'stripe: cancel refund',
    method: 'POST',
    path: `${V1}/refunds/:refund/cancel`,
    body: () => ({}),
    writes: true,
  },
  {
    name: 'stripe: list refunds',
    method: 'GET',
    path: `${V1}/refunds`,
    query: (f) => ({ payment_intent: f.paymentId, limit: '3' }),
    breaks: { payment_intent: badId('pi_') },
    writes: false,
  },
  {
    name: 'stripe: create customer',
    method: 'POST',
    path: `${V1}/customers`,
    body: () => ({ email: 'perf@example.com', name: 'Perf Customer' }),
    breaks: { email: notEmail },
    writes: true,
  },
  { name: 'stripe: retrieve customer', method: 'GET', path: `${V1}/customers/:customer`, writes: false },
  {
    name: 'stripe: create webhook endpoint',
    method: 'POST',
    path: `${V1}/webhook_endpoints`,
    body: () => ({ url: 'https://shop.example/hooks', enabled_events: ['refund.created'] }),
    required: ['url', 'enabled_events'],
    kinds: { enabled_events: 'array' },
    breaks: {
      url: notUrl,
      enabled_events: fc.constantFrom(
        [],
        [''],
        ['not an event'],
        ['refund.'],
        Array(257).fill('refund.created'),
      ),
    },
    writes: true,
  },
  {
    name: 'stripe: list webhook endpoints',
    method: 'GET',
    path: `${V1}/webhook_endpoints`,
    query: () => ({ limit: '3' }),
    writes: false,
  },
  {
    name: 'stripe: delete webhook endpoint',
    method: 'DELETE',
    path: `${V1}/webhook_endpoints/:endpoint`,
    writes: true,
  },
];

const ok = (what: string, answer: { status: number; text: string }) => {
  if (answer.status !== 200) throw new Error(`${what}: ${answer.status} ${answer.text}`);
};

export const stripe: Surface = {
  dialect: 'stripe',
  authStatus: 401,
  errorCode: nestedErrorCode,
  endpoints,
  async fixture(api: Api, options = {}): Promise<Fixture> {
    // The endpoint first: it gets the events that happen after it, the fixture's among them.
    const hook = await api.request('POST', `${V1}/webhook_endpoints`, {
      form: options.webhookUrl
        ? `url=${encodeURIComponent(options.webhookUrl)}&enabled_events[]=*`
        : 'url=https%3A%2F%2Fshop.example%2Fhooks&enabled_events[]=customer.deleted',
    });
    ok('stripe webhook endpoint', hook);
    const paymentId = await this.paidPayment(api, 10_000);
    const refund = await this.createRefund(api, { paymentId, amount: 100 });
    ok('stripe refund', refund);
    // A destination charge, for its application fee and transfer.
    const connect = await api.request('POST', `${V1}/payment_intents`, {
      form: 'amount=5000&currency=usd&payment_method=pm_card_visa&confirm=true&application_fee_amount=500&transfer_data[destination]=acct_perf',
    });
    ok('stripe destination charge', connect);
    const bare = (connect.body.id as string).slice('pi_'.length);
    const customer = await api.request('POST', `${V1}/customers`, {
      form: 'email=perf%40example.com&balance=-500&currency=usd',
    });
    ok('stripe customer', customer);
    return {
      paymentId,
      refundId: refund.body.id,
      ids: {
        charge: `ch_${paymentId.slice('pi_'.length)}`,
        customer: customer.body.id,
        fee: `fee_${bare}`,
        transfer: `tr_${bare}`,
        endpoint: hook.body.id,
        endpointSecret: hook.body.secret,
      },
    };
  },
  async paidPayment(api, amount) {
    const paid = await api.request('POST', `${V1}/payment_intents`, {
      form: `amount=${amount}&currency=usd&payment_method=pm_card_visa&confirm=true`,
    });
    if (paid.status !== 200 || paid.body.status !== 'succeeded') {
      throw new Error(`stripe payment intent: ${paid.status} ${paid.text}`);
    }
    return paid.body.id as string;
  },
  createRefund(api, input) {
    return api.request('POST', `${V1}/refunds`, {
      json: {
        payment_intent: input.paymentId,
        ...(input.amount === undefined ? {} : { amount: input.amount }),
        ...(input.metadata ? { metadata: input.metadata } : {}),
      },
      ...(input.idempotencyKey ? { headers: { 'idempotency-key': input.idempotencyKey } } : {}),
    });
  },
  retrieveRefund: (api, id) => api.request('GET', `${V1}/refunds/${encodeURIComponent(id)}`),
  retrievePayment: (api, id) =>
    api.request('GET', `${V1}/charges/${encodeURIComponent(`ch_${id.slice('pi_'.length)}`)}`),
  amountRefunded: (charge) => charge.amount_refunded as number,
  async ownRefunds(api) {
    return (await api.request('GET', `${V1}/refunds?limit=100`)).body.data;
  },
};
