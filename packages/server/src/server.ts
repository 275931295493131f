import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { buildApp } from './app.js';
import { openStorage } from './db/open.js';
import type { Database } from './db/schema.js';
import { checkoutEndpoints, checkoutRenderer } from './dialects/checkout/objects.js';
import { checkoutStandaloneApp } from './dialects/checkout/standalone.js';
import { convergeGateRenderer } from './dialects/convergegate/objects.js';
import { stripeRenderer } from './dialects/stripe/objects.js';
import { stripeStandaloneApp } from './dialects/stripe/standalone.js';
import { stripeEndpoints } from './dialects/stripe/webhooks.js';
import type { Services } from './domain/context.js';
import { purgeExpiredKeys } from './domain/idempotency.js';
import { ensureKeys, KeyRing } from './domain/keys.js';
import { readiness } from './telemetry/health.js';
import type { HttpTelemetry } from './telemetry/http.js';
import { Metrics, type QueueSample } from './telemetry/metrics.js';
import { listenMetrics, type MetricsListener } from './telemetry/metrics-listener.js';
import { deliverToEndpoints } from './workers/endpoint-deliveries.js';
import { Loop } from './workers/loop.js';
import { runDueJobs } from './workers/processor.js';
import { deliverDue } from './workers/webhooks.js';

export interface ServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Also serve the Stripe-compatible dialect at the root of this port (0 = any free port); off when omitted. */
  stripePort?: number;
  /** Also serve the Checkout dialect at the root of this port (0 = any free port); off when omitted. */
  checkoutPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** PGlite data directory. Without it (and without `databaseUrl`) the database lives in memory. */
  dataDir?: string;
  /** A Postgres connection string; takes precedence over `dataDir`. */
  databaseUrl?: string;
  /** Force an in-memory PGlite even when `dataDir` is set. */
  inMemory?: boolean;
  /** The account's webhook endpoint. */
  webhookUrl?: string;
  /** How long a refund stays pending before the processor finishes it. Default 2000. */
  refundDelayMs?: number;
  /** `sk_test_…`; generated (and kept in the data directory's keys.json) when omitted. */
  testKey?: string;
  /** `sk_live_…`; as `testKey`. */
  liveKey?: string;
  /** Multiplies every webhook retry delay and the 3-day window (tests: 0.001). Default 1. */
  webhookRetryScale?: number;
  /** Structured request logs (pino). Default false. */
  logger?: boolean;
  /** Run the refund processor and webhook delivery in this process. Default true. */
  workers?: boolean;
  /** Postgres pool size. Default 10. */
  poolSize?: number;
  /** How often idle workers look for work queued by other processes. Default 250 ms. */
  pollIntervalMs?: number;
  /** The time in Unix ms, for tests that move time (session expiry, key retention). Default Date.now. */
  clock?: () => number;
  /** Serve Prometheus metrics (and /healthz, /readyz) on this port (0 = any free port); off when omitted. */
  metricsPort?: number;
  /** The metrics listener's interface. Default 127.0.0.1. */
  metricsHost?: string;
}

/** What a shutdown would cut if it stopped now. */
export interface Activity {
  /** Requests not answered yet. */
  requests: number;
  /** Workers in the middle of a round (the processor's batch, webhook attempts). */
  workers: string[];
}

export interface RunningServer {
  url: string;
  port: number;
  /** The Stripe-compatible dialect's own listener (paths from `/v1`), when `stripePort` was given. */
  stripeUrl?: string | undefined;
  /** The Checkout dialect's own listener (paths from `/api`), when `checkoutPort` was given. */
  checkoutUrl?: string | undefined;
  /** The plaintext secret keys of the default account. */
  keys: { test: string; live: string };
  /** Which keys this start generated (print them: the database keeps only their hashes). */
  generatedKeys: { test: boolean; live: boolean };
  storage: 'pglite' | 'postgres';
  docsUrl: string;
  /** The typed query builder over the server's database, for inspection in tests and tools. */
  db: Kysely<Database>;
  /** The metrics listener (`/metrics`, `/healthz`, `/readyz`), when `metricsPort` was given. */
  metricsUrl?: string | undefined;
  /** What is still running: requests in flight and workers mid-round. */
  activity(): Activity;
  /**
   * Drains: /readyz answers 503 at once, the listeners stop accepting and finish the requests in
   * flight, the workers finish their round (the processor its batch, webhooks their attempts), then
   * the database and the metrics listener close.
   */
  close(): Promise<void>;
}

