import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Attempt } from './attempt.js';
import {
  IDLE,
  type RefundRequestState,
  type RequestEvent,
  type RequestMachine,
  refundRequest,
} from './request.js';
import { payment, refund } from './test/fixtures.js';
import { replaySends } from './test/replay-sends.js';
import { RefundRequestError } from './transport.js';

const paid = payment(5000, 'USD');
const input = { paymentId: paid.id, amount: 1000, reason: null };
const attempt: Attempt = { input, key: 'k_first' };
const created = refund(paid, 1000, 'pending');
const refusal = new RefundRequestError('processing_error', 'Try later.', 503);

const MACHINES: Record<RefundRequestState, RequestMachine> = {
  idle: { state: 'idle', attempt },
  submitting: { state: 'submitting', attempt },
  succeeded: { state: 'succeeded', attempt: null, refund: created },
  failed: { state: 'failed', attempt, error: refusal },
};

const EVENTS: Record<RequestEvent['type'], RequestEvent> = {
  submit: { type: 'submit', input, key: 'k_fresh' },
  succeeded: { type: 'succeeded', refund: created },
  failed: { type: 'failed', error: refusal },
  reset: { type: 'reset' },
};

// Every state × event: the state it leads to, or `—` when the event is ignored (the same object back).
const TABLE: Record<RefundRequestState, Record<RequestEvent['type'], RefundRequestState | '—'>> = {
  idle: { submit: 'submitting', succeeded: '—', failed: '—', reset: '—' },
  submitting: { submit: '—', succeeded: 'succeeded', failed: 'failed', reset: '—' },
  succeeded: { submit: 'submitting', succeeded: '—', failed: '—', reset: 'idle' },
  failed: { submit: 'submitting', succeeded: '—', failed: '—', reset: 'idle' },
};

describe('refundRequest (useRefund’s machine)', () => {
  for (const [from, row] of Object.entries(TABLE) as [RefundRequestState, (typeof TABLE)['idle']][]) {
    for (const [type, to] of Object.entries(row) as [RequestEvent['type'], RefundRequestState | '—'][]) {
      test(`${from} + ${type} → ${to === '—' ? 'ignored' : to}`, () => {
        const before = MACHINES[from];
        const after = refundRequest(before, EVENTS[type]);
        if (to === '—') expect(after).toBe(before);
        else expect(after.state).toBe(to);
      });
    }
  }

  test('a second submit while one is in flight is ignored: no double submit', () => {
    const sending = refundRequest(IDLE, EVENTS.submit);
    expect(refundRequest(sending, { type: 'submit', input: { ...input, amount: 1 }, key: 'k_other' })).toBe(
      sending,
    );
  });

  test('one key per attempt: kept for a retry of the same refund, renewed for another or after a success', () => {
    const first = refundRequest(IDLE, { type: 'submit', input, key: 'k1' });
    expect(first.attempt?.key).toBe('k1');
    const failed = refundRequest(first, EVENTS.failed);
    expect(failed.attempt).toBe(first.attempt);
    const retry = refundRequest(failed, { type: 'submit', input: { ...input }, key: 'k2' });
    expect(retry.attempt?.key).toBe('k1');
    // A reset (the form reopened) keeps the attempt: unchanged, the next send is still its retry.
    const reset = refundRequest(refundRequest(retry, EVENTS.failed), EVENTS.reset);
    expect(refundRequest(reset, { type: 'submit', input, key: 'k3' }).attempt?.key).toBe('k1');
    const changed = refundRequest(reset, { type: 'submit', input: { ...input, amount: 900 }, key: 'k4' });
    expect(changed.attempt?.key).toBe('k4');
    const done = refundRequest(changed, EVENTS.succeeded);
    expect(done).toEqual({ state: 'succeeded', attempt: null, refund: created });
    expect(
      refundRequest(done, { type: 'submit', input: { ...input, amount: 900 }, key: 'k5' }).attempt?.key,
    ).toBe('k5');
  });

  test('any sequence: one request in flight at most, a key never stands for two refunds nor outlives a success', () => {
    const event = fc.oneof(
      fc.record({
        type: fc.constant('submit' as const),
        input: fc.record({
          paymentId: fc.constantFrom('pay_1', 'pay_2'),
          amount: fc.integer({ min: 1, max: 3 }),
          reason: fc.constantFrom(null, 'duplicate' as const),
        }),
        key: fc.uuid(),
      }),
      fc.constant({ type: 'succeeded' as const, refund: created }),
      fc.constant({ type: 'failed' as const, error: refusal }),
      fc.constant({ type: 'reset' as const }),
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 10, maxLength: 40 }), (events) =>
        replaySends(refundRequest, IDLE, events),
      ),
      { numRuns: 500 },
    );
  });
});
