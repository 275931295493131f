import type { IntentData } from '../objects.js';

// Test payment methods (Stripe's names where Stripe has one). Every other `pm_card_…` pays.
const DECLINES: Record<string, string> = {
  pm_card_chargeDeclined: 'generic_decline',
  pm_card_visa_chargeDeclined: 'generic_decline',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  pm_card_visa_chargeDeclinedInsufficientFunds: 'insufficient_funds',
};
const REFUND_OUTCOMES: Record<string, IntentData['refund_outcome']> = {
  pm_card_refundFail: 'failed',
  pm_card_visa_refundFail: 'failed',
  pm_card_refundRequiresAction: 'requires_action',
};
const DISPUTED = new Set(['pm_card_createDispute', 'pm_card_visa_createDispute']);

export const isTestPaymentMethod = (pm: string): boolean => /^pm_card_[A-Za-z0-9_]+$/.test(pm);

/** A declined card, as Stripe reports it in `last_payment_error` and in the 402 it answers. */
export interface Decline {
  code: 'card_declined';
  decline_code: string;
  message: string;
  payment_method: { id: string; object: 'payment_method'; type: 'card' };
  type: 'card_error';
}

/** The decline a test payment method gets, or null for one that pays. */
export function declineOf(pm: string): Decline | null {
  const declineCode = DECLINES[pm];
  if (!declineCode) return null;
  return {
    code: 'card_declined',
    decline_code: declineCode,
    message: 'Your card was declined.',
    payment_method: { id: pm, object: 'payment_method', type: 'card' },
    type: 'card_error',
  };
}

/** What a paying test payment method arranges for the charge's later life: its refunds' outcome, a dispute. */
export const paidWith = (pm: string): Pick<IntentData, 'refund_outcome' | 'disputed'> => ({
  refund_outcome: REFUND_OUTCOMES[pm] ?? null,
  disputed: DISPUTED.has(pm),
});
