import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../src/index.js';
import { backends, TEST_KEY } from './helpers.js';

for (const backend of backends) {
  describe(`Stripe and Checkout caps under concurrency (${backend.name})`, () => {
    let server: RunningServer;
    let closeStorage: () => Promise<void>;
    const send = async (path: string, body: string, type: string) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': type },
        body,
      });
      return { status: res.status, body: (await res.json()) as Record<string, never> };
    };
    const form = (path: string, body: string) => send(path, body, 'application/x-www-form-urlencoded');
    const json = (path: string, body: unknown) => send(path, JSON.stringify(body), 'application/json');

    beforeAll(async () => {
      const storage = await backend.open();
      closeStorage = storage.close;
      server = await createServer({ ...storage.options, testKey: TEST_KEY, refundDelayMs: 60_000 });
    });
    afterAll(async () => {
      await server?.close();
      await closeStorage?.();
    });

    it('Stripe: 8 concurrent partial refunds of 300 on 1000 make exactly 3', async () => {
      const intent = (
        await form(
          '/stripe/v1/payment_intents',
          'amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true',
        )
      ).body;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          form('/stripe/v1/refunds', `payment_intent=${intent['id']}&amount=300`),
        ),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
      for (const refused of answers.filter((a) => a.status !== 200)) {
        expect(refused.body['error']).toMatchObject({ code: 'amount_too_large', param: 'amount' });
      }
      const charge = await fetch(`${server.url}/stripe/v1/charges/${intent['latest_charge']}`, {
        headers: { authorization: `Bearer ${TEST_KEY}` },
      });
      expect(((await charge.json()) as { amount_refunded: number }).amount_refunded).toBe(900);
    });

    it('Checkout: 6 concurrent full refunds make exactly 1', async () => {
      const checkout = (await json('/checkout/api/checkouts', { amount: 2500, currency: 'EUR' })).body;
      await json(`/checkout/api/checkouts/${checkout['id']}/sandbox/pay`, {});
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => json(`/checkout/api/checkouts/${checkout['id']}/refund`, {})),
      );
      expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
      for (const refused of answers.filter((a) => a.status !== 202)) {
        expect(refused).toMatchObject({ status: 400, body: { code: 'already_refunded' } });
      }
    });
  });
}
