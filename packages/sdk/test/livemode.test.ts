import { describe, expect, it } from 'vitest';
import {
  canonicalRefund,
  createCheckoutClient,
  createStripeClient,
  keyLivemode,
  type RefundResult,
  stripeRefunds,
} from '../src/index.js';
import { clientFor, paidSession, Receiver, testServer } from './helpers.js';

const server = testServer();
const backoff = { initialMs: 20, maxMs: 200 };
const modes = [
  { mode: 'live', livemode: true, key: () => server.keys.live },
  { mode: 'test', livemode: false, key: () => server.keys.test },
] as const;

// Every way a refund comes back from the API, so each one is checked for its mode.
async function everyRead<Raw>(
  created: RefundResult<Raw>,
  refunds: {
    retrieve(id: string): Promise<RefundResult<Raw>>;
    waitFor(id: string): Promise<RefundResult<Raw>>;
    list(params: { paymentId: string }): Promise<{ readonly data: readonly RefundResult<Raw>[] }>;
  },
) {
  const listed = await refunds.list({ paymentId: created.paymentId });
  return [
    created,
    await refunds.retrieve(created.id),
    await refunds.waitFor(created.id),
    ...listed.data.filter((refund) => refund.id === created.id),
  ];
}

describe.each(modes)('livemode with the $mode key, against the real server', ({ livemode, key }) => {
  it('Stripe: refund objects carry no livemode, so the canonical one is the key’s', async () => {
    const stripe = createStripeClient({ baseUrl: `${server.url}/stripe`, secretKey: key(), backoff });
    const intent = await stripe.request<{ id: string; livemode: boolean }>({
      method: 'POST',
      path: '/v1/payment_intents',
      body: { amount: 2_000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true },
    });
    expect(intent.data.livemode).toBe(livemode);
    const created = await stripe.refunds.create({ paymentId: intent.data.id, amount: 500 });
    const reads = await everyRead(created, stripe.refunds);
    expect(reads).toHaveLength(4);
    for (const refund of reads) {
      // As on Stripe: the fallback is what is under test, not a field the server happens to send.
      expect(refund.raw).not.toHaveProperty('livemode');
      expect(refund.livemode).toBe(livemode);
    }
  });

  it('Stripe: a cancelled refund (requires_action) is in the key’s mode too', async () => {
    const stripe = createStripeClient({ baseUrl: `${server.url}/stripe`, secretKey: key(), backoff });
    const intent = await stripe.request<{ id: string }>({
      method: 'POST',
      path: '/v1/payment_intents',
      body: {
        amount: 1_000,
        currency: 'eur',
        payment_method: 'pm_card_refundRequiresAction',
        confirm: true,
      },
    });
    const created = await stripe.refunds.create({ paymentId: intent.data.id });
    await stripe.refunds.waitFor(created.id, { until: 'requires_action', intervalMs: 20 });
    const canceled = await stripe.refunds.cancel(created.id);
    expect(canceled).toMatchObject({ status: 'canceled', livemode });
  });

  it('Stripe: a webhook’s refund takes the mode of its event', async () => {
    const receiver = await new Receiver().start();
    try {
      const stripe = createStripeClient({ baseUrl: `${server.url}/stripe`, secretKey: key(), backoff });
      const endpoint = await stripe.request<{ secret: string }>({
        method: 'POST',
        path: '/v1/webhook_endpoints',
        body: { url: receiver.url, enabled_events: ['refund.created'] },
      });
      const intent = await stripe.request<{ id: string }>({
        method: 'POST',
        path: '/v1/payment_intents',
        body: { amount: 1_500, currency: 'eur', payment_method: 'pm_card_visa', confirm: true },
      });
      const created = await stripe.refunds.create({ paymentId: intent.data.id });
      const delivery = await receiver.waitFor((d) => d.body.toString('utf8').includes(created.raw.id));
      // The other mode's client reads it: the event's livemode wins over that client's key.
      const other = createStripeClient({
        baseUrl: `${server.url}/stripe`,
        secretKey: livemode ? server.keys.test : server.keys.live,
      });
      const event = await other.webhooks.parse(delivery.body, delivery.headers, {
        secret: endpoint.data.secret,
      });
      expect(event).toMatchObject({ type: 'refund.created', livemode });
      expect(event.data.object).not.toHaveProperty('livemode');
      expect(event.refund).toMatchObject({ id: created.id, livemode });
    } finally {
      await receiver.close();
    }
  });

  it('Checkout and ConvergeGate: the object’s own livemode, which matches the key', async () => {
    const checkout = createCheckoutClient({ baseUrl: `${server.url}/checkout`, secretKey: key(), backoff });
    const made = await checkout.request<{ id: string }>({
      method: 'POST',
      path: '/api/checkouts',
      body: { amount: 1_000, currency: 'EUR' },
    });
    await checkout.request({ method: 'POST', path: `/api/checkouts/${made.data.id}/sandbox/pay`, body: {} });
    for (const refund of await everyRead(
      await checkout.refunds.create({ paymentId: made.data.id }),
      checkout.refunds,
    )) {
      expect(refund.raw.livemode).toBe(livemode);
      expect(refund.livemode).toBe(livemode);
    }

    const cg = clientFor(server, { secretKey: key() });
    const session = await paidSession(cg, 1_000, 'eur');
    for (const refund of await everyRead(
      await cg.refunds.create({ paymentId: session.id, amount: 100 }),
      cg.refunds,
    )) {
      expect(refund.raw.livemode).toBe(livemode);
      expect(refund.livemode).toBe(livemode);
    }
  });
});

describe('where the mode comes from', () => {
  it('a live key is sk_live_… or Stripe’s restricted rk_live_…; anything else is test', () => {
    expect(keyLivemode(server.keys.live)).toBe(true);
    expect(keyLivemode('rk_live_abc')).toBe(true);
    expect(keyLivemode(server.keys.test)).toBe(false);
    expect(keyLivemode('rk_test_abc')).toBe(false);
    expect(keyLivemode('pk_live_abc')).toBe(false);
    expect(keyLivemode('xsk_live_abc')).toBe(false);
  });

  it('an object that says its mode is believed over the context', () => {
    const fields = {
      id: 'r',
      paymentId: 'p',
      amount: 100,
      currency: 'eur',
      status: 'succeeded',
      createdAt: 1,
      updatedAt: 1,
    };
    expect(canonicalRefund('checkout', { ...fields, livemode: false }, { livemode: true }).livemode).toBe(
      false,
    );
    expect(canonicalRefund('checkout', { ...fields, livemode: true }, { livemode: false }).livemode).toBe(
      true,
    );
    expect(canonicalRefund('checkout', fields, { livemode: true }).livemode).toBe(true);
    const raw = {
      id: 're_1',
      object: 'refund' as const,
      amount: 100,
      currency: 'usd',
      charge: 'ch_1',
      payment_intent: 'pi_1',
      status: 'succeeded' as const,
      reason: null,
      metadata: {},
      created: 1,
    };
    expect(stripeRefunds.toRefund(raw, { livemode: true }).livemode).toBe(true);
    expect(stripeRefunds.toRefund(raw, { livemode: false }).livemode).toBe(false);
  });
});
