import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EventKind, Services } from './context.js';

/** A refund's change of status, counted (metrics) once its transaction has committed. */
export interface RefundChange {
  kind: EventKind;
  dialect: string;
  livemode: boolean;
  amount: number;
  currency: string;
}

/**
 * What a transaction queued for the background workers, noted where the rows are written and read
 * once it has committed: only the loops with new work are woken, and a job only when it is due. A
 * refund parked for a day, or an event nobody subscribed to, wakes nothing (on PGlite every needless
 * round of a worker is a turn of the one session the requests wait for).
 */
export interface Queued {
  /** The earliest `run_at` (Unix ms) of the jobs it queued. */
  jobAt?: number;
  /** It queued deliveries to a webhook URL. */
  deliveries?: boolean;
  /** The dialects of the events it wrote (registered endpoints receive some dialects' events). */
  eventDialects?: Set<string>;
  /** The refunds' changes its events announced. */
  refunds?: RefundChange[];
}

const notes = new WeakMap<Transaction<Database>, Queued>();

export function noteJob(trx: Transaction<Database>, runAt: number): void {
  const note = noteOf(trx);
  note.jobAt = Math.min(note.jobAt ?? runAt, runAt);
}

export function noteEvent(
  trx: Transaction<Database>,
  dialect: string,
  deliveries: number,
  refund?: RefundChange,
): void {
  const note = noteOf(trx);
  note.eventDialects ??= new Set();
  note.eventDialects.add(dialect);
  if (deliveries > 0) note.deliveries = true;
  if (refund) {
    note.refunds ??= [];
    note.refunds.push(refund);
  }
}

function noteOf(trx: Transaction<Database>): Queued {
  let note = notes.get(trx);
  if (!note) {
    note = {};
    notes.set(trx, note);
  }
  return note;
}

/**
 * Runs `work` in one transaction and, once it has committed, wakes the workers for what it queued
 * (and counts the refunds' changes: a rolled-back change is never counted).
 */
export async function transact<T>(
  services: Services,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  let queued: Queued | undefined;
  const result = await services.db.transaction().execute(async (trx) => {
    const value = await work(trx);
    queued = notes.get(trx);
    return value;
  });
  if (queued) services.wake(queued);
  return result;
}
