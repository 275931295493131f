import type { Insertable, Transaction } from 'kysely';
import type { Database, DeliveriesTable, EventsTable } from '../db/schema.js';
import { type EventKind, type PaymentRow, type RefundRow, renderer, type Services } from './context.js';
import { newEventId } from './ids.js';
import { noteEvent, type RefundChange } from './queued.js';

export interface EventRows {
  event: Insertable<EventsTable>;
  deliveries: Insertable<DeliveriesTable>[];
  /** The refund's change, when the event announces one. */
  refund?: RefundChange;
}

/**
 * The rows that announce a change: the event, rendered now (a receiver sees the object as it was
 * when the event happened), and a delivery per webhook URL. `undefined` for a change the dialect
 * does not announce. Pure, so a hot path can write them in the statement that makes the change.
 */
export function eventRows(
  services: Services,
  kind: EventKind,
  subject: { payment: PaymentRow; refund?: RefundRow },
): EventRows | undefined {
  const { payment, refund } = subject;
  const view = renderer(services, payment.dialect);
  const type = view.eventType(kind);
  if (type === undefined) return undefined;
  const now = services.now();
  const id = newEventId();
  const object = refund ? view.refund(refund) : view.payment(payment);
  const payload = JSON.stringify(
    view.event({ id, type, created_at: Math.floor(now / 1000), livemode: payment.livemode }, object),
  );
  const urls = [...new Set([services.webhookUrl, payment.notification_url].filter((u): u is string => !!u))];
  return {
    ...(refund
      ? {
          refund: {
            kind,
            dialect: payment.dialect,
            livemode: payment.livemode,
            amount: refund.amount,
            currency: refund.currency,
          },
        }
      : {}),
    event: {
      id,
      account_id: payment.account_id,
      livemode: payment.livemode,
      dialect: payment.dialect,
      type,
      object_id: refund ? refund.id : payment.id,
      payload,
      created_at: now,
    },
    deliveries: urls.map((url) => ({
      event_id: id,
      url,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
      updated_at: now,
    })),
  };
}

/**
 * Writes an event and its deliveries in the caller's transaction (the outbox): the event exists if
 * and only if the change it announces was committed. A change the dialect does not announce writes
 * nothing.
 */
export async function emit(
  services: Services,
  trx: Transaction<Database>,
  kind: EventKind,
  subject: { payment: PaymentRow; refund?: RefundRow },
): Promise<string | undefined> {
  const rows = eventRows(services, kind, subject);
  if (!rows) return undefined;
  await trx.insertInto('events').values(rows.event).execute();
  if (rows.deliveries.length > 0) await trx.insertInto('deliveries').values(rows.deliveries).execute();
  noteEvent(trx, rows.event.dialect, rows.deliveries.length, rows.refund);
  return rows.event.id;
}
