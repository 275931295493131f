import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { RefundRow, Scope, Services } from '../../../domain/context.js';
import { DomainError } from '../../../domain/errors.js';
import { createRefund } from '../../../domain/refunds.js';
import { refusal } from '../errors.js';
import type { RefundDetails } from '../objects.js';
import { addToBalance, lockCustomer } from './customers.js';
import { insertIntent } from './payment-intents.js';
import { saveRefundDetails } from './refund-details.js';
import { translate } from './refund-refusals.js';
import type { NewStripeRefund } from './refunds.js';

type Trx = Transaction<Database>;

/** A refund of a customer's credit balance (`origin=customer_balance`), not of a charge. */
export async function balanceRefund(
  services: Services,
  trx: Trx,
  scope: Scope,
  input: NewStripeRefund,
): Promise<{ row: RefundRow; details: RefundDetails }> {
  if (input.charge !== undefined || input.paymentIntent !== undefined) {
    throw new DomainError(
      'invalid_request',
      'parameter_invalid',
      'You cannot pass charge or payment_intent when origin is customer_balance.',
      'origin',
    );
  }
  if (input.customer === undefined) {
    throw new DomainError(
      'invalid_request',
      'parameter_missing',
      'Missing required param: customer.',
      'customer',
    );
  }
  if (input.refundApplicationFee || input.reverseTransfer) {
    throw new DomainError(
      'invalid_request',
      'parameter_invalid',
      'refund_application_fee and reverse_transfer cannot be used with origin customer_balance.',
      input.refundApplicationFee ? 'refund_application_fee' : 'reverse_transfer',
    );
  }
  const customer = await lockCustomer(trx, scope, input.customer);
  const currency = (input.currency ?? customer.currency ?? '').toUpperCase();
  if (!currency) {
    throw new DomainError(
      'invalid_request',
      'parameter_missing',
      'Missing required param: currency.',
      'currency',
    );
  }
  const credit = -Number(customer.balance);
  if (credit <= 0) {
    throw refusal(
      'balance_insufficient',
      `Customer ${customer.id} has no credit balance to refund.`,
      'origin',
    );
  }
  // The credit becomes a paid balance "payment" holding exactly the credit, so core's cap applies.
  const holder = await insertIntent(services, trx, scope, {
    amount: credit,
    currency,
    metadata: {},
    data: { kind: 'balance', customer: customer.id },
  });
  const now = services.now();
  await trx
    .updateTable('payments')
    .set({ state: 'succeeded', captured: credit, captured_at: now })
    .where('id', '=', holder.id)
    .execute();
  const paid = { ...holder, state: 'succeeded', captured: credit, captured_at: now };
  const row = await translate(paid, () =>
    createRefund(services, trx, scope, {
      paymentId: holder.id,
      paymentParam: 'customer',
      amount: input.amount,
      reason: input.reason,
      metadata: input.metadata === '' ? undefined : input.metadata,
    }),
  );
  await addToBalance(trx, customer.id, row.amount);
  const details: RefundDetails = {
    origin: 'customer_balance',
    customer: customer.id,
    instructions_email: input.instructionsEmail ?? null,
  };
  await saveRefundDetails(trx, row.id, details);
  return { row, details };
}
