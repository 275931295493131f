import { CAPABILITIES, isTerminal } from '@refundkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRefundkitError } from '../src/index.js';
import { type Harness, harnesses, REASON_ON_WIRE } from './conformance-harness.js';
import { Receiver, testServer } from './helpers.js';

const receiver = new Receiver();
const all = await harnesses(testServer());
beforeAll(async () => {
  await receiver.start();
});
afterAll(async () => receiver.close());

/** Runs `call` expecting a refusal; returns the error's code and status. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isRefundkitError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, statusCode: error.statusCode };
}

const partials = (h: Harness) => CAPABILITIES[h.dialect].partialRefunds;

/** One list of scenarios, every dialect through the same SDK interface. */
const scenarios: { name: string; run(h: Harness): Promise<void> }[] = [
  {
    name: 'full refund',
    async run(h) {
      const paymentId = await h.paid(1000);
      const refund = await h.refunds.create({ paymentId });
      expect(refund).toMatchObject({
        dialect: h.dialect,
        paymentId,
        amount: { amount: 1000, currency: 'EUR' },
      });
      expect(['pending', 'succeeded']).toContain(refund.status);
    },
  },
  {
    name: 'partial refund',
    async run(h) {
      const paymentId = await h.paid(1000);
      if (!partials(h)) {
        expect(await refusal(h.refunds.create({ paymentId, amount: 300 }))).toMatchObject({
          code: 'partial_not_supported',
          statusCode: 400,
        });
        return;
      }
      const refund = await h.refunds.create({ paymentId, amount: 300 });
      expect(refund.amount.amount).toBe(300);
    },
  },
  {
    name: 'repeated partials to the cap',
    async run(h) {
      const paymentId = await h.paid(1000);
      if (!partials(h)) {
        expect((await refusal(h.refunds.create({ paymentId, amount: 500 }))).code).toBe(
          'partial_not_supported',
        );
        return;
      }
      for (const amount of [400, 400, 200]) await h.refunds.create({ paymentId, amount });
      const page = await h.refunds.list({ paymentId });
      expect(page.data.map((r) => r.amount.amount)).toEqual([200, 400, 400]);
      expect((await refusal(h.refunds.create({ paymentId, amount: 1 }))).code).toBe(h.codes.alreadyRefunded);
    },
  },
  {
    name: 'over-refund',
    async run(h) {
      const paymentId = await h.paid(1000);
      expect((await refusal(h.refunds.create({ paymentId, amount: 1001 }))).code).toBe(h.codes.overRefund);
    },
  },
  {
    name: 'already refunded',
    async run(h) {
      const paymentId = await h.paid(800);
      await h.refunds.create({ paymentId });
      expect((await refusal(h.refunds.create({ paymentId }))).code).toBe(h.codes.alreadyRefunded);
    },
  },
  {
    name: 'reason mapping',
    async run(h) {
      const paymentId = await h.paid(600);
      const refund = await h.refunds.create({ paymentId, reason: 'duplicate' });
      expect(refund.reason).toBe('duplicate');
      expect(h.rawReason(refund.raw)).toBe(REASON_ON_WIRE[h.dialect].duplicate);
    },
  },
  {
    name: 'metadata',
    async run(h) {
      const paymentId = await h.paid(600);
      const refund = await h.refunds.create({ paymentId, metadata: { order: 'A-1', note: 'hi' } });
      expect(refund.metadata).toEqual({ order: 'A-1', note: 'hi' });
      expect((await h.refunds.retrieve(refund.id)).metadata).toEqual({ order: 'A-1', note: 'hi' });
    },
  },
  {
    name: 'idempotent retry',
    async run(h) {
      const paymentId = await h.paid(700);
      const key = `conformance-${h.dialect}-${paymentId}`;
      const first = await h.refunds.create({ paymentId }, { idempotencyKey: key });
      const again = await h.refunds.create({ paymentId }, { idempotencyKey: key });
      expect(again.id).toBe(first.id);
      expect(again.replayed).toBe(true);
    },
  },
  {
    name: 'concurrent refunds',
    async run(h) {
      const paymentId = await h.paid(1000);
      const amount = partials(h) ? 300 : undefined;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, () => h.refunds.create({ paymentId, amount }, { maxRetries: 0 })),
      );
      const made = outcomes.filter((o) => o.status === 'fulfilled').length;
      expect(made).toBe(partials(h) ? 3 : 1);
      const page = await h.refunds.list({ paymentId });
      expect(page.data.reduce((sum, r) => sum + r.amount.amount, 0)).toBeLessThanOrEqual(1000);
    },
  },
  {
    name: 'webhook to terminal status',
    async run(h) {
      const paymentId = await h.paid(900, receiver);
      const refund = await h.refunds.create({ paymentId });
      const delivery = await receiver.waitFor((d) => {
        const body = d.body.toString('utf8');
        return body.includes(refund.id) && /"status":"succeeded"/.test(body);
      });
      const event = await h.verify(delivery);
      expect(event.refund).toMatchObject({ id: refund.id, status: 'succeeded', dialect: h.dialect });
      expect(isTerminal(event.refund!.status)).toBe(true);
      expect((await h.refunds.waitFor(refund.id)).status).toBe('succeeded');
    },
  },
];

for (const h of all) {
  describe(`conformance: ${h.dialect}`, () => {
    for (const scenario of scenarios) it(scenario.name, () => scenario.run(h));
  });
}
