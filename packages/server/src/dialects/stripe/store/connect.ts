import type { PaymentRow, RefundRow } from '../../../domain/context.js';
import { refusal } from '../errors.js';
import { type IntentData, PREFIX, type RefundDetails, stripeId, transferAmount } from '../objects.js';

/** What a refund asks of a destination charge's Connect objects. */
export interface ConnectAsk {
  refundApplicationFee?: boolean | undefined;
  reverseTransfer?: boolean | undefined;
}

/** Refuses a fee refund on a charge without a fee, or a reversal on one without a transfer. */
export function checkConnectAsk(ask: ConnectAsk, data: IntentData, chargeId: string): void {
  if (ask.refundApplicationFee && !data.application_fee_amount) {
    throw refusal(
      'parameter_invalid',
      `Charge ${chargeId} does not have an application fee, so refund_application_fee cannot be used.`,
      'refund_application_fee',
    );
  }
  if (ask.reverseTransfer && !data.transfer_destination) {
    throw refusal(
      'parameter_invalid',
      `Charge ${chargeId} has no associated transfer to reverse, so reverse_transfer cannot be used.`,
      'reverse_transfer',
    );
  }
}

/**
 * What the refund gives back of the fee and the transfer: proportional to the refund, counted on the
 * cumulative refunded amount so that refunding the whole charge (in any number of parts) gives back
 * the whole fee and reverses the whole transfer. `payment` is the charge as it was before this refund.
 */
export function connectShares(
  ask: ConnectAsk,
  payment: PaymentRow,
  data: IntentData,
  refund: RefundRow,
): Pick<RefundDetails, 'fee_refund' | 'transfer_reversal' | 'transfer_reversal_amount'> {
  const before = payment.amount_refunded;
  const share = (total: number) =>
    Math.floor((total * (before + refund.amount)) / payment.captured) -
    Math.floor((total * before) / payment.captured);
  return {
    fee_refund: ask.refundApplicationFee ? share(data.application_fee_amount ?? 0) : null,
    transfer_reversal: ask.reverseTransfer ? stripeId(PREFIX.reversal, refund.id) : null,
    transfer_reversal_amount: ask.reverseTransfer ? share(transferAmount(payment)) : null,
  };
}
