import { describe, expect, test } from 'vitest';
import { amountInputText, refundableFor } from './refundable.js';
import { payment, refund } from './test/fixtures.js';

describe('refundableFor', () => {
  test('uses core’s cap: pending and succeeded hold, failed and canceled release; other payments ignored', () => {
    const paid = payment(10_000);
    const other = payment(10_000, 'USD', 'convergegate', 'pay_2');
    const rules = refundableFor(paid, [
      refund(paid, 2000, 'succeeded'),
      refund(paid, 1000, 'pending'),
      refund(paid, 500, 'requires_action'),
      refund(paid, 4000, 'failed'),
      refund(paid, 4000, 'canceled'),
      refund(other, 9000, 'succeeded'),
    ]);
    expect(rules.refundable).toBe(6500);
    expect(rules.blocked).toBeNull();
    expect(rules.check({ amount: 6501 }).ok).toBe(false);
    expect(rules.check({ amount: 6500 }).ok).toBe(true);
  });

  test('blocked with core’s code when nothing can be refunded', () => {
    const paid = payment(10_000);
    expect(refundableFor(paid, [refund(paid, 10_000)]).blocked?.code).toBe('already_refunded');
    expect(refundableFor({ ...paid, state: 'processing' }, []).blocked?.code).toBe('payment_not_refundable');
    const checkout = payment(10_000, 'EUR', 'checkout');
    expect(refundableFor(checkout, []).fullOnly).toBe(true);
    expect(refundableFor(checkout, [refund(checkout, 10_000, 'failed')]).blocked).toBeNull();
  });

  test('the dialect picks the rules and the currency exponent (Stripe counts ISK in hundredths)', () => {
    const isk = payment(10_000, 'ISK', 'stripe');
    expect(amountInputText(10_000, 'ISK', 'en-US', 'stripe')).toBe('100.00');
    expect(amountInputText(10_000, 'ISK', 'en-US')).toBe('10000');
    expect(refundableFor(isk, [], { dialect: 'checkout' }).fullOnly).toBe(true);
  });

  test('amount field text uses the locale’s decimal mark, no grouping, exact digits', () => {
    expect(amountInputText(123_456_789_012_345, 'USD', 'en-US')).toBe('1234567890123.45');
    expect(amountInputText(123_450, 'PLN', 'pl-PL')).toBe('1234,50');
    expect(amountInputText(9899, 'JPY', 'ja-JP')).toBe('9899');
    expect(amountInputText(12_345, 'KWD', 'ar-KW-u-nu-latn')).toMatch(/^12.345$/);
  });
});
