import type { RefundReason } from '@refundkit/core';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { RefundRow, Scope, Services } from '../../../domain/context.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { findPayment } from '../../../domain/payments.js';
import { createRefund } from '../../../domain/refunds.js';
import { refusal } from '../errors.js';
import { bareId, intentData, PREFIX, type RefundDetails, stripeId } from '../objects.js';
import { balanceRefund } from './balance-refunds.js';
import { checkConnectAsk, connectShares } from './connect.js';
import { saveRefundDetails } from './refund-details.js';
import { translate } from './refund-refusals.js';

type Trx = Transaction<Database>;

export interface NewStripeRefund {
  charge?: string | undefined;
  paymentIntent?: string | undefined;
  amount?: number | undefined;
  reason: RefundReason | null;
  metadata?: unknown;
  instructionsEmail?: string | undefined;
  origin?: 'customer_balance' | undefined;
  customer?: string | undefined;
  currency?: string | undefined;
  refundApplicationFee?: boolean | undefined;
  reverseTransfer?: boolean | undefined;
}

/** Stripe's refund on a charge or a payment intent, or from a customer's credit balance. */
export async function createStripeRefund(
  services: Services,
  trx: Trx,
  scope: Scope,
  input: NewStripeRefund,
): Promise<{ row: RefundRow; details: RefundDetails }> {
  if (input.origin === 'customer_balance') return balanceRefund(services, trx, scope, input);
  const { charge, paymentIntent } = input;
  if (charge === undefined && paymentIntent === undefined) {
    throw new DomainError(
      'invalid_request',
      'parameter_missing',
      'One of the following params should be provided for this request: charge or payment_intent.',
      'charge',
    );
  }
  const param = charge !== undefined ? 'charge' : 'payment_intent';
  const given = (charge ?? paymentIntent)!;
  const id = charge !== undefined ? bareId(PREFIX.charge, charge) : bareId(PREFIX.intent, given);
  if (charge !== undefined && paymentIntent !== undefined && bareId(PREFIX.intent, paymentIntent) !== id) {
    throw new DomainError(
      'invalid_request',
      'parameter_invalid',
      `The charge ${charge} does not belong to the PaymentIntent ${paymentIntent}.`,
      'payment_intent',
    );
  }
  const payment = await findPayment(trx, scope, id, true);
  if (
    !payment ||
    intentData(payment).kind === 'balance' ||
    (param === 'charge' && payment.state !== 'succeeded')
  ) {
    throw notFound(param === 'charge' ? 'charge' : 'payment_intent', given, param);
  }
  const data = intentData(payment);
  const chargeId = stripeId(PREFIX.charge, payment.id);
  if (payment.state !== 'succeeded') {
    throw refusal(
      'payment_intent_unexpected_state',
      `This PaymentIntent (${given}) does not have a successful charge to refund.`,
      'payment_intent',
    );
  }
  if (data.disputed) {
    throw refusal('charge_disputed', `Charge ${chargeId} has been charged back; cannot issue a refund.`);
  }
  checkConnectAsk(input, data, chargeId);
  let metadata = input.metadata === '' ? {} : input.metadata;
  // The sandbox outcome of a test card travels as the documented metadata trigger.
  if (data.refund_outcome)
    metadata = { ...(metadata as object | undefined), sandbox_outcome: data.refund_outcome };
  const row = await translate(payment, () =>
    createRefund(services, trx, scope, {
      paymentId: payment.id,
      paymentParam: param,
      amount: input.amount,
      reason: input.reason,
      metadata,
    }),
  );
  const details: RefundDetails = {
    charge: chargeId,
    payment_intent: stripeId(PREFIX.intent, payment.id),
    instructions_email: input.instructionsEmail ?? null,
    ...connectShares(input, payment, data, row),
  };
  await saveRefundDetails(trx, row.id, details);
  return { row, details };
}
