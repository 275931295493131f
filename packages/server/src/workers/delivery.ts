import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Services } from '../domain/context.js';
import type { WebhookOutcome, WebhookQueue } from '../telemetry/metrics.js';
import { failSpan, tracer } from '../telemetry/tracing.js';

/**
 * What the two delivery queues share: `deliveries` (the account-wide `webhookUrl`, signed with the
 * account's key) and `endpoint_deliveries` (the endpoints registered through the Stripe and Checkout
 * APIs, each signed with its own secret). Both claim the same way, post the same way and retry on
 * the same schedule.
 */
type Queue = 'deliveries' | 'endpoint_deliveries';

/** Retries after a failed attempt: four quick ones, then doubling from a minute, up to 3 days in all. */
const QUICK_MS = [1_000, 2_000, 5_000, 10_000];
const BACKOFF_START_MS = 60_000;
const RETRY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
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

/** Takes up to `batch` due deliveries: SKIP LOCKED, then a lease, so no other process posts them too. */
export async function claimDue<Q extends Queue>(
  services: Services,
  queue: Q,
  batch: number,
): Promise<Selectable<Database[Q]>[]> {
  const now = services.now();
  const claimed = await services.db
    .updateTable(queue as Queue)
    .set({ next_attempt_at: now + LEASE_MS, updated_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom(queue as Queue)
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(batch)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  // Written once over both queues, Kysely types the rows with the columns of both; each is its own.
  return claimed as Selectable<Database[Q]>[];
}

export interface Attempt {
  /** `null` when no response arrived. */
  statusCode: number | null;
  /** Why the attempt does not count as delivered; `null` for a 2xx. */
  error: string | null;
}

/** One POST of a delivery; any answer but a 2xx, a network error or a timeout is a failed attempt. */
export async function post(
  url: string,
  body: string,
  contentType: string,
  signature: Record<string, string>,
): Promise<Attempt> {
  let statusCode: number | null = null;
  let error: string | null = null;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'refundkit-server webhooks',
    ...signature,
  };
  // The attempt's trace continues at the receiver (a no-op without an SDK registered).
  propagation.inject(context.active(), headers);
  const span = trace.getActiveSpan();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    statusCode = response.status;
    span?.setAttribute('http.response.status_code', statusCode);
    await response.arrayBuffer().catch(() => undefined);
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
    span?.setAttribute('error.type', caught instanceof Error ? caught.name : 'Error');
  }
  if (error !== null) {
    if (statusCode !== null) span?.setAttribute('error.type', String(statusCode));
    span?.setStatus({ code: SpanStatusCode.ERROR, message: error });
  }
  return { statusCode, error };
}

/**
 * One attempt of a delivery (its POST and the write of what came of it) in a span of its own, the
 * POST's HTTP client span; counted by outcome and attempt number once recorded.
 */
export function observeAttempt(
  services: Services,
  queue: WebhookQueue,
  delivery: { url: string; attempts: number },
  run: () => Promise<{ status: string }>,
): Promise<void> {
  const attempt = delivery.attempts + 1;
  const target = new URL(delivery.url);
  return tracer().startActiveSpan(
    'POST',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': 'POST',
        // Without the query and user info, where a receiver may keep a token.
        'url.full': `${target.origin}${target.pathname}`,
        'server.address': target.hostname,
        'server.port': Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
        'refundkit.webhook.queue': queue,
        'refundkit.webhook.attempt': attempt,
      },
    },
    async (span) => {
      try {
        const { status } = await run();
        const outcome: WebhookOutcome =
          status === 'delivered' ? 'delivered' : status === 'failed' ? 'failed' : 'retrying';
        span.setAttribute('refundkit.webhook.outcome', outcome);
        services.metrics?.deliveryAttempt(queue, outcome, attempt);
      } catch (error) {
        failSpan(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * A delivery's columns after an attempt: delivered, pending until the next retry, or failed once the
 * window is spent (or at once when `retry` is false: there is nowhere left to deliver to).
 */
export function afterAttempt(
  attempt: Attempt,
  delivery: { attempts: number; created_at: number },
  finished: number,
  retryScale: number,
  retry = true,
) {
  const attempts = delivery.attempts + 1;
  const delay =
    attempt.error === null || !retry
      ? null
      : retryDelay(attempts, finished - delivery.created_at, retryScale);
  return {
    status: attempt.error === null ? 'delivered' : delay === null ? 'failed' : 'pending',
    attempts,
    next_attempt_at: delay === null ? finished : finished + delay,
    last_status_code: attempt.statusCode,
    last_error: attempt.error,
    updated_at: finished,
  };
}

/** How long until the queue's next pending delivery is due, or `undefined` when none is pending. */
export async function nextDueIn(services: Services, queue: Queue): Promise<number | undefined> {
  const next = await services.db
    .selectFrom(queue)
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return next?.next == null ? undefined : Math.max(0, Number(next.next) - services.now());
}
