import { describe, expect, it } from 'vitest';
import { CAPABILITIES, type Capabilities } from './capabilities.js';
import type { Result } from './errors.js';
import type { PaymentSnapshot, RefundHold } from './model.js';
import { checkRefund, heldAmount, type RefundCheck, type RefundRequest, refundableAmount } from './policy.js';

const NOW = 1_700_000_000;
const DAY = 86_400;

const paid = (over: Partial<PaymentSnapshot> = {}): PaymentSnapshot => ({
  amount: 1000,
  currency: 'PLN',
  captured: 1000,
  state: 'succeeded',
  capturedAt: NOW - DAY,
  ...over,
});

const check = (
  request: RefundRequest,
  over: Partial<Omit<RefundCheck, 'request'>> = {},
): ReturnType<typeof checkRefund> =>
  checkRefund({ payment: paid(), refunds: [], now: NOW, ...over, request });

function refusal(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

const custom = (over: Partial<Capabilities>): Capabilities => ({ ...CAPABILITIES.stripe, ...over });

describe('heldAmount and refundableAmount', () => {
  const refunds: RefundHold[] = [
    { amount: 100, status: 'pending' },
    { amount: 200, status: 'requires_action' },
    { amount: 300, status: 'succeeded' },
    { amount: 400, status: 'failed' },
    { amount: 500, status: 'canceled' },
  ];

  it('counts pending, requires_action and succeeded; failed and canceled release their hold', () => {
    expect(heldAmount(refunds)).toBe(600);
    expect(refundableAmount({ captured: 1000 }, refunds)).toBe(400);
    expect(heldAmount([])).toBe(0);
  });

  it('never goes below zero', () => {
    expect(refundableAmount({ captured: 500 }, refunds)).toBe(0);
  });
});

describe('checkRefund: the seeds’ own examples', () => {
  it('ConvergeGate: amount=1000, reason=requested_by_customer on a 1000 payment', () => {
    const result = check({ amount: 1000, reason: 'requested_by_customer' }, { capabilities: 'convergegate' });
    expect(result).toEqual({
      ok: true,
      value: {
        amount: 1000,
        currency: 'PLN',
        reason: 'requested_by_customer',
        reasonText: null,
        metadata: {},
        full: true,
        remaining: 0,
      },
    });
  });

  it('ConvergeGate: an omitted amount refunds the whole session', () => {
    const result = check({}, { capabilities: 'convergegate' });
    expect(result.ok && result.value).toMatchObject({ amount: 1000, full: true, remaining: 0, reason: null });
  });

  it('an omitted amount refunds what is still refundable after partial refunds', () => {
    const result = check({}, { refunds: [{ amount: 300, status: 'succeeded' }] });
    expect(result.ok && result.value).toMatchObject({ amount: 700, full: true, remaining: 0 });
  });

  it('Stripe: repeated partial refunds until the charge is fully refunded', () => {
    const refunds: RefundHold[] = [];
    for (const amount of [300, 300, 400]) {
      const result = check({ amount }, { capabilities: 'stripe', refunds });
      expect(result.ok).toBe(true);
      if (result.ok) refunds.push({ amount: result.value.amount, status: 'pending' });
    }
    expect(heldAmount(refunds)).toBe(1000);
    expect(refusal(check({ amount: 1 }, { capabilities: 'stripe', refunds })).code).toBe('already_refunded');
  });

  it('Stripe: refuses to refund more money than is left on the charge', () => {
    const error = refusal(
      check({ amount: 800 }, { capabilities: 'stripe', refunds: [{ amount: 300, status: 'succeeded' }] }),
    );
    expect(error.code).toBe('amount_exceeds_refundable');
    expect(error.param).toBe('amount');
    expect(error.details).toEqual({ refundable: 700, requested: 800 });
    expect(refusal(check({ amount: 1001 }, { capabilities: 'stripe' })).code).toBe(
      'amount_exceeds_refundable',
    );
  });

  it('Stripe: refuses an already-refunded charge', () => {
    const error = refusal(
      check({}, { capabilities: 'stripe', refunds: [{ amount: 1000, status: 'succeeded' }] }),
    );
    expect(error.code).toBe('already_refunded');
    expect(error.details).toEqual({ refundable: 0, captured: 1000 });
  });

  it('Checkout: refunds the whole payment when no amount is given', () => {
    const result = check({}, { capabilities: 'checkout' });
    expect(result.ok && result.value).toMatchObject({ amount: 1000, full: true });
    expect(check({ amount: 1000 }, { capabilities: 'checkout' }).ok).toBe(true);
  });

  it('Checkout: refuses a partial refund', () => {
    const error = refusal(check({ amount: 500 }, { capabilities: 'checkout' }));
    expect(error.code).toBe('partial_not_supported');
    expect(error.param).toBe('amount');
    expect(error.details).toEqual({ captured: 1000 });
  });

  it('Checkout: an amount above the capture is an over-refund first', () => {
    expect(refusal(check({ amount: 1500 }, { capabilities: 'checkout' })).code).toBe(
      'amount_exceeds_refundable',
    );
  });

  it('Checkout: refuses a second refund once one holds the money, takes one after a failure', () => {
    expect(
      refusal(check({}, { capabilities: 'checkout', refunds: [{ amount: 1000, status: 'pending' }] })).code,
    ).toBe('already_refunded');
    expect(check({}, { capabilities: 'checkout', refunds: [{ amount: 1000, status: 'failed' }] }).ok).toBe(
      true,
    );
  });
});

describe('checkRefund: holds', () => {
  it('lets pending and requires_action refunds hold their amount', () => {
    const refunds: RefundHold[] = [
      { amount: 400, status: 'pending' },
      { amount: 400, status: 'requires_action' },
    ];
    expect(refusal(check({ amount: 201 }, { refunds })).code).toBe('amount_exceeds_refundable');
    const result = check({ amount: 150 }, { refunds });
    expect(result.ok && result.value).toMatchObject({ amount: 150, full: false, remaining: 50 });
  });

  it('lets failed and canceled refunds release theirs', () => {
    const refunds: RefundHold[] = [
      { amount: 600, status: 'failed' },
      { amount: 400, status: 'canceled' },
    ];
    const result = check({}, { refunds });
    expect(result.ok && result.value.amount).toBe(1000);
  });
});

describe('checkRefund: request shape', () => {
  it.each([0, -1, 1.5, Number.NaN, 2 ** 53, '100'])('refuses amount %s with amount_invalid', (amount) => {
    const error = refusal(check({ amount: amount as number }));
    expect(error.code).toBe('amount_invalid');
    expect(error.param).toBe('amount');
  });

  it('takes a matching currency in any case', () => {
    expect(check({ currency: 'pln' }).ok).toBe(true);
    expect(check({ currency: 'PLN' }).ok).toBe(true);
    expect(
      checkRefund({ payment: paid({ currency: 'pln' }), refunds: [], request: {}, now: NOW }),
    ).toMatchObject({
      ok: true,
      value: { currency: 'PLN' },
    });
  });

  it('refuses a different currency with currency_mismatch and an unknown one with currency_invalid', () => {
    expect(refusal(check({ currency: 'EUR' }))).toMatchObject({
      code: 'currency_mismatch',
      param: 'currency',
    });
    expect(refusal(check({ currency: 'ZZZ' }))).toMatchObject({
      code: 'currency_invalid',
      param: 'currency',
    });
  });

  it('refuses unknown reasons, and dialect spellings, with reason_invalid', () => {
    for (const reason of ['duplicated', 'because', '']) {
      expect(refusal(check({ reason: reason as never }))).toMatchObject({
        code: 'reason_invalid',
        param: 'reason',
      });
    }
  });

  it('takes other with free text only where the dialect allows it', () => {
    expect(refusal(check({ reason: 'other', reasonText: 'x' }, { capabilities: 'stripe' })).code).toBe(
      'reason_invalid',
    );
    expect(refusal(check({ reason: 'other' }, { capabilities: 'convergegate' })).code).toBe('reason_invalid');
    const result = check({ reason: 'other', reasonText: 'Damaged in transit' }, { capabilities: 'checkout' });
    expect(result.ok && result.value).toMatchObject({ reason: 'other', reasonText: 'Damaged in transit' });
  });

  it('drops free text that comes without other, and refuses text that is too long or not text', () => {
    const result = check({ reason: 'fraudulent', reasonText: 'ignored' });
    expect(result.ok && result.value.reasonText).toBeNull();
    expect(
      refusal(check({ reason: 'other', reasonText: 'x'.repeat(501) }, { capabilities: 'checkout' })).code,
    ).toBe('reason_invalid');
    expect(check({ reason: 'other', reasonText: 'x'.repeat(500) }, { capabilities: 'checkout' }).ok).toBe(
      true,
    );
    expect(
      refusal(check({ reason: 'other', reasonText: 5 as unknown as string }, { capabilities: 'checkout' }))
        .code,
    ).toBe('reason_invalid');
  });

  it('validates metadata and returns it normalized', () => {
    const result = check({ metadata: { order: '42' } });
    expect(result.ok && result.value.metadata).toEqual({ order: '42' });
    expect(refusal(check({ metadata: { order: 42 } }))).toMatchObject({
      code: 'metadata_invalid',
      param: 'metadata[order]',
    });
  });

  it('refuses metadata where the gateway takes none', () => {
    const caps = custom({ metadata: false });
    expect(refusal(check({ metadata: {} }, { capabilities: caps })).code).toBe('metadata_invalid');
    expect(check({}, { capabilities: caps }).ok).toBe(true);
  });
});

describe('checkRefund: the payment', () => {
  it.each([
    'requires_payment',
    'processing',
    'canceled',
    'expired',
    'failed',
  ] as const)('refuses a %s payment with payment_not_refundable', (state) => {
    const error = refusal(check({}, { payment: paid({ state }) }));
    expect(error.code).toBe('payment_not_refundable');
    expect(error.details).toEqual({ state });
  });

  it('refuses a payment with nothing captured', () => {
    expect(refusal(check({}, { payment: paid({ captured: 0 }) })).code).toBe('payment_not_refundable');
  });

  it('caps at the captured amount, not the authorized one', () => {
    const payment = paid({ amount: 1000, captured: 600 });
    expect(refusal(check({ amount: 700 }, { payment })).code).toBe('amount_exceeds_refundable');
    const result = check({}, { payment });
    expect(result.ok && result.value.amount).toBe(600);
  });

  it('refuses a disputed payment with payment_disputed', () => {
    expect(refusal(check({}, { payment: paid({ disputed: true }) })).code).toBe('payment_disputed');
  });

  it('refuses an unsettled payment with payment_not_settled where the gateway requires settlement', () => {
    const caps = custom({ requiresSettled: true });
    expect(refusal(check({}, { capabilities: caps })).code).toBe('payment_not_settled');
    expect(refusal(check({}, { capabilities: caps, payment: paid({ settled: false }) })).code).toBe(
      'payment_not_settled',
    );
    expect(check({}, { capabilities: caps, payment: paid({ settled: true }) }).ok).toBe(true);
    expect(check({}, { payment: paid({ settled: false }) }).ok).toBe(true);
  });

  it('refuses a payment older than the refund window with refund_window_expired', () => {
    const caps = custom({ refundWindowDays: 30 });
    const error = refusal(
      check({}, { capabilities: caps, payment: paid({ capturedAt: NOW - 30 * DAY - 1 }) }),
    );
    expect(error.code).toBe('refund_window_expired');
    expect(error.details).toEqual({ refundWindowDays: 30 });
    expect(check({}, { capabilities: caps, payment: paid({ capturedAt: NOW - 30 * DAY }) }).ok).toBe(true);
  });

  it('reads the clock when no time is given', () => {
    const caps = custom({ refundWindowDays: 1 });
    const fresh = paid({ capturedAt: Math.floor(Date.now() / 1000) });
    expect(checkRefund({ payment: fresh, refunds: [], request: {}, capabilities: caps }).ok).toBe(true);
    const old = paid({ capturedAt: 0 });
    expect(refusal(checkRefund({ payment: old, refunds: [], request: {}, capabilities: caps })).code).toBe(
      'refund_window_expired',
    );
  });
});

describe('checkRefund: capabilities', () => {
  it('defaults to the convergegate preset', () => {
    expect(check({ reason: 'other' }).ok).toBe(false);
    expect(check({ amount: 1 }).ok).toBe(true);
  });

  it('refuses refunds past the per-payment limit with too_many_refunds, counting only holds', () => {
    const caps = custom({ maxRefundsPerPayment: 2 });
    const two: RefundHold[] = [
      { amount: 100, status: 'succeeded' },
      { amount: 100, status: 'pending' },
    ];
    const error = refusal(check({ amount: 100 }, { capabilities: caps, refunds: two }));
    expect(error.code).toBe('too_many_refunds');
    expect(error.details).toEqual({ maxRefundsPerPayment: 2 });
    const released: RefundHold[] = [
      { amount: 100, status: 'succeeded' },
      { amount: 100, status: 'canceled' },
    ];
    expect(check({ amount: 100 }, { capabilities: caps, refunds: released }).ok).toBe(true);
  });

  it('refuses amounts below the minimum with amount_below_minimum', () => {
    const caps = custom({ minimumAmount: 50 });
    const error = refusal(check({ amount: 49 }, { capabilities: caps }));
    expect(error.code).toBe('amount_below_minimum');
    expect(error.details).toEqual({ minimumAmount: 50 });
    expect(check({ amount: 50 }, { capabilities: caps }).ok).toBe(true);
    // What is left can be below the minimum too: an omitted amount is refused the same way.
    const refunds: RefundHold[] = [{ amount: 980, status: 'succeeded' }];
    expect(refusal(check({}, { capabilities: caps, refunds })).code).toBe('amount_below_minimum');
  });

  it('refuses a full-only refund once a partial one exists', () => {
    const caps = custom({ partialRefunds: false });
    const refunds: RefundHold[] = [{ amount: 100, status: 'succeeded' }];
    expect(refusal(check({}, { capabilities: caps, refunds })).code).toBe('partial_not_supported');
  });

  it('names the first thing to fix: a malformed request before the state of the payment', () => {
    const payment = paid({ state: 'canceled' });
    expect(refusal(check({ amount: -5 }, { payment })).code).toBe('amount_invalid');
    expect(refusal(check({ currency: 'EUR' }, { payment })).code).toBe('currency_mismatch');
    expect(refusal(check({ metadata: 'x' }, { payment })).code).toBe('metadata_invalid');
  });

  it('is pure: the same input gives the same answer and nothing is mutated', () => {
    const refunds: RefundHold[] = [{ amount: 100, status: 'pending' }];
    const input: RefundCheck = { payment: paid(), refunds, request: { amount: 200 }, now: NOW };
    const frozen = JSON.stringify(input);
    expect(checkRefund(input)).toEqual(checkRefund(input));
    expect(JSON.stringify(input)).toBe(frozen);
  });
});
