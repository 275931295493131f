import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectPath, requestFingerprint } from '../src/http/request-fingerprint.js';
import type { RunningServer } from '../src/index.js';
import { type Body, backends, formEncode, LIVE_KEY, startServer, TEST_KEY } from './helpers.js';

let counter = 0;
const newKey = () => `mounts-${process.pid}-${Date.now()}-${counter++}`;

interface Answer {
  status: number;
  body: Body;
  replayed: boolean;
}

/** One POST, form-encoded (Stripe) or JSON (Checkout), with an Idempotency-Key. */
async function post(
  url: string,
  body: Record<string, unknown>,
  idempotencyKey: string,
  options: { json?: boolean; key?: string } = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.key ?? TEST_KEY}`,
      'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded',
      'idempotency-key': idempotencyKey,
    },
    body: options.json ? JSON.stringify(body) : formEncode(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Body,
    replayed: res.headers.get('idempotent-replayed') === 'true',
  };
}

async function get(url: string, key = TEST_KEY): Promise<Body> {
  return (await fetch(url, { headers: { authorization: `Bearer ${key}` } })).json();
}

describe('the fingerprint’s path is the dialect’s own', () => {
  it('drops the mount the request came through, and keeps the query', () => {
    expect(dialectPath('/stripe/v1/refunds?expand[]=charge', '/stripe')).toBe('/v1/refunds?expand[]=charge');
    expect(dialectPath('/v1/refunds', '')).toBe('/v1/refunds');
    expect(dialectPath('/checkout/api/checkouts', '/checkout')).toBe('/api/checkouts');
  });

  it('tells dialects, methods, paths and bodies apart', () => {
    const request = { dialect: 'stripe', method: 'POST', path: '/v1/refunds', body: { amount: 1 } } as const;
    const print = requestFingerprint(request);
    expect(requestFingerprint({ ...request })).toBe(print);
    expect(requestFingerprint({ ...request, dialect: 'convergegate' })).not.toBe(print);
    expect(requestFingerprint({ ...request, path: '/v1/refunds/re_1' })).not.toBe(print);
    expect(requestFingerprint({ ...request, body: { amount: 2 } })).not.toBe(print);
    expect(requestFingerprint({ ...request, body: undefined })).toBe(
      requestFingerprint({ ...request, body: null }),
    );
  });
});

for (const backend of backends) {
  describe(`one Idempotency-Key through either mount of a dialect (${backend.name})`, () => {
    let server: RunningServer;
    let closeStorage: () => Promise<void>;
    let stripe: { main: string; port: string };
    let checkout: { main: string; port: string };

    beforeAll(async () => {
      const storage = await backend.open();
      closeStorage = storage.close;
      server = await startServer({
        ...storage.options,
        stripePort: 0,
        checkoutPort: 0,
        refundDelayMs: 60_000,
      });
      stripe = { main: `${server.url}/stripe`, port: server.stripeUrl! };
      checkout = { main: `${server.url}/checkout`, port: server.checkoutUrl! };
    });
    afterAll(async () => {
      await server?.close();
      await closeStorage?.();
    });

    const paidIntent = async (key = TEST_KEY) => {
      const body = { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: 'true' };
      const intent = await post(`${stripe.main}/v1/payment_intents`, body, newKey(), { key });
      expect(intent).toMatchObject({ status: 200, body: { status: 'succeeded' } });
      return intent.body.id as string;
    };
    const paidCheckout = async () => {
      const created = await post(
        `${checkout.main}/api/checkouts`,
        { amount: 1500, currency: 'EUR' },
        newKey(),
        {
          json: true,
        },
      );
      const paid = await post(`${checkout.main}/api/checkouts/${created.body.id}/sandbox/pay`, {}, newKey(), {
        json: true,
      });
      expect(paid).toMatchObject({ status: 200, body: { status: 'paid' } });
      return created.body.id as string;
    };

    it.each([
      ['/stripe, then the Stripe port', 'main', 'port'],
      ['the Stripe port, then /stripe', 'port', 'main'],
    ] as const)('Stripe: a refund sent through %s is one refund, replayed', async (_, first, second) => {
      const intent = await paidIntent();
      const key = newKey();
      const body = { payment_intent: intent, amount: 100, metadata: { order: '7' } };
      const created = await post(`${stripe[first]}/v1/refunds`, body, key);
      expect(created).toMatchObject({ status: 200, replayed: false, body: { object: 'refund' } });
      const again = await post(`${stripe[second]}/v1/refunds`, body, key);
      expect(again).toMatchObject({ status: 200, replayed: true, body: created.body });
      const list = await get(`${stripe.port}/v1/refunds?payment_intent=${intent}`);
      expect(list.data.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
      // Another request under the key is still refused, whichever mount it comes through.
      const other = await post(`${stripe[second]}/v1/refunds`, { ...body, amount: 200 }, key);
      expect(other).toMatchObject({ status: 400, body: { error: { type: 'idempotency_error' } } });
    });

    it('Stripe: every write endpoint, an id in the path and a refusal included', async () => {
      const key = newKey();
      const intentBody = { amount: 700, currency: 'usd', payment_method: 'pm_card_visa' };
      const intent = await post(`${stripe.main}/v1/payment_intents`, intentBody, key);
      expect(await post(`${stripe.port}/v1/payment_intents`, intentBody, key)).toMatchObject({
        replayed: true,
        body: { id: intent.body.id },
      });
      const confirmKey = newKey();
      const path = `/v1/payment_intents/${intent.body.id}/confirm`;
      const confirmed = await post(`${stripe.port}${path}`, {}, confirmKey);
      expect(confirmed).toMatchObject({ status: 200, body: { status: 'succeeded' } });
      expect(await post(`${stripe.main}${path}`, {}, confirmKey)).toMatchObject({
        replayed: true,
        body: confirmed.body,
      });
      // A stored refusal replays through the other mount too, and the charge is not refunded twice.
      const refundKey = newKey();
      const over = { payment_intent: intent.body.id, amount: 800 };
      const refused = await post(`${stripe.main}/v1/refunds`, over, refundKey);
      expect(refused).toMatchObject({ status: 400, body: { error: { code: 'amount_too_large' } } });
      expect(await post(`${stripe.port}/v1/refunds`, over, refundKey)).toMatchObject({
        status: 400,
        replayed: true,
        body: refused.body,
      });
    });

    it.each([
      ['/checkout, then the Checkout port', 'main', 'port'],
      ['the Checkout port, then /checkout', 'port', 'main'],
    ] as const)('Checkout: a refund sent through %s is one refund, replayed', async (_, first, second) => {
      const id = await paidCheckout();
      const key = newKey();
      const path = `/api/checkouts/${id}/refund`;
      const accepted = await post(`${checkout[first]}${path}`, { reason: 'duplicate' }, key, { json: true });
      expect(accepted).toMatchObject({ status: 202, replayed: false, body: { status: 'successful' } });
      const again = await post(`${checkout[second]}${path}`, { reason: 'duplicate' }, key, { json: true });
      expect(again).toMatchObject({ status: 202, replayed: true, body: accepted.body });
      const list = await get(`${checkout.port}/api/checkouts/${id}/refunds`);
      expect(list.items.map((r: { id: string }) => r.id)).toEqual([accepted.body.refundId]);
      const other = await post(`${checkout[second]}${path}`, { reason: 'fraudulent' }, key, { json: true });
      expect(other).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    });

    it('keys stay per mode: the live key reuses a test key’s name for a request of its own', async () => {
      const key = newKey();
      const body = { amount: 900, currency: 'usd' };
      const test = await post(`${stripe.main}/v1/payment_intents`, body, key);
      const live = await post(`${stripe.port}/v1/payment_intents`, body, key, { key: LIVE_KEY });
      expect(test).toMatchObject({ status: 200, replayed: false, body: { livemode: false } });
      expect(live).toMatchObject({ status: 200, replayed: false, body: { livemode: true } });
      expect(live.body.id).not.toBe(test.body.id);
      expect(await post(`${stripe.main}/v1/payment_intents`, body, key, { key: LIVE_KEY })).toMatchObject({
        replayed: true,
        body: { id: live.body.id },
      });
    });

    it('a key is still one request across dialects: the same key elsewhere is another request', async () => {
      const intent = await paidIntent();
      const key = newKey();
      const stripeRefund = await post(
        `${stripe.port}/v1/refunds`,
        { payment_intent: intent, amount: 100 },
        key,
      );
      expect(stripeRefund.status).toBe(200);
      // ConvergeGate's /v1/refunds on the main port: the same dialect-relative path, another dialect.
      const convergeGate = await post(`${server.url}/v1/refunds`, { session_id: 'cs_x', amount: 100 }, key);
      expect(convergeGate).toMatchObject({
        status: 422,
        body: { error: { code: 'idempotency_key_reused' } },
      });
      const checkoutCall = await post(
        `${checkout.port}/api/checkouts`,
        { amount: 100, currency: 'EUR' },
        key,
        {
          json: true,
        },
      );
      expect(checkoutCall).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    });
  });
}
