import { formatMoney, isRefundError } from '@refundkit/core';
import type { PaymentRow } from '../../../domain/context.js';
import { refusal } from '../errors.js';
import { PREFIX, stripeId } from '../objects.js';

const money = (amount: number, currency: string): string =>
  formatMoney(amount, currency, { locale: 'en-US' });

/** Core's refusals in Stripe's words, with the charge's numbers. */
export async function translate<T>(payment: PaymentRow, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isRefundError(error)) throw error;
    const chargeId = stripeId(PREFIX.charge, payment.id);
    if (error.code === 'already_refunded') {
      throw refusal('charge_already_refunded', `Charge ${chargeId} has already been refunded.`);
    }
    if (error.code === 'amount_exceeds_refundable') {
      const requested = Number(error.details['requested']);
      const refundable = Number(error.details['refundable']);
      throw refusal(
        'amount_too_large',
        `Refund amount (${money(requested, payment.currency)}) is greater than unrefunded amount on charge (${money(refundable, payment.currency)})`,
        'amount',
      );
    }
    if (error.code === 'amount_invalid') {
      throw refusal('parameter_invalid_integer', 'Invalid positive integer', 'amount', 'invalid_request');
    }
    throw error;
  }
}
