import { CAPABILITIES, isTerminal, REASON_WORDS, type RefundHold } from '@refundkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CreateRefundParams,
  isRefundkitError,
  RefundkitAuthenticationError,
  RefundkitIdempotencyError,
  RefundkitInvalidRequestError,
} from '../src/index.js';
import { type Harness, harnesses, REASON_ON_WIRE } from './conformance-harness.js';
import { caught, Receiver, testServer } from './helpers.js';

const receiver = new Receiver();
const all = await harnesses(testServer());
beforeAll(async () => {
  await receiver.start();
});
afterAll(async () => receiver.close());

/** Runs `call` expecting a refusal; returns the error's code and status. */
async function refusal(call: Promise<unknown>) {
  const { code, statusCode } = await caught(call);
  return { code, statusCode };
}

/** What a call came to: accepted, or refused with this type, code and param. */
async function verdict(call: Promise<unknown>) {
  return call.then(
    () => 'accepted',
    (e: unknown) => (isRefundkitError(e) ? { type: e.type, code: e.code, param: e.param } : e),
  );
}

type Request = Omit<CreateRefundParams, 'paymentId' | 'payment'>;

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
    name: 'list walks every page with for await',
    async run(h) {
      const paymentId = await h.paid(1000);
      const made: string[] = [];
      for (const amount of partials(h) ? [100, 100, 100, 100, 100] : [undefined]) {
        made.push((await h.refunds.create({ paymentId, amount })).id);
      }
      const first = await h.refunds.list({ paymentId, limit: 2 });
      const seen: string[] = [];
      for await (const refund of first) seen.push(refund.id);
      // Newest first, each once, across pages of two where the dialect pages (Checkout lists in one).
      expect(seen).toEqual([...made].reverse());
      expect(first.hasMore).toBe(made.length > 2 && h.dialect !== 'checkout');
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
      expect(refund.raw.reason).toBe(REASON_ON_WIRE[h.dialect].duplicate);

      // Free text goes with `other`, where the dialect takes it; elsewhere `other` is refused before sending.
      const other = h.refunds.create({ paymentId: await h.paid(600), reason: 'other', reasonText: 'Gift' });
      if (!CAPABILITIES[h.dialect].freeTextReason) {
        expect(await caught(other)).toMatchObject({ param: 'reason', statusCode: null });
        return;
      }
      const withText = await other;
      expect(withText).toMatchObject({ reason: 'other', reasonText: 'Gift' });
      expect((await h.refunds.retrieve(withText.id)).reasonText).toBe('Gift');
    },
  },
  {
    name: 'a local refusal carries the type, code and param the server sends',
    async run(h) {
      const snapshot = {
        amount: 1000,
        currency: 'EUR',
        captured: 1000,
        state: 'succeeded',
        capturedAt: 0,
      } as const;
      const cases: { request: Request; refundedFirst?: boolean }[] = [
        { request: { amount: 1001 } },
        { request: { amount: 0 } },
        { request: { amount: 300 } },
        { request: { reason: 'other' } },
        { request: { metadata: { ['k'.repeat(41)]: 'v' } } },
        { request: {}, refundedFirst: true },
      ];
      for (const { request, refundedFirst } of cases) {
        // One payment for the local check and one for the server, so neither sees the other's refund.
        const [local, remote] = [await h.paid(1000), await h.paid(1000)];
        let holds: RefundHold[] = [];
        if (refundedFirst) {
          const first = await h.refunds.create({ paymentId: local });
          await h.refunds.create({ paymentId: remote });
          holds = [{ amount: first.amount.amount, status: first.status }];
        }
        const locally = await verdict(
          h.refunds.create({ paymentId: local, ...request, payment: { snapshot, refunds: holds } }),
        );
        // The same request as the wire carries it, past the client's checks.
        const { amount, reason, metadata } = request;
        const word = reason ? (REASON_WORDS[h.dialect][reason] ?? reason) : undefined;
        const wire = h.adapter.createRequest(
          { paymentId: remote },
          { amount, reason: word, reason_text: undefined, metadata },
        );
        const remotely = await verdict(h.client.request(wire, { maxRetries: 0 }));
        expect({ request, locally }).toEqual({ request, locally: remotely });
      }
    },
  },
  {
    name: 'typed errors chosen from each response',
    async run(h) {
      const wrongKey = await caught(h.withKey('sk_test_not_a_key').refunds.retrieve(h.missingRefundId));
      expect(wrongKey).toBeInstanceOf(RefundkitAuthenticationError);
      // The class is the family; `type` stays the body's own word (Stripe says invalid_request_error).
      expect(wrongKey.code).toBe('api_key_invalid');
      expect(wrongKey.statusCode).toBe(h.dialect === 'checkout' ? 403 : 401);

      const missing = await caught(h.refunds.retrieve(h.missingRefundId));
      expect(missing).toBeInstanceOf(RefundkitInvalidRequestError);
      expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
      expect(missing.requestId).toEqual(expect.any(String));
      expect(missing.raw).toEqual(expect.any(Object));

      const paymentId = await h.paid(1000);
      const key = `reused-${h.dialect}-${paymentId}`;
      const first = await h.refunds.create({ paymentId, metadata: { try: '1' } }, { idempotencyKey: key });
      const reused = await caught(
        h.refunds.create({ paymentId, metadata: { try: '2' } }, { idempotencyKey: key }),
      );
      expect(reused).toBeInstanceOf(RefundkitIdempotencyError);
      expect(reused.statusCode).toBe(h.dialect === 'stripe' ? 400 : 422);
      expect((await h.refunds.list({ paymentId })).data.map((r) => r.id)).toEqual([first.id]);
    },
  },
  {
    name: 'waitFor reaches each outcome the sandbox produces',
    async run(h) {
      for (const outcome of h.outcomes) {
        const paymentId = await h.paid(500, { outcome });
        const refund = await h.refunds.create({ paymentId, ...h.refundExtras(outcome) });
        const until = outcome === 'requires_action' ? 'requires_action' : 'terminal';
        const done = await h.refunds.waitFor(refund.id, { until, intervalMs: 20 });
        expect(done.status).toBe(outcome);
        if (outcome === 'failed') expect(done.failureReason).toEqual(expect.any(String));
        if (outcome === 'requires_action' && h.cancel) {
          expect((await h.cancel(done.id)).status).toBe('canceled');
          expect((await h.refunds.waitFor(done.id, { intervalMs: 20 })).status).toBe('canceled');
        }
      }
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
      const paymentId = await h.paid(900, { receiver });
      const refund = await h.refunds.create({ paymentId });
      const delivery = await receiver.waitFor((d) => {
        const body = d.body.toString('utf8');
        return body.includes(refund.id) && /"status":"succeeded"/.test(body);
      });
      const event = await h.verify(delivery);
      await expect(
        h.verify(delivery, Buffer.concat([delivery.body, Buffer.from(' ')])),
      ).rejects.toMatchObject({
        code: 'signature_mismatch',
      });
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
