import {
  CAPABILITIES,
  checkRefund,
  holdsFunds,
  type PaymentState,
  type RefundHold,
  type RefundReason,
  type RefundStatus,
  transition,
} from '@refundkit/core';
import type { InsertQueryBuilder, QueryCreator, Transaction, UpdateQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { checkSandboxOutcome } from '../sandbox.js';
import { asRefund, inScope, type PaymentRow, type RefundRow, type Scope, type Services } from './context.js';
import { notFound } from './errors.js';
import { type EventRows, eventRows } from './events.js';
import { newRefundId } from './ids.js';
import { expireLocked, findPayment, type Page, type PageRequest } from './payments.js';
import { noteEvent, noteJob } from './queued.js';

// A write in a WITH clause whose rows nobody reads.
type WriteOnly =
  // biome-ignore lint/suspicious/noExplicitAny: the CTE's table and row types are irrelevant here.
  InsertQueryBuilder<Database, any, any> | UpdateQueryBuilder<Database, any, any, any>;
type Cte = [name: string, write: (db: QueryCreator<Database>) => WriteOnly];

/** The WITH clause of one statement; nothing reads the CTEs' names, so the schema's type stays. */
const withWrites = (trx: Transaction<Database>, ctes: Cte[]): QueryCreator<Database> =>
  ctes.reduce<QueryCreator<Database>>(
    (query, [name, cte]) => query.with(name, cte) as unknown as QueryCreator<Database>,
    trx,
  );

/** An announcement's deliveries as a CTE, noted for the workers (the event is the caller's). */
function deliveriesOf(trx: Transaction<Database>, announced: EventRows): Cte[] {
  noteEvent(trx, announced.event.dialect, announced.deliveries.length, announced.refund);
  return announced.deliveries.length > 0
    ? [['delivery', (db) => db.insertInto('deliveries').values(announced.deliveries)]]
    : [];
}

export interface NewRefund {
  paymentId: string;
  amount?: number | undefined;
  reason?: RefundReason | null | undefined;
  reasonText?: string | null | undefined;
  /** The merchant's reference for the refund, where the dialect takes one. */
  reference?: string | null | undefined;
  metadata?: unknown;
  /** The request field that named the payment, for a not-found error. */
  paymentParam: string;
  /** How the dialect names `metadata.sandbox_outcome` in an error (default `metadata[sandbox_outcome]`). */
  outcomeParam?: string;
}

/**
 * The hot path. One transaction: lock the payment row, read the refunds holding money, let core's
 * policy decide, then write the refund, the new `amount_refunded`, the `refund.created` event and
 * the processing job. The row lock serializes refunds of one payment across every process sharing
 * the database, so the cap cannot be raced.
 */
export async function createRefund(
  services: Services,
  trx: Transaction<Database>,
  scope: Scope,
  input: NewRefund,
): Promise<RefundRow> {
  const found = await findPayment(trx, scope, input.paymentId, true);
  if (!found) throw notFound('checkout session', input.paymentId, input.paymentParam);
  const payment = await expireLocked(services, trx, found);
  // `amount_refunded` is the sum of the holding refunds, kept in these same locked transactions, so
  // one hold of that sum tells core the same thing as every refund row. Rows are read only when the
  // dialect counts refunds (Checkout's one-refund rule): the hot path stays flat however many
  // refunds a payment has.
  const holds: RefundHold[] =
    CAPABILITIES[scope.dialect].maxRefundsPerPayment === null
      ? payment.amount_refunded > 0
        ? [{ amount: payment.amount_refunded, status: 'pending' }]
        : []
      : ((await trx
          .selectFrom('refunds')
          .select(['amount', 'status'])
          .where('payment_id', '=', payment.id)
          .execute()) as RefundHold[]);
  const now = services.now();
  const checked = checkRefund({
    payment: {
      amount: payment.amount,
      currency: payment.currency,
      captured: payment.captured,
      state: payment.state as PaymentState,
      capturedAt: Math.floor((payment.captured_at ?? payment.created_at) / 1000),
    },
    refunds: holds,
    request: {
      amount: input.amount,
      reason: input.reason,
      reasonText: input.reasonText,
      metadata: input.metadata,
    },
    capabilities: scope.dialect,
    now: Math.floor(now / 1000),
  });
  if (!checked.ok) throw checked.error;
  const refund = checked.value;
  checkSandboxOutcome(
    refund.metadata as Record<string, string>,
    input.outcomeParam ?? 'metadata[sandbox_outcome]',
  );
  const values = {
    id: newRefundId(),
    account_id: scope.accountId,
    payment_id: payment.id,
    dialect: scope.dialect,
    livemode: scope.livemode,
    amount: refund.amount,
    currency: payment.currency,
    status: 'pending',
    reason: refund.reason,
    reason_text: refund.reasonText,
    reference: input.reference ?? null,
    failure_reason: null,
    created_at: now,
    updated_at: now,
  };
  // Everything the statement writes is known here, so the refund.created payload is rendered from
  // the row as it will be stored (its `seq` is the database's and no dialect shows it).
  const announced = eventRows(services, 'refund.created', {
    payment: { ...payment, amount_refunded: payment.amount_refunded + refund.amount, updated_at: now },
    refund: { ...values, metadata: refund.metadata as Record<string, string>, seq: 0 },
  });
  // One statement for every write: a round trip (and a statement for Postgres to plan) per table
  // is most of what a refund costs. Its data-modifying CTEs run on one snapshot, and the foreign
  // keys (the deliveries' event, the refund's payment) are checked at its end, when all rows exist.
  const ctes: Cte[] = [
    [
      'held',
      (db) =>
        db
          .updateTable('payments')
          .set((eb) => ({ amount_refunded: eb('amount_refunded', '+', refund.amount), updated_at: now }))
          .where('id', '=', payment.id),
    ],
    [
      'job',
      (db) =>
        db.insertInto('jobs').values({
          kind: 'refund.process',
          ref_id: values.id,
          run_at: now + services.refundDelayMs,
          created_at: now,
        }),
    ],
  ];
  if (announced) {
    ctes.push(
      ['event', (db) => db.insertInto('events').values(announced.event)],
      ...deliveriesOf(trx, announced),
    );
  }
  const row = await withWrites(trx, ctes)
    .insertInto('refunds')
    .values({ ...values, metadata: JSON.stringify(refund.metadata) })
    .returningAll()
    .executeTakeFirstOrThrow();
  noteJob(trx, now + services.refundDelayMs);
  return asRefund(row);
}

/** By primary key alone and the scope checked here, as `findPayment`. */
export async function getRefund(services: Services, scope: Scope, id: string): Promise<RefundRow> {
  const row = await services.db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !inScope(row, scope)) throw notFound('refund', id);
  return asRefund(row);
}

