import type { Selectable, Transaction } from 'kysely';
import type { Database, EventsTable } from '../db/schema.js';
import type { Services } from '../domain/context.js';
import { afterAttempt, claimDue, nextDueIn, observeAttempt, post } from './delivery.js';

/** An event as the fan-out reads it from the outbox. */
export type StoredEvent = Selectable<EventsTable>;

/** What a dialect adds to its registered endpoints' deliveries: the events to send and the signature. */
export interface EndpointDialect {
  /** The events one stored event becomes (Stripe: `refund.created` also announces `charge.refunded`). */
  derive(
    trx: Transaction<Database>,
    event: StoredEvent,
  ): Promise<{ id: string; type: string; payload: string }[]>;
  headers(secret: string, payload: string, eventId: string, nowMs: number): Record<string, string>;
}

/**
 * Fans out the Stripe and Checkout events to the endpoints registered through those dialects'
 * webhook-endpoint APIs, each signed with its endpoint's own secret (the account-wide
 * `webhookUrl` is served by the shared worker). A fan-out row is written with the deliveries, in
 * one transaction with the event locked, so every event fans out exactly once across processes.
 */
export async function fanOut(services: Services, dialects: Record<string, EndpointDialect>): Promise<number> {
  const names = Object.keys(dialects);
  const pending = await services.db
    .selectFrom('events')
    .select('id')
    .where('dialect', 'in', names)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('event_fanouts').select('event_id').whereRef('event_fanouts.event_id', '=', 'events.id'),
        ),
      ),
    )
    .orderBy('seq')
    .limit(64)
    .execute();
  let queued = 0;
  for (const { id } of pending) {
    queued += await services.db.transaction().execute(async (trx) => {
      const event = await trx
        .selectFrom('events')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!event) return 0;
      const done = await trx
        .insertInto('event_fanouts')
        .values({ event_id: id, created_at: services.now() })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .returning('event_id')
        .executeTakeFirst();
      if (!done) return 0;
      const dialect = dialects[event.dialect]!;
      const endpoints = await trx
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('account_id', '=', event.account_id)
        .where('livemode', '=', event.livemode)
        .where('dialect', '=', event.dialect)
        .where('created_at', '<=', event.created_at)
        .execute();
      if (endpoints.length === 0) return 0;
      const derived = await dialect.derive(trx, event);
      const now = services.now();
      const rows = endpoints.flatMap((endpoint) => {
        const enabled = endpoint.enabled_events as unknown as string[];
        return derived
          .filter((d) => enabled.includes('*') || enabled.includes(d.type))
          .map((d) => ({
            event_id: d.id,
            endpoint_id: endpoint.id,
            dialect: event.dialect,
            url: endpoint.url,
            payload: d.payload,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
            updated_at: now,
          }));
      });
      if (rows.length > 0) await trx.insertInto('endpoint_deliveries').values(rows).execute();
      return rows.length;
    });
  }
  return queued;
}

/** Delivers due endpoint deliveries with the endpoint's current secret; retries like the shared worker. */
export async function deliverToEndpoints(
  services: Services,
  dialects: Record<string, EndpointDialect>,
  retryScale: number,
): Promise<number | undefined> {
  const queued = await fanOut(services, dialects);
  const { db } = services;
  const claimed = await claimDue(services, 'endpoint_deliveries', 16);
  await Promise.all(
    claimed.map((delivery) =>
      observeAttempt(services, 'endpoints', delivery, async () => {
        const endpoint = await db
          .selectFrom('webhook_endpoints')
          .select('secret')
          .where('id', '=', delivery.endpoint_id)
          .executeTakeFirst();
        const started = services.now();
        // A deleted endpoint gets nothing more.
        const result = endpoint
          ? await post(
              delivery.url,
              delivery.payload,
              'application/json; charset=utf-8',
              dialects[delivery.dialect]!.headers(
                endpoint.secret,
                delivery.payload,
                delivery.event_id,
                started,
              ),
            )
          : { statusCode: null, error: 'endpoint deleted' };
        const after = afterAttempt(result, delivery, services.now(), retryScale, endpoint !== undefined);
        await db.updateTable('endpoint_deliveries').set(after).where('id', '=', delivery.id).execute();
        return after;
      }),
    ),
  );
  if (queued > 0 || claimed.length > 0) return 0;
  return nextDueIn(services, 'endpoint_deliveries');
}
