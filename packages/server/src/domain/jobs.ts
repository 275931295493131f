import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { noteJob } from './queued.js';

export type JobKind = 'refund.process' | 'payment.expire';

/** Queues work in the caller's transaction, so it exists exactly when the change that needs it does. */
export async function enqueue(
  trx: Transaction<Database>,
  kind: JobKind,
  refId: string,
  runAt: number,
  now: number,
): Promise<void> {
  await trx.insertInto('jobs').values({ kind, ref_id: refId, run_at: runAt, created_at: now }).execute();
  noteJob(trx, runAt);
}
