import { describe, expect, test } from 'vitest';
import { refundableFor } from '../refundable.js';
import { payment, refund } from '../test/fixtures.js';
import { checkDraft, type Draft, freshDraft } from './draft.js';

const paid = payment(5000, 'USD');
const rules = refundableFor(paid, [refund(paid, 1000)]);
const context = { paymentId: paid.id, locale: 'en-US', fullText: '40.00' };
const typed = (amountText: string, extra: Partial<Draft> = {}) =>
  checkDraft(rules, { ...freshDraft(context.fullText), amountText, ...extra }, context);

describe('checkDraft', () => {
  test('an accepted draft becomes the refund to send, in minor units, the note trimmed', () => {
    expect(typed('12.30', { note: '  Returned  ' })).toEqual({
      text: '12.30',
      amount: 1230,
      empty: false,
      problem: undefined,
      input: { paymentId: 'pay_1', amount: 1230, reason: 'requested_by_customer', note: 'Returned' },
    });
    expect(typed('12.30', { note: '   ' }).input?.note).toBeUndefined();
  });

  test('nothing or zero typed is empty, and nothing to send', () => {
    for (const text of ['', '  ', '0']) {
      expect(typed(text)).toMatchObject({ empty: true, amount: undefined, input: undefined });
    }
  });

  test('what core refuses comes with its error; an amount that reads as one is kept for the words', () => {
    expect(typed('12.345')).toMatchObject({ amount: undefined, problem: { code: 'amount_invalid' } });
    expect(typed('ten')).toMatchObject({ empty: false, problem: { code: 'amount_invalid' } });
    expect(typed('41')).toMatchObject({
      amount: 4100,
      problem: { code: 'amount_exceeds_refundable' },
      input: undefined,
    });
  });

  test('a gateway that refunds only in full: the full amount, whatever was typed', () => {
    const checkout = payment(9899, 'JPY', 'checkout');
    const full = refundableFor(checkout, []);
    const check = checkDraft(full, { ...freshDraft(''), amountText: '12' }, { ...context, fullText: '9899' });
    expect(check).toMatchObject({ text: '9899', amount: 9899, input: { amount: 9899 } });
  });
});
