import { asPayment, type PaymentRow, type Services } from '../domain/context.js';
import { expireLocked } from '../domain/payments.js';
import { transact } from '../domain/queued.js';
import { processRefunds } from '../domain/refunds.js';

/**
 * Jobs taken per transaction. Settling refunds as fast as they are created means one commit (and
 * one claim, one lock statement per table) for many, not per job; a batch stays small enough that
 * the refunds waiting for the same database are not held up long behind it.
 */
const BATCH = 32;

/**
 * Runs due jobs, a batch per transaction: the job rows are claimed with FOR UPDATE SKIP LOCKED, the
 * work is done and the rows deleted in that same transaction. Two processes never take the same
 * job, and a crash before COMMIT leaves the jobs for the next run (restart resumes).
 * Returns the milliseconds until the next known job. Once `signal` is aborted (shutdown), the batch
 * in hand is finished and no other is taken.
 */
export async function runDueJobs(
  services: Services,
  budget = 256,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const { db } = services;
  for (let done = 0; done < budget; ) {
    if (signal?.aborted) return undefined;
    const now = services.now();
    const ran = await transact(services, async (trx) => {
      const jobs = await trx
        .selectFrom('jobs')
        .selectAll()
        .where('run_at', '<=', now)
        .orderBy('run_at')
        .limit(Math.min(BATCH, budget - done))
        .forUpdate()
        .skipLocked()
        .execute();
      if (jobs.length === 0) return 0;
      const refundIds = jobs.filter((job) => job.kind === 'refund.process').map((job) => job.ref_id);
      const expiring = jobs.filter((job) => job.kind === 'payment.expire').map((job) => job.ref_id);
      const heads =
        refundIds.length > 0
          ? await trx.selectFrom('refunds').select('payment_id').where('id', 'in', refundIds).execute()
          : [];
      // Every payment the batch touches, locked in one order (see processRefunds).
      const ids = [...new Set([...heads.map((head) => head.payment_id), ...expiring])];
      const payments = new Map<string, PaymentRow>();
      if (ids.length > 0) {
        const locked = await trx
          .selectFrom('payments')
          .selectAll()
          .where('id', 'in', ids)
          .orderBy('id')
          .forUpdate()
          .execute();
        for (const row of locked) payments.set(row.id, asPayment(row));
      }
      await processRefunds(services, trx, refundIds, payments);
      for (const id of expiring) {
        const payment = payments.get(id);
        if (payment) await expireLocked(services, trx, payment);
      }
      await trx
        .deleteFrom('jobs')
        .where(
          'id',
          'in',
          jobs.map((job) => job.id),
        )
        .execute();
      return jobs.length;
    });
    if (ran === 0) break;
    done += ran;
    if (done >= budget) return 0;
  }
  const next = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('next'))
    .executeTakeFirst();
  return next?.next == null ? undefined : Math.max(0, Number(next.next) - services.now());
}
