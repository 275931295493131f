import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { Scope } from '../../../domain/context.js';
import { notFound } from '../../../domain/errors.js';

type Trx = Transaction<Database>;

export const newCustomerId = (): string => `cus_${randomBytes(10).toString('base64url')}`;

/** The customer in this mode, locked for a change of its balance; 404 on `customer` otherwise. */
export async function lockCustomer(trx: Trx, scope: Scope, customerId: string) {
  const customer = await trx
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', customerId)
    .where('account_id', '=', scope.accountId)
    .where('livemode', '=', scope.livemode)
    .forUpdate()
    .executeTakeFirst();
  if (!customer) throw notFound('customer', customerId, 'customer');
  return customer;
}

/** Adds to the balance (a credit is negative, so a refund of it adds its amount). */
export async function addToBalance(trx: Trx, customerId: string, amount: number): Promise<void> {
  await trx
    .updateTable('customers')
    .set((eb) => ({ balance: eb('balance', '+', amount) }))
    .where('id', '=', customerId)
    .execute();
}
