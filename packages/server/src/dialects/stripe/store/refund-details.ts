import type { Transaction } from 'kysely';
import type { Db } from '../../../db/open.js';
import type { Database } from '../../../db/schema.js';
import type { RefundDetails } from '../objects.js';

type Trx = Transaction<Database>;

/** What a Stripe refund carries beyond core's refund row, kept beside it in `refund_details`. */
export async function saveRefundDetails(trx: Trx, refundId: string, details: RefundDetails): Promise<void> {
  await trx
    .insertInto('refund_details')
    .values({ refund_id: refundId, data: JSON.stringify(details) })
    .execute();
}

export async function refundDetails(db: Db | Trx, ids: string[]): Promise<Map<string, RefundDetails>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('refund_details').selectAll().where('refund_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.refund_id, r.data as unknown as RefundDetails]));
}