export async function listRefunds(
  services: Services,
  scope: Scope,
  page: PageRequest & { paymentId?: string | undefined; paymentParam?: string },
): Promise<Page<RefundRow>> {
  const { db } = services;
  let query = db
    .selectFrom('refunds')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('livemode', '=', scope.livemode)
    .where('dialect', '=', scope.dialect);
  if (page.paymentId !== undefined) {
    const payment = await findPayment(db, scope, page.paymentId);
    if (!payment) throw notFound('checkout session', page.paymentId, page.paymentParam);
    query = query.where('payment_id', '=', page.paymentId);
  }
  if (page.startingAfter !== undefined) {
    const cursor = await db
      .selectFrom('refunds')
      .select('seq')
      .where('id', '=', page.startingAfter)
      .where('account_id', '=', scope.accountId)
      .where('livemode', '=', scope.livemode)
      .where('dialect', '=', scope.dialect)
      .executeTakeFirst();
    if (!cursor) throw notFound('refund', page.startingAfter, 'starting_after');
    query = query.where('seq', '<', cursor.seq);
  }
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(page.limit + 1)
    .execute();
  return { data: rows.slice(0, page.limit).map(asRefund), has_more: rows.length > page.limit };
}

/**
 * Finishes pending refunds, run by the processor in its transaction with their jobs and payments
 * locked (`payments`: every payment of these refunds, locked in id order before any refund, the
 * order `createRefund` uses and one order for every batch in every process, so none deadlock).
 * Each refund is then one statement: its new status, the payment's held sum, the event and its
 * deliveries, rendered from the rows as they will be stored.
 */
export async function processRefunds(
  services: Services,
  trx: Transaction<Database>,
  refundIds: readonly string[],
  payments: Map<string, PaymentRow>,
): Promise<void> {
  if (refundIds.length === 0) return;
  const refunds = await trx
    .selectFrom('refunds')
    .selectAll()
    .where('id', 'in', refundIds)
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const refund of refunds.map(asRefund)) {
    if (refund.status !== 'pending') continue;
    const outcome = refund.metadata['sandbox_outcome'] ?? 'succeeded';
    const event =
      outcome === 'failed'
        ? ({ type: 'fail', failureReason: 'sandbox_failure' } as const)
        : outcome === 'requires_action'
          ? ({ type: 'require_action' } as const)
          : ({ type: 'succeed' } as const);
    const next = transition(refund.status as RefundStatus, event);
    if (!next.ok) throw next.error;
    const now = services.now();
    const failureReason = event.type === 'fail' ? event.failureReason : null;
    // A refund that stops holding money gives it back to the payment's refundable amount.
    const released = holdsFunds(next.value) ? 0 : refund.amount;
    const payment = payments.get(refund.payment_id)!;
    const updatedPayment = {
      ...payment,
      amount_refunded: payment.amount_refunded - released,
      updated_at: now,
    };
    payments.set(payment.id, updatedPayment);
    const updated = { ...refund, status: next.value, failure_reason: failureReason, updated_at: now };
    const kind =
      next.value === 'succeeded'
        ? 'refund.succeeded'
        : next.value === 'failed'
          ? 'refund.failed'
          : 'refund.requires_action';
    const settle: Cte = [
      'settled',
      (db) =>
        db
          .updateTable('refunds')
          .set({ status: next.value, failure_reason: failureReason, updated_at: now })
          .where('id', '=', refund.id),
    ];
    const release = (db: QueryCreator<Database>) =>
      db
        .updateTable('payments')
        .set((eb) => ({ amount_refunded: eb('amount_refunded', '-', released), updated_at: now }))
        .where('id', '=', payment.id);
    const announced = eventRows(services, kind, { payment: updatedPayment, refund: updated });
    if (announced) {
      await withWrites(trx, [settle, ['released', release], ...deliveriesOf(trx, announced)])
        .insertInto('events')
        .values(announced.event)
        .execute();
    } else {
      await release(withWrites(trx, [settle])).execute();
    }
  }
}
