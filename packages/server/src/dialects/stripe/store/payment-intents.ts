import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { asPayment, type PaymentRow, type Scope, type Services } from '../../../domain/context.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { emit } from '../../../domain/events.js';
import { findPayment, insertPayment } from '../../../domain/payments.js';
import { bareId, type IntentData, intentData, PREFIX, stripeId } from '../objects.js';
import { type Decline, declineOf, isTestPaymentMethod, paidWith } from './test-cards.js';

type Trx = Transaction<Database>;

const FAR_FUTURE_MS = 100 * 365 * 24 * 3600 * 1000;

export interface NewIntent {
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  data: IntentData;
}

/** A PaymentIntent is a payment row that never expires on its own. */
export function insertIntent(
  services: Services,
  trx: Trx,
  scope: Scope,
  input: NewIntent,
): Promise<PaymentRow> {
  const now = services.now();
  return insertPayment(trx, scope, { ...input, expiresAt: now + FAR_FUTURE_MS, notificationUrl: null }, now);
}

/**
 * Confirms with a test payment method. A decline is not an exception: like Stripe, the intent keeps
 * it (`last_payment_error`, back to `requires_payment_method`) in the committed transaction, and the
 * caller answers 402 with it.
 */
export async function confirmIntent(
  services: Services,
  trx: Trx,
  scope: Scope,
  intentId: string,
  paymentMethod: string | undefined,
): Promise<{ row: PaymentRow; decline: Decline | null }> {
  const row = await findPayment(trx, scope, bareId(PREFIX.intent, intentId), true);
  if (!row || intentData(row).kind === 'balance') throw notFound('payment_intent', intentId, 'intent');
  const data = intentData(row);
  const pm = paymentMethod ?? data.payment_method ?? undefined;
  if (row.state === 'succeeded') {
    throw new DomainError(
      'invalid_request',
      'payment_intent_unexpected_state',
      'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.',
      undefined,
      { payment_intent: { id: stripeId(PREFIX.intent, row.id), status: 'succeeded' } },
    );
  }
  if (!pm) {
    throw new DomainError(
      'invalid_request',
      'payment_intent_unexpected_state',
      'You cannot confirm this PaymentIntent because it\u2019s missing a payment method. To confirm the PaymentIntent with cus_, specify a payment method attached to this customer along with the customer ID.',
    );
  }
  if (!isTestPaymentMethod(pm)) {
    throw new DomainError(
      'not_found',
      'resource_missing',
      `No such PaymentMethod: '${pm}'`,
      'payment_method',
    );
  }
  const now = services.now();
  const decline = declineOf(pm);
  if (decline) {
    const failed: IntentData = { ...data, payment_method: null, last_payment_error: { ...decline } };
    const declined = asPayment(
      await trx
        .updateTable('payments')
        .set({ data: JSON.stringify(failed), updated_at: now })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return { row: declined, decline };
  }
  const next: IntentData = { ...data, payment_method: pm, ...paidWith(pm), last_payment_error: null };
  const updated = asPayment(
    await trx
      .updateTable('payments')
      .set({
        state: 'succeeded',
        captured: row.amount,
        captured_at: now,
        updated_at: now,
        data: JSON.stringify(next),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  await emit(services, trx, 'payment.succeeded', { payment: updated });
  return { row: updated, decline: null };
}
