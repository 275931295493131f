import { randomBytes } from 'node:crypto';
import {
  formatMoney,
  isRefundError,
  mergeMetadata,
  type RefundReason,
  type RefundStatus,
  transition,
  validateMetadata,
} from '@refundkit/core';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/open.js';
import type { Database } from '../../db/schema.js';
import {
  asPayment,
  asRefund,
  type PaymentRow,
  type RefundRow,
  type Scope,
  type Services,
} from '../../domain/context.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { emit } from '../../domain/events.js';
import { findPayment, insertPayment } from '../../domain/payments.js';
import { createRefund } from '../../domain/refunds.js';
import { checkSandboxOutcome } from '../../sandbox.js';
import { refusal } from './errors.js';
import {
  bareId,
  type IntentData,
  intentData,
  PREFIX,
  type RefundDetails,
  stripeId,
  transferAmount,
} from './objects.js';

type Trx = Transaction<Database>;

const FAR_FUTURE_MS = 100 * 365 * 24 * 3600 * 1000;

export const money = (amount: number, currency: string): string =>
  formatMoney(amount, currency, { locale: 'en-US' });

/** Metadata as Stripe posts it: an object, or '' to unset everything. */
export function checkedMetadata(input: unknown): Record<string, string> {
  if (input === '' || input === undefined) return {};
  const checked = validateMetadata(input);
  if (!checked.ok) throw checked.error;
  return Object.fromEntries(
    Object.entries(checked.value).filter(([, v]) => v !== '' && v !== null),
  ) as Record<string, string>;
}

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
  const declineCode = DECLINES[pm];
  if (declineCode) {
    const decline: Decline = {
      code: 'card_declined',
      decline_code: declineCode,
      message: 'Your card was declined.',
      payment_method: { id: pm, object: 'payment_method', type: 'card' },
      type: 'card_error',
    };
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
  const next: IntentData = {
    ...data,
    payment_method: pm,
    refund_outcome: REFUND_OUTCOMES[pm] ?? null,
    disputed: DISPUTED.has(pm),
    last_payment_error: null,
  };
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
  if (input.refundApplicationFee && !data.application_fee_amount) {
    throw refusal(
      'parameter_invalid',
      `Charge ${chargeId} does not have an application fee, so refund_application_fee cannot be used.`,
      'refund_application_fee',
    );
  }
  if (input.reverseTransfer && !data.transfer_destination) {
    throw refusal(
      'parameter_invalid',
      `Charge ${chargeId} has no associated transfer to reverse, so reverse_transfer cannot be used.`,
      'reverse_transfer',
    );
  }
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
  // Proportional to the refund, counted on the cumulative refunded amount so that refunding the whole
  // charge (in any number of parts) gives back the whole fee and reverses the whole transfer.
  const before = payment.amount_refunded;
  const share = (total: number) =>
    Math.floor((total * (before + row.amount)) / payment.captured) -
    Math.floor((total * before) / payment.captured);
  const details: RefundDetails = {
    charge: chargeId,
    payment_intent: stripeId(PREFIX.intent, payment.id),
    instructions_email: input.instructionsEmail ?? null,
    fee_refund: input.refundApplicationFee ? share(data.application_fee_amount ?? 0) : null,
    transfer_reversal: input.reverseTransfer ? stripeId(PREFIX.reversal, row.id) : null,
    transfer_reversal_amount: input.reverseTransfer ? share(transferAmount(payment)) : null,
  };
  await trx
    .insertInto('refund_details')
    .values({ refund_id: row.id, data: JSON.stringify(details) })
    .execute();
  return { row, details };
}

