import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFingerprint } from '../src/http/request-fingerprint.js';
import type { RunningServer } from '../src/index.js';
import { backends, startServer, TEST_KEY } from './helpers.js';

/** Raw HTTP on the `/stripe` prefix of the main port: form bodies, Stripe's error objects. */
for (const backend of backends) {
  describe(`Stripe dialect errors and idempotency (at /stripe, ${backend.name})`, () => {
    let server: RunningServer;
    const post = async (path: string, form: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${server.url}/stripe${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_KEY}`,
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        },
        body: form,
      });
      return { status: res.status, body: await res.json(), headers: res.headers };
    };
    const get = async (path: string, key = TEST_KEY) => {
      const res = await fetch(`${server.url}/stripe${path}`, { headers: { authorization: `Bearer ${key}` } });
      return { status: res.status, body: await res.json() };
    };
    const paid = async (extra = '') =>
      (
        await post(
          '/v1/payment_intents',
          `amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true${extra}`,
        )
      ).body;

    let closeStorage: () => Promise<void>;

    beforeAll(async () => {
      const storage = await backend.open();
      closeStorage = storage.close;
      server = await startServer({ ...storage.options, refundDelayMs: 60_000 });
    });
    afterAll(async () => {
      await server?.close();
      await closeStorage?.();
    });

    it('answers unknown parameters, missing objects and bad keys in Stripe\u2019s shape', async () => {
      const unknown = await post('/v1/refunds', 'charge=ch_x&colour=red');
      expect(unknown).toMatchObject({
        status: 400,
        body: { error: { type: 'invalid_request_error', code: 'parameter_unknown', param: 'colour' } },
      });
      const missing = await post('/v1/refunds', 'charge=ch_nope');
      expect(missing).toMatchObject({
        status: 404,
        body: { error: { code: 'resource_missing', param: 'charge', message: "No such charge: 'ch_nope'" } },
      });
      expect(missing.body.error.doc_url).toMatch(/^https:\/\/docs\.stripe\.com\//);
      expect((await get('/v1/refunds', 'sk_test_wrong_key_000000')).status).toBe(401);
      const reason = await post('/v1/refunds', 'charge=ch_x&reason=because');
      expect(reason).toMatchObject({ status: 400, body: { error: { param: 'reason' } } });
    });

    it('refuses disputed charges and Connect flags that cannot apply', async () => {
      const disputed = await post(
        '/v1/payment_intents',
        'amount=500&currency=usd&payment_method=pm_card_createDispute&confirm=true',
      );
      const refused = await post('/v1/refunds', `payment_intent=${disputed.body.id}`);
      expect(refused).toMatchObject({ status: 400, body: { error: { code: 'charge_disputed' } } });
      const plain = await paid();
      const fee = await post('/v1/refunds', `payment_intent=${plain.id}&refund_application_fee=true`);
      expect(fee).toMatchObject({ status: 400, body: { error: { param: 'refund_application_fee' } } });
      const connect = await paid('&application_fee_amount=100&transfer_data[destination]=acct_1');
      const reversed = await post(
        '/v1/refunds',
        `charge=${connect.latest_charge}&amount=500&refund_application_fee=true&reverse_transfer=true`,
      );
      expect(reversed.status).toBe(200);
      expect(reversed.body.transfer_reversal).toMatch(/^trr_/);
    });

    it('keeps a declined confirmation on the intent, as Stripe does: 402 card_error, then payable again', async () => {
      const declined = await post(
        '/v1/payment_intents',
        'amount=600&currency=usd&payment_method=pm_card_chargeDeclined&confirm=true',
      );
      expect(declined.status).toBe(402);
      expect(declined.body.error).toMatchObject({
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
        payment_intent: { object: 'payment_intent', status: 'requires_payment_method', amount: 600 },
      });
      const id = declined.body.error.payment_intent.id as string;
      const kept = await get(`/v1/payment_intents/${id}`);
      expect(kept.body).toMatchObject({
        status: 'requires_payment_method',
        payment_method: null,
        latest_charge: null,
        last_payment_error: { code: 'card_declined', decline_code: 'generic_decline' },
      });
      expect((await get(`/v1/charges/ch_${id.slice(3)}`)).status).toBe(404);
      const retried = await post(`/v1/payment_intents/${id}/confirm`, 'payment_method=pm_card_visa');
      expect(retried.body).toMatchObject({ status: 'succeeded', last_payment_error: null });
      const insufficient = await post(
        '/v1/payment_intents',
        'amount=600&currency=usd&payment_method=pm_card_chargeDeclinedInsufficientFunds&confirm=true',
      );
      expect(insufficient.body.error.decline_code).toBe('insufficient_funds');
    });

    it('refuses a refund trigger that is not a documented sandbox_outcome', async () => {
      const intent = await paid();
      const typo = await post('/v1/refunds', `payment_intent=${intent.id}&metadata[sandbox_outcome]=fialed`);
      expect(typo).toMatchObject({
        status: 400,
        body: { error: { code: 'parameter_invalid', param: 'metadata[sandbox_outcome]' } },
      });
      expect((await get(`/v1/refunds?payment_intent=${intent.id}`)).body.data).toEqual([]);
    });

    it('gives back the application fee and reverses the transfer of a destination charge, in proportion', async () => {
      // 1000 charged, 100 application fee, 900 to the destination.
      const connect = await paid('&application_fee_amount=100&transfer_data[destination]=acct_dest');
      const charge = (await get(`/v1/charges/${connect.latest_charge}`)).body;
      expect(charge).toMatchObject({
        application_fee_amount: 100,
        transfer_data: { destination: 'acct_dest' },
      });
      const fee0 = await get(`/v1/application_fees/${charge.application_fee}`);
      expect(fee0.body).toMatchObject({
        object: 'application_fee',
        amount: 100,
        amount_refunded: 0,
        refunded: false,
        charge: charge.id,
        account: 'acct_dest',
      });
      const flags = 'refund_application_fee=true&reverse_transfer=true';
      const third = await post('/v1/refunds', `charge=${charge.id}&amount=333&${flags}`);
      expect(third.body.transfer_reversal).toMatch(/^trr_/);
      const fee1 = (await get(`/v1/application_fees/${charge.application_fee}`)).body;
      expect(fee1).toMatchObject({ amount_refunded: 33, refunded: false });
      expect(fee1.refunds.data).toEqual([expect.objectContaining({ object: 'fee_refund', amount: 33 })]);
      const transfer1 = (await get(`/v1/transfers/${charge.transfer}`)).body;
      expect(transfer1).toMatchObject({
        object: 'transfer',
        amount: 900,
        amount_reversed: 299,
        reversed: false,
      });
      expect(transfer1.reversals.data[0]).toMatchObject({
        id: third.body.transfer_reversal,
        amount: 299,
        source_refund: third.body.id,
      });
      // A refund without the flags gives nothing back; the rest of the charge with them gives back the rest.
      await post('/v1/refunds', `charge=${charge.id}&amount=100`);
      await post('/v1/refunds', `charge=${charge.id}&${flags}`);
      const fee2 = (await get(`/v1/application_fees/${charge.application_fee}`)).body;
      const transfer2 = (await get(`/v1/transfers/${charge.transfer}`)).body;
      expect([fee2.amount_refunded, transfer2.amount_reversed]).toEqual([90, 810]);
      expect((await get(`/v1/charges/${charge.id}`)).body.refunded).toBe(true);
      // An explicit transfer amount is what the destination gets and what can be reversed.
      const partial = await paid('&transfer_data[destination]=acct_dest&transfer_data[amount]=400');
      const whole = await post('/v1/refunds', `payment_intent=${partial.id}&reverse_transfer=true`);
      const transfer3 = (await get(`/v1/transfers/tr_${partial.id.slice(3)}`)).body;
      expect(transfer3).toMatchObject({ amount: 400, amount_reversed: 400, reversed: true });
      expect(whole.body.status).toBe('pending');
      // Charges without them have neither; bounds are checked.
      const plain = await paid();
      expect((await get(`/v1/application_fees/fee_${plain.id.slice(3)}`)).status).toBe(404);
      expect((await get(`/v1/transfers/tr_${plain.id.slice(3)}`)).status).toBe(404);
      const tooBig = await post(
        '/v1/payment_intents',
        'amount=100&currency=usd&application_fee_amount=101&transfer_data[destination]=acct_1',
      );
      expect(tooBig.body.error).toMatchObject({
        code: 'parameter_invalid_integer',
        param: 'application_fee_amount',
      });
    });

    it('refunds a customer balance with origin=customer_balance', async () => {
      const customer = (await post('/v1/customers', 'email=c@example.com&balance=-2500&currency=usd')).body;
      const refund = await post('/v1/refunds', `origin=customer_balance&customer=${customer.id}&amount=1000`);
      expect(refund).toMatchObject({
        status: 200,
        body: { amount: 1000, charge: null, payment_intent: null, currency: 'usd' },
      });
      expect((await get(`/v1/customers/${customer.id}`)).body.balance).toBe(-1500);
      const over = await post('/v1/refunds', `origin=customer_balance&customer=${customer.id}&amount=2000`);
      expect(over).toMatchObject({
        status: 400,
        body: { error: { code: 'amount_too_large', param: 'amount' } },
      });
    });

    it('replays a key, refuses it with other parameters, and answers 409 while it is in flight', async () => {
      const intent = await paid();
      const first = await post('/v1/refunds', `payment_intent=${intent.id}&amount=100`, {
        'idempotency-key': 'k1',
      });
      const replay = await post('/v1/refunds', `payment_intent=${intent.id}&amount=100`, {
        'idempotency-key': 'k1',
      });
      expect(replay.body.id).toBe(first.body.id);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      const reused = await post('/v1/refunds', `payment_intent=${intent.id}&amount=200`, {
        'idempotency-key': 'k1',
      });
      expect(reused).toMatchObject({ status: 400, body: { error: { type: 'idempotency_error' } } });
      // A key held by a running request (as the first of two concurrent requests leaves it).
      await server.db
        .insertInto('idempotency_keys')
        .values({
          account_id: 'acct_default',
          livemode: false,
          key: 'busy',
          fingerprint: requestFingerprint({
            dialect: 'stripe',
            method: 'POST',
            path: '/v1/refunds',
            body: { payment_intent: intent.id, amount: 100 },
          }),
          state: 'running',
          status_code: null,
          response: null,
          locked_until: Date.now() + 60_000,
          created_at: Date.now(),
          expires_at: Date.now() + 60_000,
        })
        .execute();
      const busy = await post('/v1/refunds', `payment_intent=${intent.id}&amount=100`, {
        'idempotency-key': 'busy',
      });
      expect(busy).toMatchObject({ status: 409, body: { error: { code: 'idempotency_key_in_use' } } });
    });

    it('is in the OpenAPI document', async () => {
      const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/stripe/v1/refunds',
          '/stripe/v1/refunds/{id}/cancel',
          '/stripe/v1/payment_intents',
        ]),
      );
    });
  });
}
