import { mergeMetadata, type RefundStatus, transition } from '@refundkit/core';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { asPayment, asRefund, type RefundRow, type Scope, type Services } from '../../../domain/context.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { emit } from '../../../domain/events.js';
import { checkSandboxOutcome } from '../../../sandbox.js';
import { bareId, PREFIX, stripeId } from '../objects.js';

type Trx = Transaction<Database>;

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