/** The jobs table in one query: what is due, what waits, and the oldest refund waiting. */
async function sampleQueue(db: Kysely<Database>, now: number): Promise<QueueSample> {
  const { rows } = await sql<{ due: number; scheduled: number; oldest: number | null }>`
    select count(*) filter (where run_at <= ${now})::int as due,
           count(*) filter (where run_at > ${now})::int as scheduled,
           min(created_at) filter (where kind = 'refund.process') as oldest
    from jobs`.execute(db);
  const row = rows[0];
  return {
    due: row?.due ?? 0,
    scheduled: row?.scheduled ?? 0,
    oldestPendingRefundAt: row?.oldest == null ? null : Number(row.oldest),
  };
}

export const VERSION = '0.1.0';

interface KeyFile {
  test?: string;
  live?: string;
}

function readKeyFile(path: string | undefined): KeyFile {
  if (!path || !existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
}

function checkKey(key: string | undefined, mode: 'test' | 'live'): void {
  if (key !== undefined && !(key.startsWith(`sk_${mode}_`) && key.length >= 16 && key.length <= 255)) {
    throw new Error(`The ${mode} key must start with sk_${mode}_ and be 16 to 255 characters long.`);
  }
}

/** Starts the server in this process: storage, migrations, keys, HTTP, workers. */
export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  checkKey(options.testKey, 'test');
  checkKey(options.liveKey, 'live');
  const dataDir = options.inMemory || options.databaseUrl ? undefined : options.dataDir;
  const storage = await openStorage({
    databaseUrl: options.databaseUrl,
    dataDir,
    inMemory: !options.databaseUrl && !dataDir,
    poolSize: options.poolSize,
  });
  const keyFile = dataDir ? join(dataDir, 'keys.json') : undefined;
  let cleanup = async () => storage.close();
  try {
    const stored = readKeyFile(keyFile);
    const wanted = { test: options.testKey ?? stored.test, live: options.liveKey ?? stored.live };
    const { keys, generated } = await ensureKeys(storage.db, wanted, (options.clock ?? Date.now)());
    if (!keys.test || !keys.live) {
      throw new Error(
        'This database already has secret keys, stored hashed. Pass them with --test-key/--live-key ' +
          '(or RK_TEST_KEY/RK_LIVE_KEY, or the testKey/liveKey options).',
      );
    }
    if (keyFile && (keys.test !== stored.test || keys.live !== stored.live)) {
      writeFileSync(keyFile, `${JSON.stringify({ test: keys.test, live: keys.live }, null, 2)}\n`, {
        mode: 0o600,
      });
      chmodSync(keyFile, 0o600);
    }
    const ring = await KeyRing.load(storage.db);
    let url = '';
    let wake: Services['wake'] = () => {};
    const now = options.clock ?? (() => Date.now());
    const metrics =
      options.metricsPort === undefined
        ? undefined
        : new Metrics({
            queue: () => sampleQueue(storage.db, now()),
            pool: () => storage.pool(),
            now,
          });
    let draining = false;
    const ready = () => readiness(storage.db, draining);
    const inFlight = new Set<FastifyRequest>();
    const telemetry = { metrics, inFlight };
    const dialectTelemetry = (dialect: string): HttpTelemetry => ({ ...telemetry, dialectOf: () => dialect });
    const services: Services = {
      db: storage.db,
      renderers: {
        convergegate: convergeGateRenderer(() => url),
        stripe: stripeRenderer(),
        checkout: checkoutRenderer(),
      },
      webhookUrl: options.webhookUrl,
      refundDelayMs: options.refundDelayMs ?? 2000,
      now,
      wake: (queued) => {
        metrics?.committed(queued);
        wake(queued);
      },
      metrics,
    };
    const app = await buildApp(services, ring, () => url, {
      logger: options.logger ?? false,
      version: VERSION,
      telemetry,
      readiness: ready,
    });
    cleanup = async () => {
      await app.close();
      await storage.close();
    };
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 0, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
    url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const dialectApps: {
      name: 'stripe' | 'checkout';
      port: number;
      app: FastifyInstance;
    }[] = [];
    if (options.stripePort !== undefined) {
      const stripeApp = await stripeStandaloneApp(
        services,
        ring,
        options.logger ?? false,
        dialectTelemetry('stripe'),
      );
      dialectApps.push({ name: 'stripe', port: options.stripePort, app: stripeApp });
    }
    if (options.checkoutPort !== undefined) {
      const checkoutApp = await checkoutStandaloneApp(
        services,
        ring,
        options.logger ?? false,
        dialectTelemetry('checkout'),
      );
      dialectApps.push({ name: 'checkout', port: options.checkoutPort, app: checkoutApp });
    }
    const dialectUrls: Partial<Record<'stripe' | 'checkout', string>> = {};
    const closeMain = cleanup;
    cleanup = async () => {
      await Promise.all(dialectApps.map((d) => d.app.close()));
      await closeMain();
    };
    for (const { name, port: wantedPort, app: dialectApp } of dialectApps) {
      await dialectApp.listen({ port: wantedPort, host });
      const bound = dialectApp.server.address();
      const dialectPort = typeof bound === 'object' && bound ? bound.port : 0;
      dialectUrls[name] = `http://${host.includes(':') ? `[${host}]` : host}:${dialectPort}`;
    }

    let metricsListener: MetricsListener | undefined;
    if (metrics && options.metricsPort !== undefined) {
      metricsListener = await listenMetrics(metrics, {
        port: options.metricsPort,
        host: options.metricsHost ?? '127.0.0.1',
        readiness: ready,
      });
      const closeListeners = cleanup;
      const listener = metricsListener;
      cleanup = async () => {
        await listener.close();
        await closeListeners();
      };
    }

    const loops: { name: string; loop: Loop }[] = [];
    if (options.workers !== false) {
      const poll = options.pollIntervalMs ?? 250;
      const onError = (error: unknown) => app.log.error({ err: error }, 'worker failed');
      const jobs = new Loop((signal) => runDueJobs(services, undefined, signal), poll, onError);
      const deliveries = new Loop(
        () => deliverDue(services, { retryScale: options.webhookRetryScale ?? 1 }),
        poll,
        onError,
      );
      const purge = new Loop(
        async () => {
          await purgeExpiredKeys(storage.db, services.now());
          return 3_600_000;
        },
        3_600_000,
        onError,
      );
      // Endpoints registered through the Stripe and Checkout APIs, signed with their own secrets.
      const endpointDialects = { stripe: stripeEndpoints, checkout: checkoutEndpoints };
      const endpoints = new Loop(
        () => deliverToEndpoints(services, endpointDialects, options.webhookRetryScale ?? 1),
        poll,
        onError,
      );
      wake = (queued) => {
        if (queued.jobAt !== undefined) jobs.wake(queued.jobAt - services.now());
        if (queued.deliveries) deliveries.wake();
        if ([...(queued.eventDialects ?? [])].some((dialect) => Object.hasOwn(endpointDialects, dialect))) {
          endpoints.wake();
        }
      };
      loops.push(
        { name: 'refund processor', loop: jobs },
        { name: 'webhook deliveries', loop: deliveries },
        { name: 'idempotency key purge', loop: purge },
        { name: 'endpoint deliveries', loop: endpoints },
      );
      for (const { loop } of loops) loop.start();
    }

    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      stripeUrl: dialectUrls.stripe,
      checkoutUrl: dialectUrls.checkout,
      keys: { test: keys.test, live: keys.live },
      generatedKeys: generated,
      storage: storage.kind,
      docsUrl: `${url}/docs`,
      db: storage.db,
      metricsUrl: metricsListener?.url,
      activity: () => ({
        requests: inFlight.size,
        workers: loops.filter(({ loop }) => loop.busy).map(({ name }) => name),
      }),
      close() {
        closing ??= (async () => {
          draining = true;
          // Stop taking requests and let in-flight ones finish while the workers end their round;
          // then the database; the metrics listener last, so a probe sees the drain.
          await Promise.all([
            app.close(),
            ...dialectApps.map((d) => d.app.close()),
            ...loops.map(({ loop }) => loop.stop()),
          ]);
          await storage.close();
          await metricsListener?.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
}
