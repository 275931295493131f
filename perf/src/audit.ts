import type pg from 'pg';
import { waitFor } from './http.js';
import type { Acked } from './load.js';

const HOLDING = `('pending', 'requires_action', 'succeeded')`;

/**
 * Waits until no refund is pending, no refund job is queued, no webhook delivery is outstanding, and
 * every Stripe or Checkout event has been fanned out to (and delivered at) its registered endpoints.
 */
export async function settle(db: pg.Pool, { timeoutMs = 180_000 } = {}): Promise<void> {
  await waitFor(
    'refunds to finish and webhooks to be delivered',
    async () => {
      const { rows } = await db.query(
        `select (select count(*) from refunds where status = 'pending') as pending,
                (select count(*) from jobs where kind = 'refund.process') as jobs,
                (select count(*) from deliveries where status = 'pending') as deliveries,
                (select count(*) from events e where e.dialect in ('stripe', 'checkout')
                   and not exists (select 1 from event_fanouts f where f.event_id = e.id)) as unfanned,
                (select count(*) from endpoint_deliveries where status = 'pending') as endpoint_deliveries`,
      );
      const r = rows[0];
      const outstanding =
        Number(r.pending) +
        Number(r.jobs) +
        Number(r.deliveries) +
        Number(r.unfanned) +
        Number(r.endpoint_deliveries);
      return outstanding === 0 ? true : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

export interface AuditReport {
  refunds: number;
  payments: number;
  events: number;
  deliveries: number;
  /** Acknowledged refunds not found, or found under another id. */
  lostAcked: string[];
  /** Idempotency keys (`load_key`) with more than one refund. */
  duplicated: string[];
  /** Payments whose held refunds exceed the captured amount, or disagree with amount_refunded. */
  overCap: string[];
  inconsistent: string[];
  /** Refunds still pending (after settle: none may be). */
  pending: number;
  /** Refunds without exactly one `refund.created` and exactly one final event. */
  badEvents: string[];
  /** Events without a delivered delivery. */
  undelivered: number;
  /** Events the receiver never acknowledged. */
  notReceived: string[];
}

/** The correctness audit every load scenario ends with. */
export async function audit(
  db: pg.Pool,
  {
    acked,
    received,
  }: { acked: Map<string, Acked>; received?: ReadonlySet<string> | ReadonlyMap<string, unknown> },
): Promise<AuditReport> {
  const byKey = new Map<string, string[]>();
  for (const r of (
    await db.query(
      `select metadata->>'load_key' as key, array_agg(id) as ids from refunds where metadata ? 'load_key' group by 1`,
    )
  ).rows) {
    byKey.set(r.key, r.ids);
  }
  const lostAcked: string[] = [];
  for (const [key, ack] of acked) {
    const ids = byKey.get(key) ?? [];
    if (ids.length !== 1 || ids[0] !== ack.refundId)
      lostAcked.push(`${key}: told ${ack.refundId}, stored [${ids.join(', ')}]`);
  }
  const duplicated = [...byKey]
    .filter(([, ids]) => ids.length > 1)
    .map(([key, ids]) => `${key}: ${ids.join(', ')}`);

  const payments = (
    await db.query(
      `select p.id, p.captured, p.amount_refunded,
              coalesce(sum(r.amount) filter (where r.status in ${HOLDING}), 0) as held
       from payments p left join refunds r on r.payment_id = p.id group by p.id, p.captured, p.amount_refunded`,
    )
  ).rows;
  const overCap = payments
    .filter((p) => Number(p.held) > Number(p.captured))
    .map((p) => `${p.id}: ${p.held} > ${p.captured}`);
  const inconsistent = payments
    .filter((p) => Number(p.held) !== Number(p.amount_refunded))
    .map((p) => `${p.id}: amount_refunded ${p.amount_refunded}, held ${p.held}`);

  const events = (
    await db.query(
      `select r.id, r.status,
              count(e.id) filter (where e.type = 'refund.created') as created,
              count(e.id) filter (where e.type in ('refund.succeeded', 'refund.failed', 'refund.requires_action')) as finished
       from refunds r left join events e on e.object_id = r.id group by r.id, r.status`,
    )
  ).rows;
  const pending = events.filter((r) => r.status === 'pending').length;
  const badEvents = events
    .filter((r) => Number(r.created) !== 1 || (r.status !== 'pending' && Number(r.finished) !== 1))
    .map((r) => `${r.id} (${r.status}): ${r.created} created, ${r.finished} final`);

  const allEvents = (await db.query('select id from events')).rows.map((r) => r.id as string);
  const deliveryRows = (
    await db.query(
      `select count(*) as total, count(*) filter (where e.id not in (select event_id from deliveries where status = 'delivered')) as undelivered
       from events e`,
    )
  ).rows[0];
  const deliveries = Number((await db.query('select count(*) as n from deliveries')).rows[0].n);
  const notReceived = received ? allEvents.filter((id) => !received.has(id)) : [];
  return {
    refunds: events.length,
    payments: payments.length,
    events: Number(deliveryRows.total),
    deliveries,
    lostAcked,
    duplicated,
    overCap,
    inconsistent,
    pending,
    badEvents,
    undelivered: received ? Number(deliveryRows.undelivered) : 0,
    notReceived,
  };
}

export function describeAudit(report: AuditReport): string {
  return (
    `audit: ${report.refunds} refunds on ${report.payments} payments, ${report.events} events (${report.deliveries} deliveries); ` +
    `lost ${report.lostAcked.length}, duplicated ${report.duplicated.length}, over cap ${report.overCap.length}, ` +
    `inconsistent totals ${report.inconsistent.length}, pending ${report.pending}, bad event trails ${report.badEvents.length}, ` +
    `undelivered ${report.undelivered}, not received ${report.notReceived.length}`
  );
}

/** The audit's verdict as a list of failures (empty when everything holds), for one readable assertion. */
export function failures(report: AuditReport): string[] {
  const out: string[] = [];
  const add = (label: string, items: string[]) => {
    if (items.length > 0) out.push(`${label} (${items.length}): ${items.slice(0, 5).join('; ')}`);
  };
  add('acknowledged refund lost or changed', report.lostAcked);
  add('idempotency key with several refunds', report.duplicated);
  add('payment over its cap', report.overCap);
  add('amount_refunded differs from the refunds holding money', report.inconsistent);
  add('refund events not exactly once', report.badEvents);
  add('event never acknowledged by the receiver', report.notReceived);
  if (report.pending > 0) out.push(`${report.pending} refunds still pending`);
  if (report.undelivered > 0) out.push(`${report.undelivered} events without a delivered delivery`);
  return out;
}
