import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Services } from '../../domain/context.js';
import { retryDelay } from '../../workers/webhooks.js';

/** An event as the fan-out reads it from the outbox. */
export interface StoredEvent {
  id: string;
  account_id: string;
  livemode: boolean;
  dialect: string;
  type: string;
  object_id: string;
  payload: string;
  created_at: number;
}

/** What a dialect adds to its registered endpoints' deliveries: the events to send and the signature. */
export interface EndpointDialect {
  /** The events one stored event becomes (Stripe: `refund.created` also announces `charge.refunded`). */
  derive(
    trx: Transaction<Database>,
    event: StoredEvent,
  ): Promise<{ id: string; type: string; payload: string }[]>;
  headers(secret: string, payload: string, eventId: string, nowMs: number): Record<string, string>;
}

const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;

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
  const now = services.now();
  const claimed = await db
    .updateTable('endpoint_deliveries')
    .set({ next_attempt_at: now + LEASE_MS, updated_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('endpoint_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(16)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  await Promise.all(
    claimed.map(async (delivery) => {
      const endpoint = await db
        .selectFrom('webhook_endpoints')
        .select('secret')
        .where('id', '=', delivery.endpoint_id)
        .executeTakeFirst();
      const started = services.now();
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        // A deleted endpoint gets nothing more.
        if (!endpoint) throw new Error('endpoint deleted');
        const dialect = dialects[delivery.dialect]!;
        const response = await fetch(delivery.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'refundkit-server webhooks',
            ...dialect.headers(endpoint.secret, delivery.payload, delivery.event_id, started),
          },
          body: delivery.payload,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        statusCode = response.status;
        await response.arrayBuffer().catch(() => undefined);
        if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
      } catch (caught) {
        error = caught instanceof Error ? caught.message : String(caught);
      }
      const finished = services.now();
      const attempts = delivery.attempts + 1;
      const delay =
        error === null || !endpoint ? null : retryDelay(attempts, finished - delivery.created_at, retryScale);
      await db
        .updateTable('endpoint_deliveries')
        .set({
          status: error === null ? 'delivered' : delay === null ? 'failed' : 'pending',
          attempts,
          next_attempt_at: delay === null ? finished : finished + delay,
          last_status_code: statusCode,
          last_error: error,
          updated_at: finished,
        })
        .where('id', '=', delivery.id)
        .execute();
    }),
  );
  if (queued > 0 || claimed.length > 0) return 0;
  const next = await db
    .selectFrom('endpoint_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return next?.next == null ? undefined : Math.max(0, Number(next.next) - services.now());
}
