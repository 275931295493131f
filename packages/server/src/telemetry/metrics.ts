import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Queued } from '../domain/queued.js';

/** What one scrape reads from the jobs table (one query). */
export interface QueueSample {
  /** Jobs whose time has come and that no worker has finished yet. */
  due: number;
  /** Jobs waiting for their time (a refund's `refundDelayMs`, a session's expiry). */
  scheduled: number;
  /** When the oldest refund still waiting for the processor was created (Unix ms), or null. */
  oldestPendingRefundAt: number | null;
}

/** The storage's connections at scrape time. */
export type PoolSample =
  | { kind: 'postgres'; total: number; idle: number; waiting: number }
  | { kind: 'pglite'; held: number; waiting: number };

export interface MetricsSources {
  queue(): Promise<QueueSample>;
  pool(): PoolSample;
  now(): number;
}

export type WebhookQueue = 'webhook_url' | 'endpoints';
export type WebhookOutcome = 'delivered' | 'retrying' | 'failed';

const DIALECTS = ['convergegate', 'stripe', 'checkout'] as const;
const MODES = ['test', 'live'] as const;
/** Codes of core's refund cap and their Stripe translations: nothing more to refund. */
const CAP_CODES = new Set([
  'amount_exceeds_refundable',
  'already_refunded',
  'too_many_refunds',
  'amount_too_large',
  'charge_already_refunded',
]);
const IDEMPOTENCY_CODES = new Set(['idempotency_key_in_use', 'idempotency_key_reused']);

/** Attempt numbers in a few buckets: the first tries, then "the receiver has been down a while". */
export const attemptBucket = (attempt: number): string =>
  attempt <= 3 ? String(attempt) : attempt <= 5 ? '4-5' : attempt <= 10 ? '6-10' : '11+';

export const modeOf = (livemode: boolean) => (livemode ? 'live' : 'test');