/** Core's refusals in Stripe's words, with the charge's numbers. */
async function translate<T>(payment: PaymentRow, run: () => Promise<T>): Promise<T> {
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

async function balanceRefund(
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
  const customer = await trx
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', input.customer)
    .where('account_id', '=', scope.accountId)
    .where('livemode', '=', scope.livemode)
    .forUpdate()
    .executeTakeFirst();
  if (!customer) throw notFound('customer', input.customer, 'customer');
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
  await trx
    .updateTable('customers')
    .set((eb) => ({ balance: eb('balance', '+', row.amount) }))
    .where('id', '=', customer.id)
    .execute();
  const details: RefundDetails = {
    origin: 'customer_balance',
    customer: customer.id,
    instructions_email: input.instructionsEmail ?? null,
  };
  await trx
    .insertInto('refund_details')
    .values({ refund_id: row.id, data: JSON.stringify(details) })
    .execute();
  return { row, details };
}

async function lockRefund(trx: Trx, scope: Scope, id: string): Promise<RefundRow> {
  const bare = bareId(PREFIX.refund, id);
  const head = await trx
    .selectFrom('refunds')
    .select('payment_id')
    .where('id', '=', bare)
    .where('account_id', '=', scope.accountId)
    .where('livemode', '=', scope.livemode)
    .where('dialect', '=', scope.dialect)
    .executeTakeFirst();
  if (!head) throw notFound('refund', id, 'refund');
  // Payment before refund, the order the processor uses.
  await trx.selectFrom('payments').select('id').where('id', '=', head.payment_id).forUpdate().execute();
  return asRefund(
    await trx.selectFrom('refunds').selectAll().where('id', '=', bare).forUpdate().executeTakeFirstOrThrow(),
  );
}

/** Stripe cancels only refunds waiting for the customer (requires_action); the hold is released. */
export async function cancelRefund(
  services: Services,
  trx: Trx,
  scope: Scope,
  id: string,
): Promise<RefundRow> {
  const refund = await lockRefund(trx, scope, id);
  if (refund.status !== 'requires_action') {
    throw new DomainError(
      'invalid_request',
      'refund_cancel_invalid',
      `Refund ${stripeId(PREFIX.refund, refund.id)} cannot be canceled because it has a status of ${refund.status}. Only refunds with a status of requires_action can be canceled.`,
    );
  }
  const next = transition(refund.status as RefundStatus, { type: 'cancel' });
  if (!next.ok) throw next.error;
  const now = services.now();
  const updated = asRefund(
    await trx
      .updateTable('refunds')
      .set({ status: next.value, updated_at: now })
      .where('id', '=', refund.id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  const payment = asPayment(
    await trx
      .updateTable('payments')
      .set((eb) => ({ amount_refunded: eb('amount_refunded', '-', refund.amount), updated_at: now }))
      .where('id', '=', refund.payment_id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  await emit(services, trx, 'refund.canceled', { payment, refund: updated });
  return updated;
}

/** Metadata only, with Stripe's unset rules (core's mergeMetadata). */
export async function updateRefundMetadata(
  services: Services,
  trx: Trx,
  scope: Scope,
  id: string,
  patch: unknown,
): Promise<RefundRow> {
  const refund = await lockRefund(trx, scope, id);
  // Nothing to change: the refund as it is, not a write.
  if (patch === undefined) return refund;
  const merged = mergeMetadata(refund.metadata, patch as Parameters<typeof mergeMetadata>[1]);
  if (!merged.ok) throw merged.error;
  checkSandboxOutcome(merged.value as Record<string, string>, 'metadata[sandbox_outcome]');
  const updated = asRefund(
    await trx
      .updateTable('refunds')
      .set({ metadata: JSON.stringify(merged.value), updated_at: services.now() })
      .where('id', '=', refund.id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  // Stripe announces any change of a refund as refund.updated, metadata included.
  if (JSON.stringify(merged.value) !== JSON.stringify(refund.metadata)) {
    const payment = await trx
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', refund.payment_id)
      .executeTakeFirstOrThrow();
    await emit(services, trx, 'refund.updated', { payment: asPayment(payment), refund: updated });
  }
  return updated;
}

export async function refundDetails(db: Db | Trx, ids: string[]): Promise<Map<string, RefundDetails>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('refund_details').selectAll().where('refund_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.refund_id, r.data as unknown as RefundDetails]));
}

export const newCustomerId = (): string => `cus_${randomBytes(10).toString('base64url')}`;
