import { createHmac } from 'node:crypto';
import type { Services } from '../domain/context.js';
import { signingKeys } from '../domain/keys.js';

/** Retries after a failed attempt: four quick ones, then doubling from a minute, up to 3 days in all. */
const QUICK_MS = [1_000, 2_000, 5_000, 10_000];
const BACKOFF_START_MS = 60_000;
export const RETRY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
/** While a process delivers, others leave the delivery alone for this long. */
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;

/** Delay before the next attempt after `attempts` failed ones, or `null` once the window is spent. */
export function retryDelay(attempts: number, elapsedMs: number, scale: number): number | null {
  const base =
    attempts <= QUICK_MS.length
      ? QUICK_MS[attempts - 1]!
      : BACKOFF_START_MS * 2 ** (attempts - QUICK_MS.length - 1);
  const window = Math.ceil(RETRY_WINDOW_MS * scale);
  if (elapsedMs >= window) return null;
  // The last retry lands at the end of the window rather than beyond it.
  return Math.ceil(Math.min(base * scale, window - elapsedMs));
}

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
  const now = services.now();
  const claimed = await db
    .updateTable('deliveries')
    .set({ next_attempt_at: now + LEASE_MS, updated_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(options.batch ?? 16)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'event_id', 'url', 'attempts', 'created_at'])
    .execute();
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
  const next = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return next?.next == null ? undefined : Math.max(0, Number(next.next) - services.now());
}

async function attempt(
  services: Services,
  options: DeliveryOptions,
  delivery: { id: number; url: string; attempts: number; created_at: number },
  event: { id: string; payload: string },
  key: Buffer | undefined,
): Promise<void> {
  const started = services.now();
  const timestamp = String(Math.floor(started / 1000));
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    if (!key) throw new Error('No signing key for this mode');
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'refundkit-server webhooks',
        'sec-timestamp': timestamp,
        'sec-signature': sign(key, timestamp, event.payload),
        'sec-event-id': event.id,
      },
      body: event.payload,
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
    error === null ? null : retryDelay(attempts, finished - delivery.created_at, options.retryScale);
  const status = error === null ? 'delivered' : delay === null ? 'failed' : 'pending';
  await services.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('delivery_attempts')
      .values({
        delivery_id: delivery.id,
        attempted_at: started,
        status_code: statusCode,
        error,
        duration_ms: Math.max(0, finished - started),
      })
      .execute();
    await trx
      .updateTable('deliveries')
      .set({
        status,
        attempts,
        next_attempt_at: delay === null ? finished : finished + delay,
        last_status_code: statusCode,
        last_error: error,
        updated_at: finished,
      })
      .where('id', '=', delivery.id)
      .execute();
  });
}
