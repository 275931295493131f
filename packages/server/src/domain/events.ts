import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { type EventKind, type PaymentRow, type RefundRow, renderer, type Services } from './context.js';
import { newEventId } from './ids.js';

/**
 * Writes an event and its deliveries in the caller's transaction (the outbox): the event exists if
 * and only if the change it announces was committed. A change the dialect does not announce writes nothing. The payload is rendered now, so a receiver sees
 * the object as it was when the event happened.
 */
export async function emit(
  services: Services,
  trx: Transaction<Database>,
  kind: EventKind,
  subject: { payment: PaymentRow; refund?: RefundRow },
): Promise<string | undefined> {
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
  await trx
    .insertInto('events')
    .values({
      id,
      account_id: payment.account_id,
      livemode: payment.livemode,
      dialect: payment.dialect,
      type,
      object_id: refund ? refund.id : payment.id,
      payload,
      created_at: now,
    })
    .execute();
  const urls = [...new Set([services.webhookUrl, payment.notification_url].filter((u): u is string => !!u))];
  if (urls.length > 0) {
    await trx
      .insertInto('deliveries')
      .values(
        urls.map((url) => ({
          event_id: id,
          url,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  return id;
}
