import type { Transaction } from 'kysely';
import type { Db } from '../../db/open.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../domain/context.js';
import { notFound } from '../../domain/errors.js';
import { findPayment } from '../../domain/payments.js';
import { bareId, intentData, PREFIX } from './objects.js';

/** A list filter naming an object that does not exist in this mode is a 404 on that parameter, as on Stripe. */
export async function requirePayment(
  db: Db,
  scope: Scope,
  prefix: string,
  given: string,
  what: string,
  param: string,
) {
  const row = await findPayment(db, scope, bareId(prefix, given));
  if (!row || intentData(row).kind === 'balance' || (prefix === PREFIX.charge && row.state !== 'succeeded')) {
    throw notFound(what, given, param);
  }
  return row;
}

export async function requireCustomer(
  db: Db | Transaction<Database>,
  scope: Scope,
  customerId: string,
): Promise<void> {
  const found = await db
    .selectFrom('customers')
    .select('id')
    .where('id', '=', customerId)
    .where('account_id', '=', scope.accountId)
    .where('livemode', '=', scope.livemode)
    .executeTakeFirst();
  if (!found) throw notFound('customer', customerId, 'customer');
}
