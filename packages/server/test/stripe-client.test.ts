import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { backends, startServer, TEST_KEY } from './helpers.js';

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A loopback webhook receiver that keeps every request. */
async function receiver() {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(200).end('ok');
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** Resolves once `test` holds for what has arrived. */
    async until(test: (all: Received[]) => boolean): Promise<void> {
      while (!test(received)) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

for (const backend of backends) {
  describe(`the official stripe package against the Stripe port (${backend.name})`, () => {
    let server: RunningServer;
    let stripe: Stripe;
    let hooks: Awaited<ReturnType<typeof receiver>>;

    let closeStorage: () => Promise<void>;

    beforeAll(async () => {
      const storage = await backend.open();
      closeStorage = storage.close;
      server = await startServer({
        ...storage.options,
        stripePort: 0,
        refundDelayMs: 50,
        pollIntervalMs: 50,
      });
      const port = Number(new URL(server.stripeUrl!).port);
      stripe = new Stripe(TEST_KEY, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 2 });
      hooks = await receiver();
    });
    afterAll(async () => {
      await server?.close();
      await hooks?.close();
      await closeStorage?.();
    });

    it('pays with pm_card_visa, refunds in parts to the cap, and refuses more in Stripe\u2019s words', async () => {
      const intent = await stripe.paymentIntents.create({
        amount: 2000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
      });
      expect(intent.status).toBe('requires_confirmation');
      const paid = await stripe.paymentIntents.confirm(intent.id);
      expect(paid.status).toBe('succeeded');
      const chargeId = paid.latest_charge as string;
      expect(chargeId).toMatch(/^ch_/);

      const first = await stripe.refunds.create({
        charge: chargeId,
        amount: 500,
        reason: 'requested_by_customer',
        metadata: { order: '42' },
      });
      expect(first).toMatchObject({
        object: 'refund',
        amount: 500,
        currency: 'usd',
        status: 'pending',
        charge: chargeId,
        payment_intent: intent.id,
        reason: 'requested_by_customer',
        metadata: { order: '42' },
      });
      const second = await stripe.refunds.create({ payment_intent: intent.id, amount: 1500 });
      expect(second.amount).toBe(1500);

      const again = stripe.refunds.create({ charge: chargeId, amount: 1 });
      await expect(again).rejects.toMatchObject({
        type: 'StripeInvalidRequestError',
        code: 'charge_already_refunded',
        statusCode: 400,
      });
      const charge = await stripe.charges.retrieve(chargeId);
      expect(charge).toMatchObject({ amount_refunded: 2000, refunded: true });

      const other = await stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      const over = stripe.refunds.create({ payment_intent: other.id, amount: 1001 });
      await expect(over).rejects.toMatchObject({
        code: 'amount_too_large',
        param: 'amount',
        message: 'Refund amount ($10.01) is greater than unrefunded amount on charge ($10.00)',
      });
    });

    it('lists refunds with Stripe pagination and auto-pagination', async () => {
      const intent = await stripe.paymentIntents.create({
        amount: 900,
        currency: 'eur',
        payment_method: 'pm_card_mastercard',
        confirm: true,
      });
      const made: string[] = [];
      for (let i = 0; i < 3; i++)
        made.push((await stripe.refunds.create({ payment_intent: intent.id, amount: 100 })).id);
      const page = await stripe.refunds.list({ payment_intent: intent.id, limit: 2 });
      expect(page).toMatchObject({ object: 'list', has_more: true, url: '/v1/refunds' });
      expect(page.data.map((r) => r.id)).toEqual([made[2], made[1]]);
      const all: string[] = [];
      for await (const refund of stripe.refunds.list({ payment_intent: intent.id, limit: 1 }))
        all.push(refund.id);
      expect(all).toEqual([...made].reverse());
      const before = await stripe.refunds.list({
        payment_intent: intent.id,
        ending_before: made[0],
        limit: 5,
      });
      expect(before.data.map((r) => r.id)).toEqual([made[2], made[1]]);
      const charges = await stripe.charges.list({ payment_intent: intent.id });
      expect(charges.data.map((c) => c.id)).toEqual([intent.latest_charge]);
    });

    it('updates metadata, expands, and cancels a refund that requires action', async () => {
      const intent = await stripe.paymentIntents.create({
        amount: 700,
        currency: 'usd',
        payment_method: 'pm_card_refundRequiresAction',
        confirm: true,
      });
      const refund = await stripe.refunds.create({
        payment_intent: intent.id,
        instructions_email: 'a@example.com',
        expand: ['charge'],
      });
      expect((refund.charge as Stripe.Charge).object).toBe('charge');
      const updated = await stripe.refunds.update(refund.id, { metadata: { note: 'x' } });
      expect(updated.metadata).toEqual({ note: 'x', sandbox_outcome: 'requires_action' });
      const unset = await stripe.refunds.update(refund.id, { metadata: { note: '' } });
      expect(unset.metadata).toEqual({ sandbox_outcome: 'requires_action' });
      // Still pending until the processor runs: wait for requires_action.
      let current = await stripe.refunds.retrieve(refund.id);
      while (current.status === 'pending') current = await stripe.refunds.retrieve(refund.id);
      expect(current.status).toBe('requires_action');
      const canceled = await stripe.refunds.cancel(refund.id);
      expect(canceled.status).toBe('canceled');
      await expect(stripe.refunds.cancel(refund.id)).rejects.toMatchObject({
        statusCode: 400,
        code: 'refund_cancel_invalid',
      });
      const charge = await stripe.charges.retrieve(intent.latest_charge as string);
      expect(charge.amount_refunded).toBe(0);
    });

    it('renders refunds with exactly the fields of seed 002, and Stripe’s extras by status', async () => {
      const intent = await stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      const made = await stripe.refunds.create({ charge: intent.latest_charge as string });
      const raw = async (id: string) => {
        for (;;) {
          const response = await fetch(`${server.stripeUrl}/v1/refunds/${id}`, {
            headers: { authorization: `Bearer ${TEST_KEY}` },
          });
          const body = (await response.json()) as Record<string, unknown>;
          if (body['status'] !== 'pending') return body;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const done = await raw(made.id);
      // Seed 002's example response, key for key.
      expect(Object.keys(done).sort()).toEqual(
        [
          'id',
          'object',
          'amount',
          'balance_transaction',
          'charge',
          'created',
          'currency',
          'destination_details',
          'metadata',
          'payment_intent',
          'reason',
          'receipt_number',
          'source_transfer_reversal',
          'status',
          'transfer_reversal',
        ].sort(),
      );
      expect(done).toMatchObject({
        object: 'refund',
        status: 'succeeded',
        balance_transaction: expect.stringMatching(/^txn_/),
        destination_details: { type: 'card', card: { reference_status: 'available', type: 'refund' } },
        reason: null,
        receipt_number: null,
        source_transfer_reversal: null,
        transfer_reversal: null,
      });
      const failing = await stripe.paymentIntents.create({
        amount: 300,
        currency: 'usd',
        payment_method: 'pm_card_refundFail',
        confirm: true,
      });
      const failed = await raw(
        (await stripe.refunds.create({ payment_intent: failing.id, instructions_email: 'a@example.com' })).id,
      );
      expect(failed).toMatchObject({
        status: 'failed',
        failure_reason: 'expired_or_canceled_card',
        failure_balance_transaction: null,
        balance_transaction: null,
        instructions_email: 'a@example.com',
      });
      const waiting = await stripe.paymentIntents.create({
        amount: 300,
        currency: 'usd',
        payment_method: 'pm_card_refundRequiresAction',
        confirm: true,
      });
      const held = await raw(
        (await stripe.refunds.create({ payment_intent: waiting.id, instructions_email: 'b@example.com' })).id,
      );
      expect(held).toMatchObject({
        status: 'requires_action',
        next_action: {
          type: 'display_details',
          display_details: { email_sent: { email_sent_to: 'b@example.com' } },
        },
      });
    });

    it('signs webhooks that stripe.webhooks.constructEvent accepts', async () => {
      const endpoint = await stripe.webhookEndpoints.create({
        url: hooks.url,
        enabled_events: ['refund.created', 'refund.updated', 'refund.failed', 'charge.refunded'],
      });
      expect(endpoint.secret).toMatch(/^whsec_/);
      const listed = await stripe.webhookEndpoints.list();
      expect(listed.data.map((e) => e.id)).toContain(endpoint.id);

      const ok = await stripe.paymentIntents.create({
        amount: 1200,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      const good = await stripe.refunds.create({ payment_intent: ok.id });
      const failing = await stripe.paymentIntents.create({
        amount: 800,
        currency: 'usd',
        payment_method: 'pm_card_refundFail',
        confirm: true,
      });
      const bad = await stripe.refunds.create({ payment_intent: failing.id });
      const waiting = await stripe.paymentIntents.create({
        amount: 500,
        currency: 'usd',
        payment_method: 'pm_card_refundRequiresAction',
        confirm: true,
      });
      const held = await stripe.refunds.create({ payment_intent: waiting.id });

      const events = () =>
        hooks.received.map((r) =>
          stripe.webhooks.constructEvent(r.body, String(r.headers['stripe-signature']), endpoint.secret!),
        );
      const seen = (id: string, type: string) =>
        events().some((e) => e.type === type && (e.data.object as { id: string }).id === id);
      const statusesOf = (id: string) =>
        events()
          .filter((e) => e.type === 'refund.updated' && (e.data.object as Stripe.Refund).id === id)
          .map((e) => (e.data.object as Stripe.Refund).status);
      await hooks.until(() => seen(held.id, 'refund.updated'));
      await stripe.refunds.cancel(held.id);
      await stripe.refunds.update(good.id, { metadata: { note: 'checked' } });
      const noteSeen = () =>
        events().some(
          (e) =>
            e.type === 'refund.updated' &&
            (e.data.object as Stripe.Refund).id === good.id &&
            (e.data.object as Stripe.Refund).metadata?.['note'] === 'checked',
        );
      await hooks.until(
        () =>
          [good, bad, held].every((r) => seen(r.id, 'refund.created')) &&
          seen(good.id, 'refund.updated') &&
          seen(bad.id, 'refund.failed') &&
          seen(ok.latest_charge as string, 'charge.refunded') &&
          statusesOf(held.id).includes('canceled') &&
          noteSeen(),
      );
      // Stripe names every non-failure change refund.updated: succeeded, requires_action, canceled.
      expect(statusesOf(held.id)).toEqual(['requires_action', 'canceled']);
      const created = events().find(
        (e) => e.type === 'refund.created' && (e.data.object as Stripe.Refund).id === good.id,
      )!;
      expect(created.data.object).toMatchObject({ object: 'refund', status: 'pending', amount: 1200 });
      expect(created).toMatchObject({ object: 'event', livemode: false, api_version: expect.any(String) });
      const refundedCharge = events().find(
        (e) => e.type === 'charge.refunded' && (e.data.object as Stripe.Charge).id === ok.latest_charge,
      )!;
      expect(refundedCharge.data.object).toMatchObject({ amount_refunded: 1200, refunded: true });
      // Each event once per endpoint, by its id.
      const ids = events().map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      // good's updates: it succeeded, and its metadata changed (in either order of arrival).
      expect(statusesOf(good.id)).toContain('succeeded');
      const failedEvent = events().find((e) => e.type === 'refund.failed')!;
      expect(failedEvent.data.object).toMatchObject({
        id: bad.id,
        status: 'failed',
        failure_reason: 'expired_or_canceled_card',
      });
      expect(() =>
        stripe.webhooks.constructEvent(
          hooks.received[0]!.body,
          String(hooks.received[0]!.headers['stripe-signature']),
          'whsec_wrong',
        ),
      ).toThrow();

      const deleted = await stripe.webhookEndpoints.del(endpoint.id);
      expect(deleted.deleted).toBe(true);
    });
  });
}