/**
 * The server's Prometheus metrics, each in a registry of its own (several servers may share a
 * process in tests). The request path only increments counters; anything that needs the database
 * is read when Prometheus scrapes. No label names an account, a customer, a payment or a refund:
 * labels are dialects, modes, currencies, route templates, status codes and fixed words.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly created: Counter<'dialect' | 'mode'>;
  private readonly succeeded: Counter<'dialect' | 'mode'>;
  private readonly failed: Counter<'dialect' | 'mode'>;
  private readonly canceled: Counter<'dialect' | 'mode'>;
  private readonly refunded: Counter<'currency' | 'mode'>;
  private readonly replays: Counter<'dialect' | 'mode'>;
  private readonly conflicts: Counter<'dialect' | 'mode' | 'code'>;
  private readonly capRefusals: Counter<'dialect' | 'mode' | 'code'>;
  private readonly deliveries: Counter<'queue' | 'outcome' | 'attempt'>;
  private readonly requests: Histogram<'method' | 'route' | 'status_code' | 'dialect'>;
  /** One queue query per scrape, shared by the gauges that read it. */
  private sampling: Promise<QueueSample | undefined> | undefined;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const perDialect = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['dialect', 'mode'] as const, registers });
    this.created = perDialect('refundkit_refunds_created_total', 'Refunds created.');
    this.succeeded = perDialect('refundkit_refunds_succeeded_total', 'Refunds that succeeded.');
    this.failed = perDialect('refundkit_refunds_failed_total', 'Refunds that failed.');
    this.canceled = perDialect('refundkit_refunds_canceled_total', 'Refunds canceled before they settled.');
    for (const counter of [this.created, this.succeeded, this.failed, this.canceled]) {
      for (const dialect of DIALECTS) for (const mode of MODES) counter.inc({ dialect, mode }, 0);
    }
    this.refunded = new Counter({
      name: 'refundkit_refunded_amount_total',
      help: 'Money refunded by succeeded refunds, in integer minor units of the currency.',
      labelNames: ['currency', 'mode'] as const,
      registers,
    });
    this.replays = perDialect(
      'refundkit_idempotent_replays_total',
      'POSTs answered with the stored response of an earlier request with the same Idempotency-Key.',
    );
    this.conflicts = new Counter({
      name: 'refundkit_idempotency_conflicts_total',
      help: 'POSTs refused over their Idempotency-Key: in use by a request in flight, or reused with other parameters.',
      labelNames: ['dialect', 'mode', 'code'] as const,
      registers,
    });
    this.capRefusals = new Counter({
      name: 'refundkit_refund_cap_refusals_total',
      help: 'Refunds refused because they would refund more than the payment has left (or more refunds than allowed).',
      labelNames: ['dialect', 'mode', 'code'] as const,
      registers,
    });
    this.deliveries = new Counter({
      name: 'refundkit_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome (delivered, retrying, failed for good) and attempt number (bucketed).',
      labelNames: ['queue', 'outcome', 'attempt'] as const,
      registers,
    });
    this.requests = new Histogram({
      name: 'refundkit_http_request_duration_seconds',
      help: 'HTTP request durations by route template (never the raw URL) and status code.',
      labelNames: ['method', 'route', 'status_code', 'dialect'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Read before the queue query is sent, so the scrape's own query is not in the figures.
    new Gauge({
      name: 'refundkit_db_pool_clients',
      help: 'Postgres pool connections: total open, idle, and requests waiting for one.',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const pool = sources.pool();
        if (pool.kind !== 'postgres') return;
        this.set({ state: 'total' }, pool.total);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
    new Gauge({
      name: 'refundkit_db_session',
      help: "PGlite's one session: held (1 while a user has it) and users waiting for it.",
      labelNames: ['state'] as const,
      registers,
      collect() {
        const pool = sources.pool();
        if (pool.kind !== 'pglite') return;
        this.set({ state: 'held' }, pool.held);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
    const sample = () => {
      this.sampling ??= sources
        .queue()
        .catch(() => undefined)
        .finally(() => {
          this.sampling = undefined;
        });
      return this.sampling;
    };
    new Gauge({
      name: 'refundkit_processor_queue_depth',
      help: 'Processor jobs: due (their time has come) and scheduled (waiting for it).',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const queue = await sample();
        this.reset();
        if (!queue) return;
        this.set({ state: 'due' }, queue.due);
        this.set({ state: 'scheduled' }, queue.scheduled);
      },
    });
    new Gauge({
      name: 'refundkit_processor_oldest_pending_refund_age_seconds',
      help: 'Age of the oldest refund waiting for the processor (0 when none waits).',
      registers,
      async collect() {
        const queue = await sample();
        this.reset();
        if (!queue) return;
        const at = queue.oldestPendingRefundAt;
        this.set(at === null ? 0 : Math.max(0, sources.now() - at) / 1000);
      },
    });
  }

  /** The refunds' changes of a committed transaction. */
  committed(queued: Queued): void {
    for (const change of queued.refunds ?? []) {
      const labels = { dialect: change.dialect, mode: modeOf(change.livemode) };
      if (change.kind === 'refund.created') this.created.inc(labels);
      else if (change.kind === 'refund.succeeded') {
        this.succeeded.inc(labels);
        // Lower case, as Stripe writes currencies: one series per currency whatever the dialect's casing.
        this.refunded.inc({ currency: change.currency.toLowerCase(), mode: labels.mode }, change.amount);
      } else if (change.kind === 'refund.failed') this.failed.inc(labels);
      else if (change.kind === 'refund.canceled') this.canceled.inc(labels);
    }
  }

  request(method: string, route: string, statusCode: number, dialect: string, seconds: number): void {
    this.requests.observe({ method, route, status_code: String(statusCode), dialect }, seconds);
  }

  replayed(dialect: string, mode: string): void {
    this.replays.inc({ dialect, mode });
  }

  /** A refusal a request ended with; counted when it is an idempotency conflict or the refund cap. */
  refused(dialect: string, mode: string, code: string): void {
    if (CAP_CODES.has(code)) this.capRefusals.inc({ dialect, mode, code });
    else if (IDEMPOTENCY_CODES.has(code)) this.conflicts.inc({ dialect, mode, code });
  }

  deliveryAttempt(queue: WebhookQueue, outcome: WebhookOutcome, attempt: number): void {
    this.deliveries.inc({ queue, outcome, attempt: attemptBucket(attempt) });
  }
}
