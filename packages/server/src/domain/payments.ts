import type { Transaction } from 'kysely';
import type { Db } from '../db/open.js';
import type { Database } from '../db/schema.js';
import { asPayment, inScope, type PaymentRow, type Scope, type Services } from './context.js';
import { DomainError, notFound } from './errors.js';
import { emit } from './events.js';
import { newPaymentId } from './ids.js';
import { enqueue } from './jobs.js';
import { transact } from './queued.js';

export interface NewPayment {
  amount: number;
  /** Upper-case ISO 4217 code. */
  currency: string;
  /** Unix ms. */
  expiresAt: number;
  notificationUrl: string | null;
  metadata: Record<string, string>;
  /** The dialect's own fields, stored as sent. */
  data: object;
}

/**
 * Writes a new payment row, unpaid, with no event and no expiry job: ConvergeGate's and Checkout's
 * payments get both from `createPayment`; Stripe's PaymentIntents never expire and are announced
 * only once paid.
 */
export async function insertPayment(
  trx: Transaction<Database>,
  scope: Scope,
  input: NewPayment,
  now: number,
): Promise<PaymentRow> {
  return asPayment(
    await trx
      .insertInto('payments')
      .values({
        id: newPaymentId(),
        account_id: scope.accountId,
        dialect: scope.dialect,
        livemode: scope.livemode,
        state: 'requires_payment',
        amount: input.amount,
        currency: input.currency,
        captured: 0,
        amount_refunded: 0,
        captured_at: null,
        expires_at: input.expiresAt,
        data: JSON.stringify(input.data),
        metadata: JSON.stringify(input.metadata),
        notification_url: input.notificationUrl,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

export async function createPayment(
  services: Services,
  trx: Transaction<Database>,
  scope: Scope,
  input: NewPayment,
  /** The clock reading the caller checked `expiresAt` against, so `created_at` is that same moment. */
  now: number,
): Promise<PaymentRow> {
  const row = await insertPayment(trx, scope, input, now);
  await emit(services, trx, 'payment.created', { payment: row });
  await enqueue(trx, 'payment.expire', row.id, input.expiresAt, now);
  return row;
}

/**
 * Reads a payment in the caller's scope. Another account's or mode's payment does not exist here.
 * Found by primary key alone and its scope checked here, so the statement's plan is made once for
 * any id (db/prepared.ts).
 */
export async function findPayment(db: Db | Transaction<Database>, scope: Scope, id: string, lock = false) {
  let query = db.selectFrom('payments').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && inScope(row, scope) ? asPayment(row) : undefined;
}

export async function getPayment(
  services: Services,
  scope: Scope,
  id: string,
  param?: string,
): Promise<PaymentRow> {
  const row = await findPayment(services.db, scope, id);
  if (!row) throw notFound('checkout session', id, param);
  if (isDue(services, row)) {
    // Expiry is also a job; reading a session that is past its time must not show it open.
    return transact(services, async (trx) => {
      const locked = await findPayment(trx, scope, id, true);
      return expireLocked(services, trx, locked!);
    });
  }
  return row;
}

const isDue = (services: Services, row: PaymentRow) =>
  row.state === 'requires_payment' && row.expires_at !== null && row.expires_at <= services.now();

/** Expires a locked payment if it is still unpaid and past its time; returns the current row. */
export async function expireLocked(
  services: Services,
  trx: Transaction<Database>,
  row: PaymentRow,
): Promise<PaymentRow> {
  if (!isDue(services, row)) return row;
  const updated = asPayment(
    await trx
      .updateTable('payments')
      .set({ state: 'expired', updated_at: services.now() })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  await emit(services, trx, 'payment.expired', { payment: updated });
  return updated;
}

export type ConfirmOutcome = 'complete' | 'decline' | 'pending';

/** A payment attempt (a BLIK code) with the sandbox outcome the dialect read from it. */
export async function confirmPayment(
  services: Services,
  trx: Transaction<Database>,
  scope: Scope,
  id: string,
  outcome: ConfirmOutcome,
): Promise<PaymentRow> {
  const found = await findPayment(trx, scope, id, true);
  if (!found) throw notFound('checkout session', id);
  const row = await expireLocked(services, trx, found);
  if (row.state !== 'requires_payment') {
    throw new DomainError(
      'invalid_request',
      'session_not_open',
      `This checkout session is ${row.state === 'succeeded' ? 'already completed' : 'expired'} and cannot be paid.`,
    );
  }
  if (outcome === 'decline') {
    throw new DomainError('declined', 'payment_declined', 'The BLIK code was declined.', 'blik_code', {
      decline_code: 'blik_code_declined',
    });
  }
  if (outcome === 'pending') return row;
  const now = services.now();
  const updated = asPayment(
    await trx
      .updateTable('payments')
      .set({ state: 'succeeded', captured: row.amount, captured_at: now, updated_at: now })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  await trx.deleteFrom('jobs').where('kind', '=', 'payment.expire').where('ref_id', '=', row.id).execute();
  await emit(services, trx, 'payment.succeeded', { payment: updated });
  return updated;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
}

export interface PageRequest {
  limit: number;
  startingAfter?: string | undefined;
}

/** Newest first, by insertion order; `starting_after` continues after an object of the same list. */
export async function listPayments(
  services: Services,
  scope: Scope,
  page: PageRequest,
): Promise<Page<PaymentRow>> {
  let query = services.db
    .selectFrom('payments')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('livemode', '=', scope.livemode)
    .where('dialect', '=', scope.dialect);
  if (page.startingAfter !== undefined) {
    const cursor = await findPayment(services.db, scope, page.startingAfter);
    if (!cursor) throw notFound('checkout session', page.startingAfter, 'starting_after');
    query = query.where('seq', '<', cursor.seq);
  }
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(page.limit + 1)
    .execute();
  return { data: rows.slice(0, page.limit).map(asPayment), has_more: rows.length > page.limit };
}
