import type { Dialect } from '@refundkit/core';
import type { Services } from '../domain/context.js';
import { expireLocked, findPayment } from '../domain/payments.js';
import { processRefund } from '../domain/refunds.js';

/**
 * Runs due jobs, one transaction per job: the job row is claimed with FOR UPDATE SKIP LOCKED, the
 * work is done and the row deleted in that same transaction. Two processes never take the same job,
 * and a crash before COMMIT leaves the job for the next run (restart resumes).
 * Returns the milliseconds until the next known job.
 */
export async function runDueJobs(services: Services, budget = 50): Promise<number | undefined> {
  const { db } = services;
  for (let done = 0; done < budget; done++) {
    const now = services.now();
    const ran = await db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom('jobs')
        .selectAll()
        .where('run_at', '<=', now)
        .orderBy('run_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!job) return false;
      if (job.kind === 'refund.process') {
        await processRefund(services, trx, job.ref_id);
      } else if (job.kind === 'payment.expire') {
        const head = await trx
          .selectFrom('payments')
          .selectAll()
          .where('id', '=', job.ref_id)
          .executeTakeFirst();
        if (head) {
          const scope = {
            accountId: head.account_id,
            livemode: head.livemode,
            dialect: head.dialect as Dialect,
          };
          const locked = await findPayment(trx, scope, job.ref_id, true);
          if (locked) await expireLocked(services, trx, locked);
        }
      }
      await trx.deleteFrom('jobs').where('id', '=', job.id).execute();
      return true;
    });
    if (!ran) break;
    if (done === budget - 1) return 0;
  }
  const next = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('next'))
    .executeTakeFirst();
  return next?.next == null ? undefined : Math.max(0, Number(next.next) - services.now());
}
