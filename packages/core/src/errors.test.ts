import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from './capabilities.js';
import { normalizeCurrency } from './currency.js';
import {
  ERROR_CODES,
  fail,
  isRefundError,
  ok,
  RefundError,
  type RefundErrorCode,
  type Result,
} from './errors.js';
import type { PaymentSnapshot } from './model.js';
import { parseAmount } from './money.js';
import { checkRefund, type RefundCheck } from './policy.js';
import { reasonFromDialect } from './reasons.js';
import { advance, statusFromDialect, transition } from './status.js';

const payment: PaymentSnapshot = {
  amount: 1000,
  currency: 'PLN',
  captured: 1000,
  state: 'succeeded',
  capturedAt: 1_700_000_000,
};
const check = (over: Partial<RefundCheck>) =>
  checkRefund({ payment, refunds: [], request: {}, now: 1_700_000_000, ...over });

function caught(fn: () => unknown): RefundError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RefundError) return error;
    throw error;
  }
  throw new Error('expected a RefundError');
}
const refused = (result: Result<unknown>): RefundError => {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
};

// One real way to reach each code. The key list is compared with ERROR_CODES below, so a code
// added to core without a test here fails the suite.
const REACH: Record<RefundErrorCode, () => RefundError> = {
  amount_invalid: () => caught(() => parseAmount('12.345', 'USD')),
  amount_below_minimum: () =>
    refused(check({ request: { amount: 5 }, capabilities: { ...CAPABILITIES.stripe, minimumAmount: 50 } })),
  amount_exceeds_refundable: () => refused(check({ request: { amount: 1001 } })),
  already_refunded: () => refused(check({ refunds: [{ amount: 1000, status: 'succeeded' }] })),
  partial_not_supported: () => refused(check({ request: { amount: 1 }, capabilities: 'checkout' })),
  too_many_refunds: () =>
    refused(
      check({
        request: { amount: 1 },
        refunds: [{ amount: 1, status: 'succeeded' }],
        capabilities: { ...CAPABILITIES.stripe, maxRefundsPerPayment: 1 },
      }),
    ),
  reason_invalid: () => caught(() => reasonFromDialect('duplicate', 'convergegate')),
  metadata_invalid: () => refused(check({ request: { metadata: { 'a[b]': 'c' } } })),
  currency_invalid: () => caught(() => normalizeCurrency('XXY')),
  currency_mismatch: () => refused(check({ request: { currency: 'usd' } })),
  payment_not_refundable: () => refused(check({ payment: { ...payment, state: 'expired' } })),
  payment_not_settled: () =>
    refused(check({ capabilities: { ...CAPABILITIES.stripe, requiresSettled: true } })),
  payment_disputed: () => refused(check({ payment: { ...payment, disputed: true } })),
  refund_window_expired: () =>
    refused(check({ now: 1_800_000_000, capabilities: { ...CAPABILITIES.stripe, refundWindowDays: 180 } })),
  invalid_transition: () => refused(advance('succeeded', 'pending')),
  status_invalid: () => caught(() => statusFromDialect('successful', 'stripe')),
};

describe('error codes', () => {
  it('are reached by this suite, every one of them', () => {
    expect(Object.keys(REACH).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  for (const code of Object.keys(REACH) as RefundErrorCode[]) {
    it(`${code} comes back typed, with its code`, () => {
      const error = REACH[code]();
      expect(error).toBeInstanceOf(RefundError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe('RefundError');
      expect(error.message.length).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(error))).toEqual({ code, message: error.message, param: error.param });
    });
  }

  it('are snake_case words with a sentence of meaning each', () => {
    for (const [code, meaning] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(meaning).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe('RefundError', () => {
  it('defaults its message to the code’s meaning and carries param and details', () => {
    const error = new RefundError('amount_exceeds_refundable', undefined, {
      param: 'amount',
      details: { refundable: 5 },
    });
    expect(error.message).toBe(ERROR_CODES.amount_exceeds_refundable);
    expect(error.param).toBe('amount');
    expect(error.details).toEqual({ refundable: 5 });
    expect(error.stack).toContain('RefundError');
    expect(new RefundError('amount_invalid').details).toEqual({});
    expect(new RefundError('amount_invalid').param).toBeUndefined();
  });

  it('is recognised by isRefundError and nothing else is', () => {
    expect(isRefundError(new RefundError('status_invalid'))).toBe(true);
    expect(isRefundError(new Error('x'))).toBe(false);
    expect(isRefundError({ code: 'status_invalid', message: 'x' })).toBe(false);
    expect(isRefundError(null)).toBe(false);
  });
});

describe('Result helpers', () => {
  it('ok wraps a value and fail wraps a RefundError', () => {
    expect(ok(5)).toEqual({ ok: true, value: 5 });
    const failed = fail('reason_invalid', 'nope', { param: 'reason' });
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error).toBeInstanceOf(RefundError);
      expect(failed.error.message).toBe('nope');
      expect(failed.error.param).toBe('reason');
    }
  });

  it('are what the status machine returns', () => {
    expect(transition('pending', { type: 'succeed' })).toEqual(ok('succeeded'));
  });
});
