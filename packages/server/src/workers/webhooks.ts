import { createHmac } from 'node:crypto';
import type { Services } from '../domain/context.js';
import { signingKeys } from '../domain/keys.js';
import { afterAttempt, claimDue, nextDueIn, observeAttempt, post } from './delivery.js';

/** The signature scheme: HMAC-SHA256 keyed by SHA-256(secret key), over `Sec-Timestamp` + raw body, hex. */
export function sign(key: Buffer, timestamp: string, body: string): string {
  return createHmac('sha256', key).update(timestamp, 'utf8').update(body, 'utf8').digest('hex');
}

export interface DeliveryOptions {
  retryScale: number;
  /** Upper bound on deliveries taken per round. */
  batch?: number;
}

/** Claims due deliveries (SKIP LOCKED, then a lease), posts them signed, records every attempt. */
export async function deliverDue(services: Services, options: DeliveryOptions): Promise<number | undefined> {
  const { db } = services;
  const claimed = await claimDue(services, 'deliveries', options.batch ?? 16);
  if (claimed.length > 0) {
    const events = await db
      .selectFrom('events')
      .select(['id', 'account_id', 'livemode', 'payload'])
      .where(
        'id',
        'in',
        claimed.map((d) => d.event_id),
      )
      .execute();
    const byId = new Map(events.map((e) => [e.id, e]));
    const keyCache = new Map<string, Map<boolean, Buffer>>();
    await Promise.all(
      claimed.map(async (delivery) => {
        const event = byId.get(delivery.event_id)!;
        let keys = keyCache.get(event.account_id);
        if (!keys) {
          keys = await signingKeys(db, event.account_id);
          keyCache.set(event.account_id, keys);
        }
        await attempt(services, options, delivery, event, keys.get(event.livemode));
      }),
    );
    return 0;
  }
  return nextDueIn(services, 'deliveries');
}

async function attempt(
  services: Services,
  options: DeliveryOptions,
  delivery: { id: number; url: string; attempts: number; created_at: number },
  event: { id: string; payload: string },
  key: Buffer | undefined,
): Promise<void> {
  await observeAttempt(services, 'webhook_url', delivery, async () => {
    const started = services.now();
    const timestamp = String(Math.floor(started / 1000));
    const result = key
      ? await post(delivery.url, event.payload, 'application/json', {
          'sec-timestamp': timestamp,
          'sec-signature': sign(key, timestamp, event.payload),
          'sec-event-id': event.id,
        })
      : { statusCode: null, error: 'No signing key for this mode' };
    const finished = services.now();
    const after = afterAttempt(result, delivery, finished, options.retryScale);
    await services.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('delivery_attempts')
        .values({
          delivery_id: delivery.id,
          attempted_at: started,
          status_code: result.statusCode,
          error: result.error,
          duration_ms: Math.max(0, finished - started),
        })
        .execute();
      await trx.updateTable('deliveries').set(after).where('id', '=', delivery.id).execute();
    });
    return after;
  });
}
