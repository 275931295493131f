import { describe, expect, test } from 'vitest';
import { type Attempt, attemptFor, needTransport, sendAttempt } from './attempt.js';
import { createRefundStore } from './store.js';
import { payment } from './test/fixtures.js';
import { createMemoryTransport } from './test/memory-transport.js';
import { RefundRequestError } from './transport.js';

const paid = payment(5000, 'USD');
const input = { paymentId: paid.id, amount: 1000, reason: 'duplicate' as const, note: 'Charged twice' };

describe('attemptFor', () => {
  test('the same refund again is the unfinished attempt itself, under its key', () => {
    const unfinished: Attempt = { input, key: 'k1' };
    expect(attemptFor(unfinished, { ...input }, 'k2')).toBe(unfinished);
    // No note and an empty note are the same refund.
    const bare: Attempt = { input: { ...input, note: undefined }, key: 'k1' };
    expect(attemptFor(bare, { ...input, note: '' }, 'k2')).toBe(bare);
  });

  test('any other refund, or none unfinished, is a new attempt under the fresh key', () => {
    const unfinished: Attempt = { input, key: 'k1' };
    for (const changed of [
      { ...input, paymentId: 'pay_2' },
      { ...input, amount: 999 },
      { ...input, reason: null },
      { ...input, note: 'Charged three times' },
    ]) {
      expect(attemptFor(unfinished, changed, 'k2')).toEqual({ input: changed, key: 'k2' });
    }
    expect(attemptFor(null, input, 'k3')).toEqual({ input, key: 'k3' });
  });
});

describe('sendAttempt', () => {
  test('sends under the attempt’s key and hands the created refund to the store', async () => {
    const transport = createMemoryTransport({ payments: [paid] });
    const store = createRefundStore(transport);
    const outcome = await sendAttempt(transport, store, { input, key: 'rk_1' });
    expect(transport.calls.create).toEqual([{ ...input, idempotencyKey: 'rk_1' }]);
    if (!outcome.ok) throw outcome.error;
    expect(store.get(outcome.refund.id).refund).toBe(outcome.refund);
    // The same key again is the same refund, as the backend replays it.
    expect(await sendAttempt(transport, null, { input, key: 'rk_1' })).toEqual(outcome);
  });

  test('a refusal, or anything a custom transport throws, comes back as a RefundRequestError', async () => {
    const refused = createMemoryTransport({
      payments: [paid],
      failWith: { code: 'processing_error', message: 'Later.', status: 502 },
    });
    expect(await sendAttempt(refused, null, { input, key: 'rk_2' })).toMatchObject({
      ok: false,
      error: { name: 'RefundRequestError', code: 'processing_error', status: 502 },
    });
    const custom = {
      ...refused,
      createRefund: () => Promise.reject({ code: 'limit_reached', message: 'No more today.', status: 429 }),
    };
    const outcome = await sendAttempt(custom, null, { input, key: 'rk_3' });
    if (outcome.ok) throw new Error('a refusal was expected');
    expect(outcome.error).toBeInstanceOf(RefundRequestError);
    expect(outcome.error).toMatchObject({ code: 'limit_reached', message: 'No more today.', status: 429 });
  });
});

test('needTransport says what is missing', () => {
  expect(() => needTransport(null, 'RefundButton')).toThrow(
    'RefundButton needs a <RefundkitProvider transport={…}> above it.',
  );
  const transport = createMemoryTransport({ payments: [paid] });
  expect(needTransport(transport, 'useRefund')).toBe(transport);
});
